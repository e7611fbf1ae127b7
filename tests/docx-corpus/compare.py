#!/usr/bin/env python3
"""Compares what report-lint says about Word drafts with the generator's oracle.

    compare.py --label NAME --oracle ORACLE.json --findings F.json [F.json ...]
               [--report REPORT.json] [--meta META.json]

ORACLE.json: {"file.docx": [["B001", "表三“（一）予以公开”行“总计”列"], ...]}.
F.json: `check --format json` output (arrays of findings; several files are
concatenated). REPORT.json (optional): `check --format json-report` output,
used to prove that each draft was read as a report of the right template and
year, and that on clean drafts every table identity was actually checked
(a skipped or unread file must not pass as "clean"). META.json (optional, from
the corpus): per-file template/year and the planted defect classes.

Rules of the comparison:
- every oracle entry must be matched by a finding of the same code whose
  `location.text` starts with the entry's location prefix (one finding per entry);
- no other finding of the oracle's codes (S001–S005, B001–B004, C001–C003,
  N001, P001, P002) may be reported;
- a draft whose oracle list is empty (a clean draft) must get no error and
  no warning of any code.
Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

SCOPE = ["S001", "S002", "S003", "S004", "S005", "B001", "B002", "B003", "B004",
         "C001", "C002", "C003", "N001", "P001", "P002"]
LOUD = ("error", "warning")


def loc_text(f) -> str:
    loc = f.get("location")
    if isinstance(loc, dict):
        return loc.get("text") or ""
    return ""


def match(expected, found):
    """Maximum matching of oracle entries to findings (Kuhn's algorithm).
    Returns (missing entries, unmatched findings)."""
    edges = [[j for j, f in enumerate(found) if f["rule"] == code and loc_text(f).startswith(prefix)]
             for code, prefix in expected]
    owner = [-1] * len(found)

    def augment(i, seen):
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] == -1 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    matched = [augment(i, set()) for i in range(len(expected))]
    missing = [e for e, ok in zip(expected, matched) if not ok]
    extra = [f for j, f in enumerate(found) if owner[j] == -1]
    match.pairs = [(expected[owner[j]], found[j]) for j in range(len(found)) if owner[j] != -1]
    return missing, extra


def short(f) -> str:
    text = loc_text(f) or "(no location.text)"
    return f"{f['rule']} {f.get('severity', '?')} {text} — {f.get('message', '')[:70]}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", default="drafts")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--oracle", type=Path, help="oracle.json of a corpus")
    src.add_argument("--expected-dir", type=Path, help="a folder of X.docx with X.expected beside")
    ap.add_argument("--findings", required=True, nargs="+", type=Path)
    ap.add_argument("--report", nargs="*", type=Path, default=[])
    ap.add_argument("--meta", type=Path)
    args = ap.parse_args()

    if args.oracle:
        oracle = {name: [tuple(x) for x in v] for name, v in
                  json.loads(args.oracle.read_text(encoding="utf-8")).items()}
    else:
        oracle = {}
        for docx in sorted(args.expected_dir.glob("*.docx")):
            exp = docx.with_suffix(".expected")
            lines = exp.read_text(encoding="utf-8").splitlines() if exp.exists() else None
            if lines is None:
                print(f"missing {exp}")
                return 1
            oracle[docx.name] = [tuple(line.split("\t", 1)) for line in lines if line.strip()]
    findings = []
    for path in args.findings:
        text = path.read_text(encoding="utf-8").strip()
        findings += json.loads(text) if text else []
    by_file: dict[str, list] = defaultdict(list)
    strays = []
    for f in findings:
        name = Path(f.get("path", "")).name
        (by_file[name] if name in oracle else strays).append(f)
    meta = json.loads(args.meta.read_text(encoding="utf-8")) if args.meta else {}

    problems = 0
    per_code = {c: Counter() for c in SCOPE}
    per_file_lines = []
    clean_ok = clean_total = 0
    planted_found: dict[str, list] = {}
    auto_number_seen = Counter()
    for name in sorted(oracle):
        expected = oracle[name]
        found = by_file.get(name, [])
        scoped = [f for f in found if f["rule"] in SCOPE]
        missing, extra = match(expected, scoped)
        autonum = bool(meta.get(name, {}).get("features", {}).get("autonum_subrows"))
        for (code, _), f in match.pairs:
            if code == "N001" and isinstance(f.get("location"), dict) and "auto_number" in f["location"]:
                auto_number_seen[f["location"]["auto_number"] == autonum] += 1
        noise = [f for f in found if f["rule"] not in SCOPE and f.get("severity") in LOUD] if not expected else []
        for code, _ in expected:
            per_code[code]["expected"] += 1
            per_code[code]["found"] += 1
        for code, _ in missing:
            per_code[code]["missing"] += 1
            per_code[code]["found"] -= 1
        for f in extra:
            per_code[f["rule"]]["extra"] += 1
        if not expected:
            clean_total += 1
            clean_ok += not (extra or noise)
        for cls, code, loc in meta.get(name, {}).get("planted", []):
            hit = not any(c == code and (loc is None or p == loc) for c, p in missing) and \
                any(c == code and (loc is None or p == loc) for c, p in expected)
            planted_found.setdefault(cls, []).append(hit)
        if missing or extra or noise:
            problems += 1
            lines = [f"  {name}  (expected {len(expected)}, reported {len(scoped)} in scope, {len(found)} in all)"]
            if meta.get(name):
                m = meta[name]
                lines.append(f"      template {m['template']}{' traditional' if m.get('traditional') else ''}; "
                             f"features {', '.join(k for k in m.get('features', {}))}; "
                             f"planted {', '.join(p[0] for p in m.get('planted', [])) or 'nothing'}")
            lines += [f"      missing   {code} {prefix}" for code, prefix in missing]
            lines += [f"      extra     {short(f)}" for f in extra]
            lines += [f"      clean-noise {short(f)}" for f in noise]
            per_file_lines += lines

    # json-report: was each draft read as a report, and were its tables checked?
    read_problems = []
    if args.report:
        files = {}
        for path in args.report:
            rep = json.loads(path.read_text(encoding="utf-8"))
            files.update({Path(f["path"]).name: f for f in rep.get("files", [])})
            for fail in rep.get("failures", []):
                read_problems.append(f"  {Path(fail.get('path', '')).name}: failed: {fail.get('message')}")
        for name in sorted(oracle):
            f = files.get(name)
            if f is None:
                read_problems.append(f"  {name}: not in the report (skipped as not a report, or not read)")
                continue
            m = meta.get(name)
            if m:
                if str(f.get("template")) != str(m["template"]) or f.get("year") != m["year"]:
                    read_problems.append(f"  {name}: read as template {f.get('template')} year {f.get('year')}, "
                                         f"drafted as template {m['template']} year {m['year']}")
                if m.get("agency") and f.get("agency") and f["agency"] != m["agency"] and not m.get("traditional"):
                    read_problems.append(f"  {name}: agency read as {f['agency']}, drafted {m['agency']}")
            if not oracle[name]:
                tables = set(m["tables"]) if m else {"三", "四"}
                for c in f.get("checks", []):
                    needed = c["rule"] in ("B001", "B002", "B003") and "三" in tables or \
                        c["rule"] == "B004" and "四" in tables
                    if needed and (c.get("verdict") != "held" or c.get("unchecked") or c.get("failed")):
                        read_problems.append(
                            f"  {name}: clean draft, but {c['rule']} {c.get('verdict_text') or c.get('verdict')} "
                            f"(held {c.get('held')}, failed {c.get('failed')}, unchecked {c.get('unchecked')}, "
                            f"{c.get('missing') or ''})")
                rules = {c["rule"] for c in f.get("checks", [])}
                for rule in ("B001", "B002", "B003", "B004"):
                    if rule not in rules:
                        read_problems.append(f"  {name}: clean draft, but no {rule} verdict in the report")

    # ---- output
    print(f"== {args.label}: {len(oracle)} drafts, {sum(len(v) for v in oracle.values())} expected findings, "
          f"{clean_total} clean")
    print(f"   {'code':<6}{'expected':>9}{'found':>7}{'missing':>9}{'extra':>7}")
    for code in SCOPE:
        c = per_code[code]
        if c["expected"] or c["extra"]:
            flag = "" if not (c["missing"] or c["extra"]) else "   <--"
            print(f"   {code:<6}{c['expected']:>9}{c['found']:>7}{c['missing']:>9}{c['extra']:>7}{flag}")
    print(f"   clean drafts with no error/warning of any code: {clean_ok}/{clean_total}")
    if planted_found:
        print(f"   {'planted class':<14}{'planted':>8}{'found':>7}")
        for cls in sorted(planted_found):
            hits = planted_found[cls]
            flag = "" if all(hits) else "   <--"
            print(f"   {cls:<14}{len(hits):>8}{sum(hits):>7}{flag}")
    if auto_number_seen:
        print(f"   (info) N001 location.auto_number true exactly on auto-numbered sub-rows: "
              f"{auto_number_seen[True]}/{sum(auto_number_seen.values())}")
    if strays:
        print(f"   {len(strays)} finding(s) for files not in the oracle, e.g. {strays[0].get('path')}")
    if per_file_lines:
        print(f"-- {problems} draft(s) differ from the oracle:")
        print("\n".join(per_file_lines))
    if read_problems:
        print(f"-- {len(read_problems)} reading problem(s) (from --format json-report):")
        print("\n".join(read_problems))
    ok = not problems and not read_problems
    print(f"== {args.label}: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
