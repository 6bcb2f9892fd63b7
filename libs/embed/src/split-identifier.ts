function charClass(c: number): 0 | 1 | 2 | 3 {
  if (c >= 97 && c <= 122) return 1; // lower
  if (c >= 65 && c <= 90) return 2; // upper
  if (c >= 48 && c <= 57) return 3; // digit
  return c > 127 ? 1 : 0; // non-ASCII letters count as lower; `_` and the rest separate
}

/**
 * Splits an identifier into lowercased sub-tokens on `_`, case changes and digit runs:
 * `parse_HTTPResponse2` → `parse`, `http`, `response`, `2`; `__init__` → `init`.
 * An upper-case run followed by a lower-case letter gives its last capital to the next word
 * (`XMLParser` → `xml`, `parser`).
 */
export function splitIdentifier(name: string): string[] {
  const parts: string[] = [];
  let start = -1;
  let prev = 0;
  const flush = (end: number): void => {
    if (start >= 0 && end > start) parts.push(name.slice(start, end).toLowerCase());
    start = -1;
  };
  for (let i = 0; i < name.length; i++) {
    const cls = charClass(name.charCodeAt(i));
    if (cls === 0) {
      flush(i);
    } else if (start < 0) {
      start = i;
    } else if (cls === 3 ? prev !== 3 : prev === 3) {
      flush(i);
      start = i;
    } else if (cls === 2 && prev === 1) {
      flush(i);
      start = i;
    } else if (cls === 1 && prev === 2 && i - start > 1) {
      flush(i - 1);
      start = i - 1;
    }
    prev = cls;
  }
  flush(name.length);
  return parts;
}
