"""Smoke test of `report-lint lsp` with an independent client (pytest-lsp / pygls).

The server binary comes from $REPORT_LINT_BIN (set by run.sh). Each test runs a
fresh server with the capabilities of a real editor, opens seed 000 and expects
the N001 diagnostic on the second "1." under （六）其他处理, with a quick-fix.
"""

import asyncio
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
SEED = REPO / "fixtures" / "seeds" / "000_f866b5b8ecaa5ac0.txt"
BIN = os.environ.get("REPORT_LINT_BIN", str(REPO / "target" / "debug" / "report-lint"))


def second_numbered_one(text: str) -> int:
    """0-based line of the second "1." sub-row under （六）其他處理."""
    in_other, seen = False, 0
    for number, line in enumerate(text.split("\n")):
        if ("其他處理" in line or "其他处理" in line) and "六" in line:
            in_other, seen = True, 0
        elif in_other and line.startswith("1."):
            seen += 1
            if seen == 2:
                return number
    raise AssertionError("fixture lost its second 1.")


@pytest_lsp.fixture(
    # "+pull": the client also offers pull diagnostics (textDocument/diagnostic),
    # which current VS Code uses instead of publishDiagnostics.
    params=["visual-studio-code", "neovim@v0.7.0", "visual-studio-code+pull"],
    config=ClientServerConfig(server_command=[BIN, "lsp", "--stdio"]),
)
async def client(request, lsp_client: LanguageClient):
    # Real editors accept dynamic registrations (the server watches
    # report-lint.toml this way when the client offers it); the bare test
    # client has no handler for them.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)

    @lsp_client.feature(types.CLIENT_UNREGISTER_CAPABILITY)
    def unregister_capability(params: types.UnregistrationParams) -> None:
        return None

    lsp_client.registrations = []
    name, _, mode = request.param.partition("+")
    capabilities = client_capabilities(name)
    if mode == "pull":
        capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
            dynamic_registration=False, related_document_support=False
        )
    lsp_client.pull = mode == "pull"
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, root_uri=SEED.parent.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics_of(client: LanguageClient, uri: str, wait: float) -> list[types.Diagnostic]:
    """The document's diagnostics: pulled when the client pulls, else the
    latest publication (waiting up to `wait` seconds for one)."""
    if client.pull:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert report.kind == "full", report
        return list(report.items)
    try:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), wait)
    except asyncio.TimeoutError:
        pass
    return list(client.diagnostics.get(uri, []))


async def test_n001_diagnostic_and_quick_fix(client: LanguageClient, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(text, encoding="utf-8")
    uri = report.as_uri()
    line = second_numbered_one(text)

    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    found = await diagnostics_of(client, uri, wait=20)
    n001 = [d for d in found if d.code == "N001"]
    assert len(n001) == 1, found
    diagnostic = n001[0]
    assert diagnostic.range.start.line == line
    assert diagnostic.range.start.character == 0
    assert diagnostic.message

    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    fixes = [
        a
        for a in actions or []
        if isinstance(a, types.CodeAction) and a.kind == types.CodeActionKind.QuickFix and "2" in a.title
    ]
    assert fixes, actions
    fix = fixes[0]
    if fix.edit is None and fix.data is not None:
        fix = await client.code_action_resolve_async(fix)
    assert fix.edit is not None
    edits = [e for doc in (fix.edit.document_changes or []) for e in getattr(doc, "edits", [])]
    edits += [e for es in (fix.edit.changes or {}).values() for e in es]
    assert any(e.new_text.startswith("2") and e.range.start.line == line for e in edits), edits


async def test_non_report_gets_no_diagnostics(client: LanguageClient, tmp_path):
    notes = tmp_path / "notes.md"
    text = "# 会议纪要\n\n1. 讨论了预算。\n1. 讨论了人员。\n"
    notes.write_text(text, encoding="utf-8")
    uri = notes.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    # A push server may publish an empty list or nothing at all: give it a moment.
    assert await diagnostics_of(client, uri, wait=2) == []
