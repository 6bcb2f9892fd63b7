/**
 * Cleans docstring indentation exactly like Python's `inspect.cleandoc`: tabs expanded, the
 * first line's leading whitespace removed, the common indentation of the other lines removed,
 * and empty lines at the start and end dropped.
 */
export function cleandoc(doc: string): string {
  const lines = (doc.includes("\t") ? expandTabs(doc) : doc).split("\n");
  let margin = Number.POSITIVE_INFINITY;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const content = line.trimStart().length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  lines[0] = lines[0]!.trimStart();
  if (margin !== Number.POSITIVE_INFINITY) {
    for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.slice(margin);
  }
  let start = 0;
  let end = lines.length;
  while (end > start && lines[end - 1] === "") end--;
  while (start < end && lines[start] === "") start++;
  return lines.slice(start, end).join("\n");
}

/** Python's `str.expandtabs()` with tab stops every 8 columns; the column restarts after `\n` and `\r`. */
function expandTabs(text: string): string {
  let out = "";
  let column = 0;
  for (const ch of text) {
    if (ch === "\t") {
      const spaces = 8 - (column % 8);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}
