// Whether a text looks like an annual report from its first lines: the
// title "……政府信息公开工作年度报告" (simplified or traditional). Free of the
// `vscode` module so it can be unit-tested in plain Node. The server makes
// the real decision (title or three of the six headings); this only picks
// the editor language (word wrap) for plain-text documents.

/** The title, as the `firstLine` of the contributed language. */
export const TITLE_PATTERN = "政府信息公[开開](工作)?年度?[报報](\\([^)]{1,8}\\))?告";
const TITLE = new RegExp(TITLE_PATTERN);

/** Looks at the first twenty non-empty lines (a page copied from a
 * website starts with its navigation; pinyin such as `報(bào)告` is allowed). */
export function looksLikeReport(text: string): boolean {
  const lines = text.slice(0, 8192).split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  return lines.slice(0, 20).some((line) => TITLE.test(line));
}
