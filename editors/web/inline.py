"""Puts the styles, the wasm-bindgen glue, the wasm (gzip, then base64) and
the page's script into the template: one HTML file with nothing to fetch (a
page opened from file:// cannot fetch a separate .wasm). The wasm is
gzipped because it is most of the page and shrinks to about a third; the
page inflates it with the browser's DecompressionStream."""
import argparse
import base64
import gzip
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
    # mtime=0: the same wasm gives the same page, byte for byte.
    "/*WASM_GZIP_BASE64*/": base64.b64encode(
        gzip.compress(pathlib.Path(args.wasm).read_bytes(), compresslevel=9, mtime=0)
    ).decode("ascii"),
    "/*BINDGEN_JS*/": script(text(args.bindgen)),
    "/*APP_JS*/": script(text(args.app)),
}
for placeholder, content in parts.items():
    if page.count(placeholder) != 1:
        raise SystemExit(f"template: {placeholder} must occur once")
    page = page.replace(placeholder, content)
pathlib.Path(args.out).write_text(page, encoding="utf-8")
