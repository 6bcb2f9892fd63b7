const OPENERS = "([{";
const CLOSERS = ")]}";

/**
 * Normalizes a `def`/`class` header (the text before its `:`) into a one-line signature:
 * comments and backslash continuations are dropped, whitespace runs become one space, and no
 * space is kept just inside brackets. String literals are copied verbatim.
 */
export function normalizeHeader(header: string): string {
  let out = "";
  let pendingSpace = false;
  let i = 0;
  const n = header.length;
  while (i < n) {
    const ch = header[i]!;
    if (ch === "#") {
      const eol = header.indexOf("\n", i);
      i = eol === -1 ? n : eol;
      continue;
    }
    if (ch === "\\" || ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f") {
      // Outside strings a backslash can only be a line continuation.
      pendingSpace = true;
      i++;
      continue;
    }
    if (pendingSpace && out.length > 0 && !OPENERS.includes(out[out.length - 1]!) && !CLOSERS.includes(ch)) {
      out += " ";
    }
    pendingSpace = false;
    if (ch === '"' || ch === "'") {
      const end = stringEnd(header, i);
      out += header.slice(i, end);
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the string literal whose opening quote is at `start` (or the end of `text`). */
function stringEnd(text: string, start: number): number {
  const q = text[start]!;
  const triple = text[start + 1] === q && text[start + 2] === q;
  const delimiter = triple ? q + q + q : q;
  let i = start + delimiter.length;
  while (i < text.length) {
    const ch = text[i]!;
    // Even in raw strings a backslash keeps the next quote from closing the literal.
    if (ch === "\\") i += 2;
    else if (text.startsWith(delimiter, i)) return i + delimiter.length;
    else i++;
  }
  return text.length;
}
