#!/usr/bin/env python3
"""A small, independent reader of the generated Word drafts, used to check the
generator (not the tool): it reads document.xml as it would print
(insertions in, deletions and moved-away text out, automatic numbering in,
field results in and field codes out, no text boxes, footnotes, headers or
footers), writes the result as a one-cell-per-line text report, and names each
line the way the tool names places in Word terms (第N段, 表三“ROW”行“COLUMN”列,
表三“ROW”行的行名, 表四“GROUP”“COLUMN”列).

    python3 tests/docx-corpus/readback.py BIN DOCX_OR_DIR [--oracle FILE.json | --expected-dir DIR]

lints every text with `BIN check` (the existing text reader), maps the
reported lines back to Word locations and compares (code, location) with the
oracle. A mismatch means the generator's oracle and its XML disagree — a bug
in the generator, not in the tool's Word reader. Exit 1 on any mismatch.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
NBSP = "\u00a0"
SCOPE = {"S001", "S002", "S003", "S004", "S005", "B001", "B002", "B003", "B004",
         "C001", "C002", "C003", "N001", "P001", "P002"}

SKIP = {W + "del", W + "moveFrom", W + "delText", W + "instrText", W + "drawing", W + "pict",
        W + "txbxContent", W + "footnoteReference", W + "endnoteReference", W + "commentReference",
        W + "pPr", W + "rPr", W + "sdtPr", W + "fldData", MC + "Fallback", W + "delInstrText"}

CN = "一二三四五六七八九十"


def cn_counting(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    return CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")


class Numbering:
    def __init__(self, xml: bytes | None, styles: bytes | None):
        self.nums = {}      # numId → (abstractId, {ilvl: startOverride})
        self.levels = {}    # abstractId → {ilvl: (start, fmt, text, suff)}
        self.counters = {}  # numId → {ilvl: value}
        self.style_num = {}  # styleId → (numId, ilvl)
        if xml:
            root = etree.fromstring(xml)
            for a in root.findall(W + "abstractNum"):
                lv = {}
                for lvl in a.findall(W + "lvl"):
                    def val(tag, default):
                        e = lvl.find(W + tag)
                        return e.get(W + "val") if e is not None else default
                    lv[int(lvl.get(W + "ilvl"))] = (int(val("start", "1")), val("numFmt", "decimal"),
                                                    val("lvlText", ""), val("suff", "tab"))
                self.levels[a.get(W + "abstractNumId")] = lv
            for n in root.findall(W + "num"):
                overrides = {}
                for o in n.findall(W + "lvlOverride"):
                    s = o.find(W + "startOverride")
                    if s is not None:
                        overrides[int(o.get(W + "ilvl"))] = int(s.get(W + "val"))
                self.nums[n.get(W + "numId")] = (n.find(W + "abstractNumId").get(W + "val"), overrides)
        if styles:
            for st in etree.fromstring(styles).findall(W + "style"):
                numpr = st.find(f"{W}pPr/{W}numPr")
                if numpr is not None and numpr.find(W + "numId") is not None:
                    ilvl = numpr.find(W + "ilvl")
                    self.style_num[st.get(W + "styleId")] = (numpr.find(W + "numId").get(W + "val"),
                                                             int(ilvl.get(W + "val")) if ilvl is not None else 0)

    def label(self, p) -> str:
        ppr = p.find(W + "pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None and numpr.find(W + "numId") is not None:
                num_id = numpr.find(W + "numId").get(W + "val")
                e = numpr.find(W + "ilvl")
                ilvl = int(e.get(W + "val")) if e is not None else 0
            else:
                st = ppr.find(W + "pStyle")
                if st is not None and st.get(W + "val") in self.style_num:
                    num_id, ilvl = self.style_num[st.get(W + "val")]
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        start, fmt, text, suff = self.levels[abstract][ilvl]
        counters = self.counters.setdefault(num_id, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = overrides.get(ilvl, start)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        value = counters[ilvl]
        shown = {"decimal": str(value), "chineseCounting": cn_counting(value),
                 "chineseCountingThousand": cn_counting(value)}.get(fmt, str(value))
        out = text.replace(f"%{ilvl + 1}", shown)
        return out + {"tab": "\t", "space": " "}.get(suff, "")


def run_text(node, state) -> str:
    """Printed text under node (a paragraph or part of it)."""
    out = []
    for e in node:
        tag = e.tag
        if tag in SKIP or not isinstance(tag, str):
            continue
        if tag == W + "fldChar":
            kind = e.get(W + "fldCharType")
            if kind == "begin":
                state.append("code")
            elif kind == "separate" and state:
                state[-1] = "result"
            elif kind == "end" and state:
                state.pop()
            continue
        if tag == W + "t":
            if not state or state[-1] == "result":
                out.append(e.text or "")
            continue
        if tag == W + "tab":
            out.append("\t")
            continue
        if tag in (W + "br", W + "cr"):
            out.append("\n")
            continue
        if tag == W + "noBreakHyphen":
            out.append("-")
            continue
        out.append(run_text(e, state))
    return "".join(out)


def mark_removed(p) -> bool:
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None)


def cell_text(tc, numbering) -> str:
    parts = []
    carry = ""
    for p in tc.iter(W + "p"):
        if any(a.tag == W + "txbxContent" for a in p.iterancestors()):
            continue
        label = "" if mark_removed(p) else numbering.label(p)
        text = carry + label + run_text(p, [])
        if mark_removed(p):
            carry = text
            continue
        carry = ""
        parts.append(text)
    return "".join(parts + [carry])


def read(path: Path):
    """Blocks in document order: ("p", text) or ("tbl", rows), rows being lists
    of (grid column, span, text, continuation)."""
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    numbering = Numbering(z.read("word/numbering.xml") if "word/numbering.xml" in names else None,
                          z.read("word/styles.xml") if "word/styles.xml" in names else None)
    body = etree.fromstring(z.read("word/document.xml")).find(W + "body")
    blocks = []
    carry = [""]

    def walk(container):
        for e in container:
            if e.tag == W + "p":
                removed = mark_removed(p := e)
                label = "" if removed else numbering.label(p)
                text = carry[0] + label + run_text(p, [])
                if removed:
                    carry[0] = text
                    continue
                carry[0] = ""
                blocks.append(("p", text))
            elif e.tag == W + "tbl":
                rows = []
                for tr in e.findall(W + "tr"):
                    trpr = tr.find(W + "trPr")
                    if trpr is not None and trpr.find(W + "del") is not None:
                        continue
                    col = 0
                    trpr_before = trpr.find(W + "gridBefore") if trpr is not None else None
                    if trpr_before is not None:
                        col = int(trpr_before.get(W + "val"))
                    row = []
                    for tc in tr.findall(W + "tc"):
                        tcpr = tc.find(W + "tcPr")
                        span, cont = 1, False
                        if tcpr is not None:
                            gs = tcpr.find(W + "gridSpan")
                            if gs is not None:
                                span = int(gs.get(W + "val"))
                            vm = tcpr.find(W + "vMerge")
                            if vm is not None and vm.get(W + "val", "continue") != "restart":
                                cont = True
                        row.append((col, span, cell_text(tc, numbering), cont))
                        col += span
                    rows.append(row)
                blocks.append(("tbl", rows))
            elif e.tag == W + "sdt":
                content = e.find(W + "sdtContent")
                if content is not None:
                    walk(content)
    walk(body)
    return blocks


# --------------------------------------------------------------------------
# Naming places
# --------------------------------------------------------------------------

def _t2s():
    here = Path(__file__).resolve()
    sys.path.insert(0, str(here.parents[2] / "fixtures"))
    import importlib.util
    spec = importlib.util.spec_from_file_location("report_lint_text_fixtures_rb", here.parents[2] / "fixtures" / "generate.py")
    m = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = m
    spec.loader.exec_module(m)
    table = {t: s for s, t in m.S2T.items()}
    table.update({"複": "复", "覆": "复", "製": "制", "係": "系", "繫": "系", "於": "于"})
    return table


T2S = _t2s()
WORDS_BACK = [("規範性檔案", "规范性文件"), ("檔案", "文件")]


def simplify(s: str) -> str:
    s = "".join(T2S.get(ch, ch) for ch in s)
    for a, b in WORDS_BACK:
        s = s.replace(a, b)
    return s


def norm(s: str) -> str:
    s = simplify(s)
    s = s.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", s)


COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
T4_GROUPS = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
T4_WORDS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
SUBROWS = {
    "三": ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
          "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"],
    "四": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    "五": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"],
    "六": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
          "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
}


def row_name(label: str, group: str | None) -> str | None:
    """The template row a table-三 label (and its group label) stands for."""
    s = norm(label)
    for prefix, name in (("一、", "一、本年新收政府信息公开申请数量"), ("二、", "二、上年结转政府信息公开申请数量"),
                         ("四、", "四、结转下年度继续办理")):
        if s.startswith(prefix):
            return name
    m = re.match(r"（([一二三四五六七])）", s)
    if m:
        g = m.group(1)
        return {"一": "（一）予以公开", "二": "（二）部分公开", "六": "（六）其他处理", "七": "（七）总计"}.get(g)
    words = re.sub(r"^[0-9０-９]+[.．、]", "", s)
    if group in SUBROWS:
        for k, w in enumerate(SUBROWS[group], start=1):
            if norm(w) == words:
                return f"（{group}）{k}"
    return None


def to_text(blocks):
    """One-cell-per-line text (blank line after every line, NBSP for an empty
    cell) and the Word location of every line (1-based)."""
    lines, where = [], []

    def add(text, loc):
        if not text.strip() and loc and loc.endswith("列"):
            # an empty figure of table 三/四: written "/" (C001 either way), because the
            # text reader does not take an NBSP line as the first figure of table 四
            text = "/"
        lines.append(text.replace("\n", " ").replace("\t", " ") if text.strip() else NBSP)
        where.append(loc)
        lines.append("")
        where.append(None)

    n = 0
    for kind, content in blocks:
        if kind == "p":
            if content.strip():
                n += 1
                add(content, f"第{n}段")
            continue
        rows = content
        flat = norm("".join(t for row in rows for _, _, t, _ in row))
        table = "三" if "申请人情况" in flat else "四" if "行政复议" in flat and "复议后起诉" in flat else "二"
        group = None
        data_row = 0
        for row in rows:
            if table == "三":
                labels = [(c, t) for c, span, t, cont in row if c < 3 and not cont]
                for c, t in labels:
                    gm = re.match(r"（([三四五六])）", norm(t))
                    if c == 1 and gm and len(norm(t)) <= 7:
                        group = gm.group(1)
                    elif c <= 1 and not gm:
                        if not norm(t).startswith("三、"):
                            group = None if c == 0 else group
                label_cells = [t for c, span, t, cont in row if c < 3 and not cont and c + span == 3]
                name = row_name(label_cells[0], group) if label_cells else None
                for c, span, t, cont in row:
                    if cont:
                        continue
                    if c < 3:
                        add(t, f"表三“{name}”行的行名" if (name and c + span == 3) else None)
                    else:
                        add(t, f"表三“{name}”行“{COLUMNS[c - 3]}”列" if name and 3 <= c < 10 else None)
            elif table == "四":
                header_words = set(T4_WORDS) | {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"}
                numeric = len(row) == 15 and not any(norm(t) in header_words for _, _, t, _ in row)
                for c, span, t, cont in row:
                    if cont:
                        continue
                    add(t, f"表四“{T4_GROUPS[c // 5]}”“{T4_WORDS[c % 5]}”列" if numeric else
                        ("表四“行政复议”" if norm(t) == "行政复议" else None))
                data_row += numeric
            else:
                for c, span, t, cont in row:
                    if not cont:
                        add(t, None)
    return "\n".join(lines) + "\n", where


# --------------------------------------------------------------------------

def lint(bin_: str, files: list[Path]) -> dict[str, list[tuple[str, str | None]]]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        maps = {}
        for f in files:
            text, where = to_text(read(f))
            t = Path(tmp) / (f.stem + ".txt")
            t.write_text(text, encoding="utf-8")
            maps[f.name] = (t, where)
        for name, (t, where) in maps.items():
            r = subprocess.run([bin_, "check", "--format", "json", "--no-cache", "--exit-zero", str(t)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"{bin_} failed on {t}: {r.stderr}")
            found = []
            for x in json.loads(r.stdout):
                line = ((x.get("range") or {}).get("start") or {}).get("line", 0)
                loc = where[line - 1] if 0 < line <= len(where) else None
                found.append((x["rule"], loc, x["severity"]))
            out[name] = found
    return out


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    bin_, target = args[0], Path(args[1])
    files = sorted(target.glob("*.docx")) if target.is_dir() else [target]
    oracle = {}
    if "--oracle" in args:
        oracle = {k: [tuple(x) for x in v] for k, v in
                  json.loads(Path(args[args.index("--oracle") + 1]).read_text(encoding="utf-8")).items()}
    elif "--expected-dir" in args or target.is_dir():
        d = Path(args[args.index("--expected-dir") + 1]) if "--expected-dir" in args else target
        for f in files:
            e = d / (f.stem + ".expected")
            if e.exists():
                oracle[f.name] = [tuple(l.split("\t", 1)) for l in e.read_text(encoding="utf-8").splitlines() if l]
    got = lint(bin_, files)
    bad = 0
    for name in sorted(got):
        exp = Counter(oracle.get(name, []))
        scope = Counter((c, l) for c, l, _ in got[name] if c in SCOPE)
        loud = [(c, l) for c, l, s in got[name] if c not in SCOPE and s in ("error", "warning")]
        ok = scope == exp and (exp or not loud)
        if name not in oracle:
            print(f"?    {name}: no oracle; text rules say {sorted(scope.elements())}")
            continue
        if not ok:
            bad += 1
            print(f"DIFF {name}")
            for x in sorted((exp - scope).elements()):
                print("   oracle only:", *x)
            for x in sorted((scope - exp).elements(), key=str):
                print("   text rules only:", *x)
            if not exp and loud:
                print("   other errors/warnings on a clean draft:", loud)
        else:
            print(f"ok   {name} ({sum(exp.values())} findings)")
    print(f"readback: {len(got) - bad}/{len(got)} drafts agree with the oracle")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
