// The text pdf.js (Firefox's PDF viewer, also embedded on many portals) takes
// out of a PDF: the items of page.getTextContent() in order, item.str
// concatenated, a newline after an item whose hasEOL is true, and a newline at
// the end of each page. Content order, like `pdftotext -raw`.
//
//   node pdfjs-text.mjs IN.pdf                       # the text on stdout
//   node pdfjs-text.mjs --out-dir DIR A.pdf B.pdf…   # DIR/A.txt, DIR/B.txt… (one process for many)
//
// Needs `npm ci` in this folder (pdfjs-dist, pinned in package.json).
// Exit 1 if a PDF cannot be read (the others are still written).
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import fs from "node:fs";
import path from "node:path";

async function pdfText(file) {
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    let out = "";
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (item.str === undefined) continue; // marked-content markers carry no text
        out += item.str;
        if (item.hasEOL) out += "\n";
      }
      out += "\n";
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

const args = process.argv.slice(2);
let outDir = null;
if (args[0] === "--out-dir") {
  outDir = args[1];
  args.splice(0, 2);
}
if (!args.length || (!outDir && args.length !== 1)) {
  process.stderr.write("usage: node pdfjs-text.mjs IN.pdf | node pdfjs-text.mjs --out-dir DIR IN.pdf...\n");
  process.exit(2);
}
let status = 0;
for (const file of args) {
  try {
    const text = await pdfText(file);
    if (outDir) {
      fs.writeFileSync(path.join(outDir, path.basename(file).replace(/\.pdf$/i, "") + ".txt"), text);
    } else {
      process.stdout.write(text);
    }
  } catch (e) {
    process.stderr.write(`pdf.js: ${file}: ${e && e.message ? e.message : e}\n`);
    status = 1;
  }
}
process.exitCode = status;
