"""Puts the styles, the wasm-bindgen glue, the wasm (base64) and the page's
script into the template: one HTML file with nothing to fetch (a page
opened from file:// cannot fetch a separate .wasm)."""
import argparse
import base64
import pathlib

parser = argparse.ArgumentParser()
for name in ("template", "report-style", "page-style", "bindgen", "wasm", "app", "out"):
    parser.add_argument("--" + name, required=True)
args = parser.parse_args()

def text(path):
    return pathlib.Path(path).read_text(encoding="utf-8")

def script(source):
    # Nothing in an inlined script may close its <script> element.
    return source.replace("</script", "<\\/script")

page = text(args.template)
parts = {
    "/*REPORT_STYLE*/": text(args.report_style),
    "/*PAGE_STYLE*/": text(args.page_style),
    "/*WASM_BASE64*/": base64.b64encode(pathlib.Path(args.wasm).read_bytes()).decode("ascii"),
    "/*BINDGEN_JS*/": script(text(args.bindgen)),
    "/*APP_JS*/": script(text(args.app)),
}
for placeholder, content in parts.items():
    if page.count(placeholder) != 1:
        raise SystemExit(f"template: {placeholder} must occur once")
    page = page.replace(placeholder, content)
pathlib.Path(args.out).write_text(page, encoding="utf-8")
