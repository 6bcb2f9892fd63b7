const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/**
 * The value of one Python `str` literal token such as `r'''x'''` or `"a\tb"`, or `undefined`
 * for bytes, f-strings and t-strings, which cannot be docstrings. Line breaks inside the literal
 * are read as `\n`, as Python's universal newlines would.
 */
export function stringLiteralValue(token: string): string | undefined {
  let p = 0;
  while (p < token.length && token[p] !== '"' && token[p] !== "'") p++;
  const prefix = token.slice(0, p).toLowerCase();
  if (/[bft]/.test(prefix)) return undefined;
  const q = token[p];
  if (q === undefined) return undefined;
  const quoteLen = token.startsWith(q + q + q, p) ? 3 : 1;
  let body = token.slice(p + quoteLen, Math.max(p + quoteLen, token.length - quoteLen));
  if (body.includes("\r")) body = body.replace(/\r\n?/g, "\n");
  return prefix.includes("r") ? body : unescapePython(body);
}

/**
 * Applies Python's escape sequences for `str` literals. `\N{...}` needs the Unicode name
 * table and is kept as written; unknown escapes keep their backslash, as in Python.
 */
export function unescapePython(body: string): string {
  if (!body.includes("\\")) return body;
  return body.replace(
    /\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g,
    (whole, esc: string) => {
      if (esc === "\n") return "";
      const simple = SIMPLE_ESCAPES[esc];
      if (simple !== undefined) return simple;
      const head = esc[0];
      const code =
        head === "x" || head === "u" || head === "U"
          ? Number.parseInt(esc.slice(1), 16)
          : Number.parseInt(esc, 8);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    },
  );
}
