/** Token kinds produced by {@link tokenizePython}. */
export const TokenKind = {
  NAME: 1,
  KEYWORD: 2,
  NUMBER: 3,
  STRING: 4,
  COMMENT: 5,
  OP: 6,
  /** The end of a logical line (never inside brackets or after a backslash continuation). */
  NEWLINE: 7,
} as const;

/** A token's kind: one of the {@link TokenKind} values. */
export type TokenKindValue = (typeof TokenKind)[keyof typeof TokenKind];

/**
 * Tokens as parallel arrays over the text: `kind[i]` covers `text.slice(start[i], end[i])`;
 * `indent[i]` is the indentation column when token i starts a logical line, else -1.
 */
export interface PythonTokens {
  count: number;
  kind: TokenKindValue[];
  start: number[];
  end: number[];
  indent: number[];
}

const KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally " +
    "for from global if import in is lambda nonlocal not or pass raise return try while with yield"
  ).split(" "),
);
const OPS3 = new Set(["**=", "//=", ">>=", "<<=", "..."]);
const OPS2 = new Set("-> := == != <= >= ** // << >> += -= *= /= %= &= |= ^= @=".split(" ").concat(["<>"]));
const STRING_PREFIXES = new Set(["r", "u", "b", "f", "br", "rb", "fr", "rf"]);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** The index just past the string literal whose opening quote is at `i`. */
function scanString(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const n = text.length;
  const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
  let j = i + (triple ? 3 : 1);
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (
      c === quote &&
      (!triple || (text.charCodeAt(j + 1) === quote && text.charCodeAt(j + 2) === quote))
    )
      return j + (triple ? 3 : 1);
    else if (!triple && c === 10) return j;
    else j++;
  }
  return n;
}

/**
 * A fast, forgiving Python tokenizer for feature extraction: never throws, tolerates partial
 * code (a method cut out of its class, unbalanced brackets, unterminated strings) and tracks
 * logical lines and their indentation the way Python does (brackets and `\` continue a line).
 */
export function tokenizePython(text: string): PythonTokens {
  const tokens: PythonTokens = { count: 0, kind: [], start: [], end: [], indent: [] };
  const n = text.length;
  let i = 0;
  let depth = 0;
  let atLineStart = true;
  let lineIndent = 0;
  let lineHasTokens = false;
  const push = (kind: TokenKindValue, start: number, end: number): void => {
    const startsLine = !lineHasTokens && kind !== TokenKind.COMMENT && kind !== TokenKind.NEWLINE;
    if (startsLine) lineHasTokens = true;
    tokens.kind.push(kind);
    tokens.start.push(start);
    tokens.end.push(end);
    tokens.indent.push(startsLine ? lineIndent : -1);
    tokens.count++;
  };
  while (i < n) {
    let c = text.charCodeAt(i);
    if (atLineStart) {
      let col = 0;
      while (c === 32 || c === 9 || c === 12) {
        col = c === 9 ? col + 8 - (col % 8) : col + 1;
        c = text.charCodeAt(++i);
      }
      if (!lineHasTokens) lineIndent = col;
      atLineStart = false;
      continue;
    }
    if (c === 10 || c === 13) {
      if (depth === 0 && lineHasTokens) {
        push(TokenKind.NEWLINE, i, i);
        lineHasTokens = false;
      }
      i++;
      atLineStart = depth === 0 && !lineHasTokens;
    } else if (c === 32 || c === 9 || c === 12) {
      i++;
    } else if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) {
      i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
    } else if (c === 35) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      push(TokenKind.COMMENT, i, j);
      i = j;
    } else if (c === 34 || c === 39) {
      const j = scanString(text, i);
      push(TokenKind.STRING, i, j);
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      const word = text.slice(i, j);
      if ((q === 34 || q === 39) && j - i <= 2 && STRING_PREFIXES.has(word.toLowerCase())) {
        const k = scanString(text, j);
        push(TokenKind.STRING, i, k);
        i = k;
      } else {
        push(KEYWORDS.has(word) ? TokenKind.KEYWORD : TokenKind.NAME, i, j);
        i = j;
      }
    } else if (
      (c >= 48 && c <= 57) ||
      (c === 46 && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)
    ) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        const prev = text.charCodeAt(j - 1) | 32;
        if (isIdentPart(d) || d === 46 || ((d === 43 || d === 45) && prev === 101)) j++;
        else break;
      }
      push(TokenKind.NUMBER, i, j);
      i = j;
    } else {
      const len = OPS3.has(text.slice(i, i + 3)) ? 3 : OPS2.has(text.slice(i, i + 2)) ? 2 : 1;
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      push(TokenKind.OP, i, i + len);
      i += len;
    }
  }
  if (lineHasTokens) push(TokenKind.NEWLINE, n, n);
  return tokens;
}
