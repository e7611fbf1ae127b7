#!/usr/bin/env python3
"""What report-lint finds in PDFs and PDF text, against the oracle.

    compare.py WORK [--fixtures-dir fixtures/pdf]

WORK is the folder tests/pdf-corpus/run.sh fills:

    WORK/corpus/docx/oracle.json, meta.json   the Word corpus's oracle (fixtures/docx/generate.py --corpus)
    WORK/corpus/{pdf,layout,reading,raw,pdfjs}/   the five forms of every draft, same stems
    WORK/corpus/browser/                      Chromium's PDFs of the drafts without automatic numbering
    WORK/results/corpus-FORM.json             `check --format json` on WORK/corpus/FORM
    WORK/results/corpus-FORM.report.json      `check --format json-report` on the same (who was read)
    WORK/results/fixtures-FORM.json, .report.json   the same on the fixtures/pdf files of that form
    WORK/results/*.rc                         exit codes

FORM is `pdf` (X.pdf), `browser` (X.pdf printed by Chromium from LibreOffice's
web page of the draft: fixtures/pdf-browser/generate.py), `layout` (`pdftotext -layout`), `reading` (`pdftotext`),
`raw` (`pdftotext -raw`: content-stream order) or `pdfjs` (the text pdf.js,
Firefox's viewer, extracts: tests/pdf-corpus/pdfjs-text.mjs; content order too).

Matching a planted finding (an oracle entry: code, place in Word terms) to
what the tool reports on the same file — same code, and:

- .pdf: a table place (`表三“ROW”行“COL”列`, `表三“ROW”行的行名`, `表四“GROUP”“COL”列`)
  must start `location.text`; a paragraph (`第N段`) must be reported on a page
  (`location.text` starts `第<digits>页`; in fixtures/pdf the .expected names
  the page, `第N页`, which must start `location.text`); `-` matches anywhere;
- browser (a PDF paginated by Chromium, not LibreOffice): table places as for
  .pdf, prose findings by code;
- text forms (layout, reading, raw, pdfjs: no location object): a table place must
  be named by the message, per code (MESSAGE_RULES below; e.g. B001 `“（三）4”行总计应为`,
  B002 `（七）总计“商业企业”列`, B003 `“自然人”列：`, B004 `行政复议总计`,
  C001/C002 `表三“（三）4”行“社会公益组织”列` or `表四“行政复议”的“结果维持”`,
  C003 `“（四）1”一行` or `行政复议、行政诉讼情况表`, N001 `（五）…下第4项`); prose
  findings (P001, P002, S001–S005) match by code.

One finding answers one entry (maximum matching). An extra is a finding of an
oracle code (S001–S005, B001–B004, C001–C003, N001, P001, P002) left
unmatched. On a clean draft (no entry) every error or warning of any code is a
false alarm. A file the tool did not read (exit 2 / `failures`, or not taken by
the folder walk, or skipped as not a report) is "not read": its entries count
as missed. Recall = entries found / entries planted (consequences such as the
B002 a wrong row total causes included); recall per class counts the primary
finding of each planted defect (meta.json).

Targets (percent; environment): PDF_CORPUS_RECALL_PDF (95), PDF_CORPUS_RECALL_BROWSER (95),
PDF_CORPUS_RECALL_LAYOUT (95), PDF_CORPUS_RECALL_READING (90),
PDF_CORPUS_RECALL_RAW (90), PDF_CORPUS_RECALL_PDFJS (90),
PDF_CORPUS_CLEAN_NOISE (0: errors/warnings on clean drafts, per form),
PDF_CORPUS_MAX_UNREAD (0: files not read, per form), and every fixtures/pdf
file as its .expected says; PDF_CORPUS_ENFORCE
(pdf,browser,layout,reading,raw,pdfjs by default) names the forms whose targets fail the
run. With --readme, every figure README.md states about the corpus (a row
per form: README_ROWS) must be the one measured; a form whose row is
missing counts as missed figures. PDF_CORPUS_REPORT_ONLY=1: print, exit 0.
PDF_CORPUS_VERBOSE=1: list every differing file. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

SCOPE = ["S001", "S002", "S003", "S004", "S005", "B001", "B002", "B003", "B004",
         "C001", "C002", "C003", "N001", "P001", "P002"]


def _unreadable_code() -> str:
    """The "could not check this PDF" code the hostile fixtures expect: one
    constant, in fixtures/pdf/generate.py."""
    import importlib.util
    path = Path(__file__).resolve().parent.parent.parent / "fixtures" / "pdf" / "generate.py"
    spec = importlib.util.spec_from_file_location("report_lint_pdf_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.UNREADABLE_CODE


UNREADABLE_CODE = _unreadable_code()
LOUD = ("error", "warning")
FORMS = ["pdf", "browser", "layout", "reading", "raw", "pdfjs"]
FORM_LABEL = {"pdf": ".pdf (PDF reader)", "browser": ".pdf printed by Chromium from the web page (PDF reader)",
              "layout": "pdftotext -layout", "reading": "pdftotext (reading order)",
              "raw": "pdftotext -raw (content-stream order)", "pdfjs": "pdf.js (Firefox's viewer): content order"}
FIXTURE_SUFFIX = {"pdf": ".pdf", "layout": ".layout.txt", "reading": ".reading.txt", "raw": ".raw.txt",
                  "pdfjs": ".pdfjs.txt"}
CORPUS_SUFFIX = {"pdf": ".pdf", "browser": ".pdf", "layout": ".txt", "reading": ".txt", "raw": ".txt", "pdfjs": ".txt"}

T3_CELL = re.compile(r"^表三“(?P<row>[^”]+)”行“(?P<col>[^”]+)”列$")
T3_LABEL = re.compile(r"^表三“(?P<row>[^”]+)”行的行名$")
T4_CELL = re.compile(r"^表四“(?P<group>[^”]+)”“(?P<col>[^”]+)”列$")
PARA = re.compile(r"^第\d+段$")
PAGE = re.compile(r"^第\d+页$")
SUBROW = re.compile(r"^(?P<group>（[一二三四五六七]）)(?P<k>\d+)$")


def env_pct(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


# --------------------------------------------------------------------------
# Matching rules
# --------------------------------------------------------------------------

def message_rule(code: str, place: str):
    """For the text forms: (predicate on the message, description) naming the
    place of a table finding, or None when the message cannot name it."""
    c3, l3, c4 = T3_CELL.match(place), T3_LABEL.match(place), T4_CELL.match(place)
    if code == "B001" and c3:
        s = f"“{c3['row']}”行总计应为"
        return (lambda m: s in m), s
    if code == "B002" and c3:
        s = f"（七）总计“{c3['col']}”列"
        return (lambda m: s in m), s
    if code == "B003" and c3:
        s = f"“{c3['col']}”列："
        return (lambda m: m.startswith(s)), s + "…"
    if code == "B004" and c4:
        s = f"{c4['group']}总计应为"
        return (lambda m: m.startswith(s)), s + "…"
    if code in ("C001", "C002") and c3:
        s = f"表三“{c3['row']}”行“{c3['col']}”列"
        return (lambda m: s in m), s
    if code in ("C001", "C002") and c4:
        s = f"表四“{c4['group']}”的“{c4['col']}”"
        return (lambda m: s in m), s
    if code == "C003" and (c3 or l3):
        s = f"“{(c3 or l3)['row']}”一行"
        return (lambda m: s in m), s
    if code == "C003" and place.startswith("表四"):
        s = "行政复议、行政诉讼情况表"
        return (lambda m: s in m), s
    if code == "N001" and l3:
        sub = SUBROW.match(l3["row"])
        if sub:
            g, s = sub["group"], f"下第{sub['k']}项"
            return (lambda m: m.startswith(g) and s in m), f"{g}…{s}"
    return None


def loc_text(f) -> str:
    loc = f.get("location")
    return (loc.get("text") or "") if isinstance(loc, dict) else ""


def predicate(form: str, code: str, place: str):
    """(finding → bool, how) for one expected entry; how is location, page, message or code."""
    def same(f):
        return f.get("rule") == code
    if place in ("-", "", None):
        return same, "code"
    if form == "browser":
        # The reader names table cells as for any PDF; its pages are not
        # LibreOffice's, so prose findings are matched by code.
        if place.startswith("表"):
            return (lambda f: same(f) and loc_text(f).startswith(place)), "location"
        return same, "code"
    if form == "pdf":
        if place.startswith("表"):
            return (lambda f: same(f) and loc_text(f).startswith(place)), "location"
        if PARA.match(place):
            return (lambda f: same(f) and re.match(r"^第\d+页", loc_text(f)) is not None), "page"
        if PAGE.match(place):
            return (lambda f: same(f) and re.match(re.escape(place) + r"(?!\d)", loc_text(f)) is not None), "page"
        return (lambda f: same(f) and loc_text(f).startswith(place)), "location"
    if place.startswith("表"):
        rule = message_rule(code, place)
        if rule:
            test = rule[0]
            return (lambda f: same(f) and test(f.get("message", ""))), "message"
    return same, "code"


def match(form: str, expected, found):
    """Maximum matching of expected entries to findings (Kuhn). Returns
    (hit flags per entry, unmatched findings, how per entry)."""
    preds = [predicate(form, code, place) for code, place in expected]
    edges = [[j for j, f in enumerate(found) if p(f)] for p, _ in preds]
    owner = [-1] * len(found)

    def augment(i, seen):
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    hits = [augment(i, set()) for i in range(len(expected))]
    unmatched = [f for j, f in enumerate(found) if owner[j] == -1]
    return hits, unmatched, [how for _, how in preds]


# --------------------------------------------------------------------------
# Reading the tool's output
# --------------------------------------------------------------------------

def load_json(path: Path, default):
    try:
        text = path.read_text(encoding="utf-8").strip()
        return json.loads(text) if text else default
    except (OSError, ValueError):
        return default


def read_status(report: dict, names: list[str], key) -> dict[str, tuple[str, str]]:
    """name → (status, detail): read / failed / not read."""
    files = {key(f.get("path", "")): f for f in report.get("files", []) if isinstance(f, dict)}
    fails = {key(f.get("path", "")): f.get("message", "") for f in report.get("failures", []) if isinstance(f, dict)}
    out = {}
    for n in names:
        if n in files:
            out[n] = ("read", files[n])
        elif n in fails:
            out[n] = ("failed", fails[n])
        else:
            out[n] = ("not read", "")
    return out


def short(f, width=90) -> str:
    where = loc_text(f)
    line = (f.get("range") or {}).get("start", {}).get("line")
    at = f" @{where}" if where else (f" line {line}" if line else "")
    msg = f.get("message", "").replace("\n", " ")
    msg = msg if len(msg) <= width else msg[:width] + "…"
    return f"{f.get('rule')} {f.get('severity', '?')}{at}: {msg}"


# --------------------------------------------------------------------------
# One form
# --------------------------------------------------------------------------

class Result:
    def __init__(self, form: str, label: str):
        self.form, self.label = form, label
        self.entries = self.found = 0
        self.per_code = defaultdict(Counter)          # code → expected/found/extra
        self.per_class = defaultdict(list)            # class → [hit…]
        self.how = Counter()                          # how entries were matched (found ones)
        self.status = Counter()
        self.failed_examples = []
        self.clean_total = self.clean_quiet = 0
        self.clean_noise = 0
        self.noise_codes = defaultdict(lambda: [0, set(), None])   # code → [count, files, example]
        self.extras = 0
        self.extra_codes = defaultdict(lambda: [0, None])
        self.misread = []
        self.checked_clean = Counter()
        self.diffs = []

    def recall(self) -> float:
        return 100.0 * self.found / self.entries if self.entries else 100.0


def evaluate(form: str, label: str, expected: dict[str, list], findings: list, report: dict,
             key, meta: dict | None = None, hostile: set | None = None) -> Result:
    r = Result(form, label)
    by_file = defaultdict(list)
    for f in findings:
        if isinstance(f, dict):
            by_file[key(f.get("path", ""))].append(f)
    status = read_status(report, list(expected), key)
    for name in sorted(expected):
        entries = expected[name]
        found = by_file.get(name, [])
        st, detail = status[name]
        r.status[st] += 1
        if st == "failed" and len(r.failed_examples) < 3:
            r.failed_examples.append(f"{name}: {detail}")
        scope = SCOPE + [UNREADABLE_CODE]
        scoped = [f for f in found if f.get("rule") in scope]
        hits, unmatched, hows = match(form, entries, scoped)
        r.entries += len(entries)
        r.found += sum(hits)
        for (code, place), hit, how in zip(entries, hits, hows):
            r.per_code[code]["expected"] += 1
            r.per_code[code]["found"] += hit
            if hit:
                r.how[how] += 1
        for f in unmatched:
            r.extras += 1
            r.per_code[f["rule"]]["extra"] += 1
            e = r.extra_codes[f["rule"]]
            e[0] += 1
            e[1] = e[1] or (name, f)
        m = (meta or {}).get(name, {})
        for cls, code, loc in m.get("planted", []):
            ok = any(h for (c, p), h in zip(entries, hits) if c == code and (loc is None or p == loc)) and \
                all(h for (c, p), h in zip(entries, hits) if c == code and (loc is None or p == loc))
            r.per_class[cls].append(ok)
        noise = []
        if hostile and name in hostile:
            noise = [f for f in found if f.get("rule") != UNREADABLE_CODE]
        elif not entries:
            r.clean_total += 1
            noise = [f for f in found if f.get("severity") in LOUD]
            r.clean_quiet += (not noise and st == "read")
            r.clean_noise += len(noise)
            for f in noise:
                n = r.noise_codes[f.get("rule")]
                n[0] += 1
                n[1].add(name)
                n[2] = n[2] or (name, f)
        if st == "read" and m:
            rep = detail
            agency_wrong = not m.get("traditional") and rep.get("agency") != m.get("agency")
            if str(rep.get("template")) != str(m.get("template")) or rep.get("year") != m.get("year") \
                    or agency_wrong:
                r.misread.append(f"{name}: read as template {rep.get('template')}, year {rep.get('year')}, "
                                 f"agency {rep.get('agency')}; drafted as {m.get('template')}, {m.get('year')}, "
                                 f"{m.get('agency')}")
            if not entries:
                tables = set(m.get("tables", ["三", "四"]))
                ok = True
                for c in rep.get("checks", []):
                    need = c.get("rule") in ("B001", "B002", "B003") and "三" in tables or \
                        c.get("rule") == "B004" and "四" in tables
                    if need and c.get("verdict") != "held":
                        ok = False
                r.checked_clean[ok] += 1
        missing = [(c, p) for (c, p), h in zip(entries, hits) if not h]
        if missing or unmatched or noise or st != "read":
            lines = [f"  {name}: {st}{' (' + str(detail)[:80] + ')' if st == 'failed' else ''}; "
                     f"{sum(hits)}/{len(entries)} found"]
            lines += [f"      missing   {c} {p}" for c, p in missing]
            lines += [f"      extra     {short(f)}" for f in unmatched]
            lines += [f"      {'noise' if entries or (hostile and name in hostile) else 'clean-noise'} "
                      f"{short(f)}" for f in noise[:6]]
            if len(noise) > 6:
                lines.append(f"      … {len(noise) - 6} more errors/warnings")
            r.diffs.append(lines)
    return r


def print_result(r: Result, verbose: bool, limit: int = 8) -> None:
    n = sum(r.status.values())
    print(f"== {r.label}: {n} files, {r.entries} planted findings, {r.clean_total} clean")
    status = ", ".join(f"{k} {r.status[k]}" for k in ("read", "failed", "not read") if r.status[k])
    print(f"   files: {status}")
    for ex in r.failed_examples:
        print(f"     e.g. {ex}")
    if r.status["not read"]:
        print("     (not read: not taken by the folder walk, or skipped as not a report)")
    print(f"   recall: {r.found}/{r.entries} = {r.recall():.1f}%"
          + (f"   (matched by {', '.join(f'{k} {v}' for k, v in sorted(r.how.items()))})" if r.how else ""))
    if r.per_class:
        print(f"   {'class':<7}{'planted':>8}{'found':>7}{'recall':>8}")
        for cls in sorted(r.per_class, key=lambda c: SCOPE.index(c) if c in SCOPE else 99):
            hits = r.per_class[cls]
            print(f"   {cls:<7}{len(hits):>8}{sum(hits):>7}{100.0 * sum(hits) / len(hits):>7.0f}%")
    print(f"   {'code':<15}{'expected':>9}{'found':>7}{'extra':>7}")
    for code in SCOPE + [UNREADABLE_CODE]:
        c = r.per_code.get(code)
        if c and (c["expected"] or c["extra"]):
            print(f"   {code:<15}{c['expected']:>9}{c['found']:>7}{c['extra']:>7}")
    print(f"   extras (oracle codes not planted): {r.extras}")
    for code, (count, (name, f)) in sorted(r.extra_codes.items(), key=lambda kv: -kv[1][0])[:6]:
        print(f"     {code} ×{count}, e.g. {name}: {short(f)}")
    if r.clean_total:
        print(f"   clean files with no error/warning: {r.clean_quiet}/{r.clean_total}; "
              f"false alarms (errors+warnings on clean files): {r.clean_noise}")
        for code, (count, files, (name, f)) in sorted(r.noise_codes.items(), key=lambda kv: -kv[1][0])[:10]:
            print(f"     {code:<5} ×{count:<4} in {len(files):>2} file(s), e.g. {name}: {short(f, 110)}")
    if r.checked_clean:
        print(f"   clean files with every table identity checked (B001–B004 held, json-report): "
              f"{r.checked_clean[True]}/{sum(r.checked_clean.values())}")
    if r.misread:
        print(f"   read with the wrong template, year or agency (json-report): {len(r.misread)}, e.g. {r.misread[0]}")
    if r.diffs:
        shown = r.diffs if verbose else r.diffs[:limit]
        print(f"-- {len(r.diffs)} file(s) differ from the oracle{'' if verbose else ' (first ' + str(len(shown)) + ')'}:")
        for lines in shown:
            print("\n".join(lines))
        if len(shown) < len(r.diffs):
            print(f"  … {len(r.diffs) - len(shown)} more (PDF_CORPUS_VERBOSE=1 lists all)")


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def self_test(oracle: dict, findings: list) -> tuple[int, int, list[str]]:
    """The message rules against the Word drafts, where every finding has both a
    message and a location: for every table entry of the oracle, a finding of
    its code must satisfy the message rule exactly when its location.text
    starts with the place. Returns (entries checked, entries without a rule,
    disagreements)."""
    by_file = defaultdict(list)
    for f in findings:
        if isinstance(f, dict):
            by_file[Path(f.get("path", "")).stem].append(f)
    checked, no_rule, bad = 0, 0, []
    for name, entries in sorted(oracle.items()):
        for code, place in entries:
            if not place.startswith("表"):
                continue
            rule = message_rule(code, place)
            if rule is None:
                no_rule += 1
                continue
            checked += 1
            for f in by_file.get(name, []):
                if f.get("rule") != code:
                    continue
                by_loc = loc_text(f).startswith(place)
                by_msg = rule[0](f.get("message", ""))
                if by_loc != by_msg:
                    bad.append(f"{name}: {code} {place}: the message rule “{rule[1]}” "
                               f"{'misses' if by_loc else 'also takes'} {short(f)}")
    return checked, no_rule, bad


def fixture_expectations(fixtures: Path, form: str) -> tuple[dict, set]:
    """name → [(code, place)] for the fixtures of a form. Text forms whose
    .expected says `-` take the places from the sibling X.pdf.expected; the
    content-order forms' .expected (raw, pdfjs) names its places itself (it lists less: see
    fixtures/pdf/README.md)."""
    out, hostile = {}, set()
    suffix = FIXTURE_SUFFIX[form]
    for exp in sorted(fixtures.glob(f"*{suffix}.expected")):
        name = exp.name[: -len(".expected")]
        lines = [tuple(l.split("\t", 1)) for l in exp.read_text(encoding="utf-8").splitlines() if l.strip()]
        if form != "pdf" and all(place == "-" for _, place in lines):
            stem = name[: -len(suffix)]
            pdf_exp = fixtures / f"{stem}.pdf.expected"
            if pdf_exp.exists():
                pdf_lines = [tuple(l.split("\t", 1)) for l in pdf_exp.read_text(encoding="utf-8").splitlines()
                             if l.strip()]
                if sorted(c for c, _ in pdf_lines) == sorted(c for c, _ in lines):
                    lines = pdf_lines
                else:
                    print(f"   (warning: {exp.name} and {pdf_exp.name} list different codes; matching by code only)")
        if any(c == UNREADABLE_CODE for c, _ in lines):
            hostile.add(name)
        out[name] = lines
    return out, hostile


README_ROWS = {"pdf": "| PDF 文件 |", "browser": "| 浏览器打印的 PDF |", "layout": "| `pdftotext -layout` 的文字 |",
               "reading": "| `pdftotext`（不加 `-layout`）的文字 |", "raw": "| `pdftotext -raw` 的文字 |",
               "pdfjs": "| pdf.js 取出的文字 |"}


def pct(value: float) -> str:
    """A recall as the README writes it: one decimal, none for a whole number."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def readme_figures(readme: Path, results: dict, oracle: dict, reading: list) -> list:
    """The figures README.md states about this corpus, each with whether it is
    what this run measured: (what, stated, measured). The README's table is
    only honest if it is checked by the run that produces it."""
    text = readme.read_text(encoding="utf-8")
    out = []
    for form, prefix in README_ROWS.items():
        r = results.get(form)
        line = next((l for l in text.splitlines() if l.startswith(prefix)), None)
        if r is None:
            out.append((f"README row {prefix}", "missing" if line is None else "present", "not run"))
            continue
        # A missing row (or one with too few cells) states nothing: its
        # figures are reported as missed, the measured ones beside them.
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line is not None else []
        cells += [""] * (3 - len(cells))
        stated_recall = re.match(r"[\d.]+%", cells[1])
        stated_noise = re.match(r"\d+", cells[2])
        where = "" if line is not None else f" (no row {prefix})"
        out.append((f"{form} recall{where}", stated_recall and stated_recall.group(0), f"{pct(r.recall())}%"))
        out.append((f"{form} errors/warnings on clean drafts{where}", stated_noise and stated_noise.group(0),
                    str(r.clean_noise)))
        if form == "browser":
            m = re.search(r"（(\d+) 份，含 (\d+) 个预置问题、(\d+) 份没有问题", cells[1])
            measured = (str(sum(r.status.values())), str(r.entries), str(r.clean_total))
            out.append(("browser drafts (files, planted, clean)", m and ", ".join(m.groups()), ", ".join(measured)))
    any_r = next(iter(results.values()), None)
    if any_r is not None:
        m = re.search(r"（Word 草稿 → .*?，(\d+) 份，含 (\d+) 个预置问题、(\d+) 份没有问题）", text)
        stated = m.groups() if m else None
        measured = (str(sum(any_r.status.values())), str(any_r.entries), str(any_r.clean_total))
        out.append(("corpus size (files, planted, clean)", stated and ", ".join(stated), ", ".join(measured)))
    clean = {stem for stem in (Path(d["path"]).stem for d in reading) if not oracle.get(stem)}
    m = re.search(r"C003 提示“未核对该表”，共 (\d+) 条", text)
    c003 = sum(1 for d in reading if d.get("rule") == "C003" and Path(d["path"]).stem in clean)
    out.append(("C003 on clean reading-order texts", m and m.group(1), str(c003)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("work", type=Path)
    ap.add_argument("--fixtures-dir", type=Path)
    ap.add_argument("--readme", type=Path, help="check the figures this README states (default corpus only)")
    args = ap.parse_args()
    work, res = args.work, args.work / "results"
    verbose = os.environ.get("PDF_CORPUS_VERBOSE") == "1"
    report_only = os.environ.get("PDF_CORPUS_REPORT_ONLY") == "1"
    targets = {"pdf": env_pct("PDF_CORPUS_RECALL_PDF", 95), "browser": env_pct("PDF_CORPUS_RECALL_BROWSER", 95),
               "layout": env_pct("PDF_CORPUS_RECALL_LAYOUT", 95),
               "reading": env_pct("PDF_CORPUS_RECALL_READING", 90), "raw": env_pct("PDF_CORPUS_RECALL_RAW", 90),
               "pdfjs": env_pct("PDF_CORPUS_RECALL_PDFJS", 90)}
    max_noise = env_pct("PDF_CORPUS_CLEAN_NOISE", 0)
    # The forms whose targets fail the run; the others are reported only.
    enforced = set(os.environ.get("PDF_CORPUS_ENFORCE", ",".join(FORMS)).split(","))
    max_unread = env_pct("PDF_CORPUS_MAX_UNREAD", 0)

    oracle = {Path(k).stem: [tuple(x) for x in v] for k, v in
              load_json(work / "corpus" / "docx" / "oracle.json", {}).items()}
    meta = {Path(k).stem: v for k, v in load_json(work / "corpus" / "docx" / "meta.json", {}).items()}
    summary = {"corpus": {}, "fixtures": {}}
    verdicts = []
    corpus_results = {}
    for form in FORMS:
        if not (res / f"corpus-{form}.json").exists():
            continue
        # The browser form has the drafts whose web page shows the draft.
        drafts = oracle if form != "browser" else \
            {k: v for k, v in oracle.items() if (work / "corpus" / form / f"{k}.pdf").exists()}
        r = evaluate(form, f"corpus, {FORM_LABEL[form]}", drafts,
                     load_json(res / f"corpus-{form}.json", []), load_json(res / f"corpus-{form}.report.json", {}),
                     key=lambda p: Path(p).stem, meta=meta)
        corpus_results[form] = r
        print_result(r, verbose)
        print()
        summary["corpus"][form] = {
            "files": sum(r.status.values()), "read": r.status["read"], "failed": r.status["failed"],
            "not_read": r.status["not read"], "planted": r.entries, "found": r.found,
            "recall": round(r.recall(), 2), "extras": r.extras, "clean": r.clean_total,
            "clean_quiet": r.clean_quiet, "false_alarms": r.clean_noise,
            "false_alarm_codes": {c: v[0] for c, v in r.noise_codes.items()},
            "per_class": {c: [len(h), sum(h)] for c, h in r.per_class.items()},
        }

    self_ok = True
    if (res / "corpus-docx.json").exists():
        checked, no_rule, bad = self_test(oracle, load_json(res / "corpus-docx.json", []))
        self_ok = checked > 0 and not bad
        print(f"== message rules (text forms) checked on the Word drafts themselves: {checked} table findings, "
              f"{len(bad)} disagreement(s) between message and location"
              + (f", {no_rule} without a message rule (matched by code)" if no_rule else ""))
        for line in bad[:10]:
            print(f"   {line}")
        print()

    fixture_results = {}
    if args.fixtures_dir:
        for form in FORMS:
            if not (res / f"fixtures-{form}.json").exists():
                continue
            expected, hostile = fixture_expectations(args.fixtures_dir, form)
            r = evaluate(form, f"fixtures/pdf, {FORM_LABEL[form]}", expected,
                         load_json(res / f"fixtures-{form}.json", []),
                         load_json(res / f"fixtures-{form}.report.json", {}),
                         key=lambda p: Path(p).name, hostile=hostile)
            fixture_results[form] = r
            print_result(r, True)
            print()
            summary["fixtures"][form] = {"files": sum(r.status.values()), "differ": len(r.diffs),
                                         "planted": r.entries, "found": r.found, "false_alarms": r.clean_noise}

    print("== targets" + ("  (PDF_CORPUS_REPORT_ONLY=1: not enforced)" if report_only else ""))
    for form, r in corpus_results.items():
        checks = [
            (f"recall {r.recall():.1f}% ≥ {targets[form]:g}%", r.recall() >= targets[form]),
            (f"errors/warnings on clean drafts {r.clean_noise} ≤ {max_noise:g}", r.clean_noise <= max_noise),
            (f"files not read {r.status['failed'] + r.status['not read']} ≤ {max_unread:g}",
             r.status["failed"] + r.status["not read"] <= max_unread),
        ]
        for text, ok in checks:
            if form in enforced:
                verdicts.append(ok)
            verdict = "ok" if ok else "MISSED" if form in enforced else "missed (reported)"
            print(f"   corpus {form:<8} {text:<55} {verdict}")
    if (res / "corpus-docx.json").exists():
        verdicts.append(self_ok)
        print(f"   {'message rules agree with locations on the Word drafts':<71} {'ok' if self_ok else 'MISSED'}")
    for form, r in fixture_results.items():
        ok = not r.diffs
        if form in enforced:
            verdicts.append(ok)
        verdict = "ok" if ok else "MISSED" if form in enforced else "missed (reported)"
        n = sum(r.status.values())
        print(f"   fixtures {form:<8} {f'{n - len(r.diffs)}/{n} files as their .expected says':<53} "
              f"{verdict}")
    if args.readme and corpus_results:
        for what, stated, measured in readme_figures(args.readme, corpus_results, oracle,
                                                      load_json(res / "corpus-reading.json", [])):
            ok = stated == measured
            verdicts.append(ok)
            print(f"   README {what:<45} states {stated or '(nothing)'}, measured {measured:<8} "
                  f"{'ok' if ok else 'MISSED: update README.md'}")
    if not corpus_results and not fixture_results:
        print(f"   nothing to compare (no results in {res})")
        return 2
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if report_only or all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
