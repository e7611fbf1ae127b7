#!/usr/bin/env python3
"""Proves that `report-lint annotate` writes Word files that open cleanly.

    roundtrip.py BIN FIXTURE_DIR WORK_DIR

For each FIXTURE_DIR/X.docx:
  - `BIN annotate X.docx -o WORK/X.批注.docx`: exit code 0 or 1, the same as
    `BIN check --no-cache X.docx` (2 = failure);
  - the findings: `BIN check --format json --no-cache --exit-zero X.docx`;
  - python-docx (≥ 1.2) reads the copy: as many comments by "report-lint" as
    findings, each comment's text holding its finding's rule code (a one-to-one
    matching of comments to findings);
  - re-annotating the copy (`-o WORK/X.2.docx`) gives the same comments
    (replaced, not doubled);
  - every zip entry of the original other than word/document.xml,
    word/comments.xml, [Content_Types].xml, word/_rels/document.xml.rels,
    word/commentsExtended.xml, word/commentsIds.xml, word/commentsExtensible.xml
    is byte-identical (decompressed) in the copy, and none is missing;
plus one draft with a comment by 张三 added with python-docx: his comment
survives annotating and re-annotating. Then LibreOffice converts all
annotated copies to .odt in one call (office:annotation elements by
report-lint counted and matched to the findings, 张三's kept) and to .pdf in
one call (each PDF exists and is not empty). Exit 1 on any failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

AUTHOR = "report-lint"
OTHER_AUTHOR = "张三"
OTHER_TEXT = "请核对本段表述（张三）"
MAY_CHANGE = {"word/document.xml", "word/comments.xml", "[Content_Types].xml", "word/_rels/document.xml.rels",
              "word/commentsExtended.xml", "word/commentsIds.xml", "word/commentsExtensible.xml"}
ODF = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "dc": "http://purl.org/dc/elements/1.1/",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


class Result:
    def __init__(self, name):
        self.name = name
        self.failures: list[str] = []
        self.cols: dict[str, str] = {}

    def fail(self, msg):
        self.failures.append(msg)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def findings_of(bin_, path: Path, res: Result):
    r = run([bin_, "check", "--format", "json", "--no-cache", "--exit-zero", str(path)])
    if r.returncode != 0:
        res.fail(f"check --exit-zero exited {r.returncode}: {r.stderr.strip()[:300]}")
        return None
    try:
        return json.loads(r.stdout or "[]")
    except json.JSONDecodeError as e:
        res.fail(f"check output is not JSON: {e}")
        return None


def match_codes(texts: list[str], findings: list[dict]):
    """One-to-one matching of comment texts to findings, a comment matching a
    finding when its text contains the finding's rule code. Returns the
    unmatched (texts, findings)."""
    edges = [[j for j, f in enumerate(findings) if f["rule"] in t] for t in texts]
    owner = [-1] * len(findings)

    def augment(i, seen):
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    ok = [augment(i, set()) for i in range(len(texts))]
    return ([t for t, m in zip(texts, ok) if not m],
            [f for j, f in enumerate(findings) if owner[j] == -1])


def docx_comments(path: Path):
    """[(author, text)] of the comments python-docx reads."""
    return [(c.author, c.text) for c in Document(str(path)).comments]


def check_comments(where: str, comments, findings, res: Result):
    ours = [t for a, t in comments if a == AUTHOR]
    if len(ours) != len(findings):
        res.fail(f"{where}: {len(ours)} comment(s) by {AUTHOR}, {len(findings)} finding(s)")
    texts, fs = match_codes(ours, findings)
    for t in texts[:5]:
        res.fail(f"{where}: comment without a matching rule code: {t[:80]!r}")
    for f in fs[:5]:
        res.fail(f"{where}: no comment holds {f['rule']} ({(f.get('location') or {}).get('text', '')})")
    return len(ours)


def compare_parts(original: Path, annotated: Path, res: Result, label: str):
    a = zipfile.ZipFile(original)
    b = zipfile.ZipFile(annotated)
    names_b = set(b.namelist())
    changed, missing = [], []
    for n in a.namelist():
        if n in MAY_CHANGE:
            continue
        if n not in names_b:
            missing.append(n)
        elif a.read(n) != b.read(n):
            changed.append(n)
    if missing:
        res.fail(f"{label}: entries missing in the copy: {', '.join(missing)}")
    if changed:
        res.fail(f"{label}: entries changed in the copy: {', '.join(changed)}")
    bad = b.testzip()
    if bad:
        res.fail(f"{label}: corrupt zip entry {bad}")
    return not (missing or changed or bad)


def annotate(bin_, src: Path, dst: Path, res: Result, want_rc: int | None, label: str) -> bool:
    r = run([bin_, "annotate", str(src), "-o", str(dst)])
    res.cols.setdefault("rc", str(r.returncode))
    if r.returncode not in (0, 1):
        res.fail(f"{label}: annotate exited {r.returncode}: {r.stderr.strip()[:300]}")
        return False
    if want_rc is not None and r.returncode != want_rc:
        res.fail(f"{label}: annotate exited {r.returncode}, check exits {want_rc}")
    if not dst.exists() or dst.stat().st_size == 0:
        res.fail(f"{label}: annotate wrote no file {dst.name}")
        return False
    return True


def soffice(files: list[Path], fmt: str, outdir: Path, profile: Path) -> tuple[int, str, float]:
    outdir.mkdir(parents=True, exist_ok=True)
    if not files:  # soffice without files would wait forever
        return 0, "", 0.0
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return 127, "soffice not found", 0.0
    t0 = time.monotonic()
    cmd = [exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
           "--convert-to", fmt, "--outdir", str(outdir)] + [str(f) for f in files]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return 124, "timeout", time.monotonic() - t0
    return r.returncode, (r.stdout + r.stderr).strip(), time.monotonic() - t0


def odt_annotations(path: Path):
    """[(creator, text)] of the office:annotation elements of an .odt."""
    root = etree.fromstring(zipfile.ZipFile(path).read("content.xml"))
    out = []
    for a in root.iter(f"{{{ODF['office']}}}annotation"):
        creator = a.find(f"{{{ODF['dc']}}}creator")
        text = "".join(a.itertext())
        if creator is not None:
            text = text.replace(creator.text or "", "", 1)
        out.append(((creator.text or "") if creator is not None else "", text))
    return out


def main() -> int:
    bin_, fixture_dir, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    fixtures = sorted(fixture_dir.glob("*.docx"))
    if not fixtures:
        print(f"no .docx in {fixture_dir}")
        return 1
    t_start = time.monotonic()
    results: list[Result] = []
    expected_lo: dict[Path, tuple[list, bool]] = {}   # annotated copy → (findings, has 张三)

    def one(src: Path, name: str, other: bool = False) -> Result:
        res = Result(name)
        results.append(res)
        findings = findings_of(bin_, src, res)
        if findings is None:
            return res
        res.cols["findings"] = str(len(findings))
        want_rc = run([bin_, "check", "--no-cache", str(src)]).returncode
        out1 = work / f"{name}.批注.docx"
        if not annotate(bin_, src, out1, res, want_rc if want_rc in (0, 1) else None, "annotate"):
            return res
        try:
            comments = docx_comments(out1)
        except Exception as e:  # python-docx cannot open it
            res.fail(f"python-docx cannot read {out1.name}: {type(e).__name__}: {e}")
            return res
        res.cols["python-docx"] = str(check_comments("python-docx", comments, findings, res))
        if other:
            kept = [t for a, t in comments if a == OTHER_AUTHOR]
            if kept != [OTHER_TEXT]:
                res.fail(f"{OTHER_AUTHOR}'s comment after annotating: {kept!r} (want [{OTHER_TEXT!r}])")
            res.cols["张三"] = "kept" if kept == [OTHER_TEXT] else "LOST"
        res.cols["parts"] = "same" if compare_parts(src, out1, res, "original → annotated") else "DIFFER"
        expected_lo[out1] = (findings, other)
        # re-annotate the annotated copy: comments replaced, not doubled
        out2 = work / f"{name}.2.docx"
        if annotate(bin_, out1, out2, res, None, "re-annotate"):
            try:
                comments2 = docx_comments(out2)
                n2 = check_comments("re-annotated", comments2, findings, res)
                res.cols["re-annotate"] = str(n2)
                if other:
                    kept = [t for a, t in comments2 if a == OTHER_AUTHOR]
                    if kept != [OTHER_TEXT]:
                        res.fail(f"{OTHER_AUTHOR}'s comment after re-annotating: {kept!r}")
                compare_parts(out1, out2, res, "annotated → re-annotated")
            except Exception as e:
                res.fail(f"python-docx cannot read {out2.name}: {type(e).__name__}: {e}")
        return res

    for f in fixtures:
        one(f, f.stem)

    # a draft that already carries a reviewer's comment
    base = next((f for f in fixtures if f.stem == "defective-2021"), fixtures[0])
    doc = Document(str(base))
    first = next(p for p in doc.paragraphs if p.runs)
    doc.add_comment(first.runs, text=OTHER_TEXT, author=OTHER_AUTHOR, initials="ZS")
    with_other = work / "with-zhangsan.docx"
    doc.save(str(with_other))
    one(with_other, "with-zhangsan", other=True)
    t_tool = time.monotonic() - t_start

    # LibreOffice: all annotated copies in one call per format
    copies = [p for p in expected_lo]
    profile = Path(os.environ.get("TMPDIR", "/tmp")) / f"lo-roundtrip-{os.getpid()}"
    lo_times = {}
    try:
        rc, log, lo_times["odt"] = soffice(copies, "odt", work / "odt", profile)
        if rc != 0:
            for res in results:
                res.fail(f"soffice --convert-to odt exited {rc}: {log[-300:]}")
        rc, log, lo_times["pdf"] = soffice(copies, "pdf", work / "pdf", profile)
        if rc != 0:
            for res in results:
                res.fail(f"soffice --convert-to pdf exited {rc}: {log[-300:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    by_name = {r.name: r for r in results}
    for copy, (findings, other) in expected_lo.items():
        res = by_name[copy.name[: -len(".批注.docx")]]
        stem = copy.name[: -len(".docx")]
        odt = work / "odt" / f"{stem}.odt"
        if not odt.exists():
            res.fail(f"LibreOffice wrote no {odt.name}")
            res.cols["LibreOffice"] = "-"
        else:
            try:
                notes = odt_annotations(odt)
            except Exception as e:
                res.fail(f"{odt.name}: cannot read content.xml: {e}")
                notes = []
            ours = [t for a, t in notes if a == AUTHOR]
            res.cols["LibreOffice"] = str(len(ours))
            if len(ours) != len(findings):
                res.fail(f"LibreOffice: {len(ours)} annotation(s) by {AUTHOR}, {len(findings)} finding(s)")
            texts, fs = match_codes(ours, findings)
            for t in texts[:3]:
                res.fail(f"LibreOffice: annotation without a matching rule code: {t[:80]!r}")
            for f in fs[:3]:
                res.fail(f"LibreOffice: no annotation holds {f['rule']}")
            if other and not any(a == OTHER_AUTHOR and OTHER_TEXT in t for a, t in notes):
                res.fail(f"LibreOffice: {OTHER_AUTHOR}'s annotation is missing")
        pdf = work / "pdf" / f"{stem}.pdf"
        ok = pdf.exists() and pdf.stat().st_size > 0 and pdf.read_bytes()[:5] == b"%PDF-"
        res.cols["pdf"] = f"{pdf.stat().st_size // 1024} KB" if ok else "MISSING"
        if not ok:
            res.fail(f"LibreOffice wrote no (or an empty) {pdf.name}")

    # summary
    cols = ["findings", "rc", "python-docx", "re-annotate", "LibreOffice", "pdf", "parts", "张三"]
    width = max(len(r.name) for r in results) + 2
    print(f"{'draft':<{width}}" + "".join(f"{c:>13}" for c in cols) + "  result")
    for r in results:
        print(f"{r.name:<{width}}" + "".join(f"{r.cols.get(c, '-'):>13}" for c in cols)
              + ("  ok" if not r.failures else "  FAIL"))
    failed = [r for r in results if r.failures]
    for r in failed:
        print(f"-- {r.name}")
        for msg in r.failures:
            print(f"     {msg}")
    print(f"times: report-lint + python-docx {t_tool:.1f} s; LibreOffice odt {lo_times.get('odt', 0):.1f} s, "
          f"pdf {lo_times.get('pdf', 0):.1f} s")
    print(f"docx-roundtrip: {len(results) - len(failed)}/{len(results)} drafts ok — {'PASS' if not failed else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
