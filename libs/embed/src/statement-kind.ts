import { TokenKind as K, type PythonTokens } from "./python-tokens.js";

const AUGMENTED = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@="]);

/**
 * What the logical line starting at token `first` is: its leading keyword (`if`, `return`,
 * `def`, ...; `async` is skipped), `decorator`, or for an expression statement `assign`,
 * `augassign`, `annassign`, `call` or `expr`, judged at bracket depth 0.
 */
export function statementKind(text: string, t: PythonTokens, first: number): string {
  let i = first;
  if (t.kind[i] === K.KEYWORD && text.startsWith("async", t.start[i]!) && t.kind[i + 1] === K.KEYWORD) i++;
  const start = t.start[i]!;
  if (t.kind[i] === K.KEYWORD) return text.slice(start, t.end[i]);
  if (t.kind[i] === K.OP && text.charCodeAt(start) === 64) return "decorator";
  let depth = 0;
  let lastOp = "";
  for (let j = i; j < t.count && t.kind[j] !== K.NEWLINE; j++) {
    if (t.kind[j] !== K.OP) {
      lastOp = "";
      continue;
    }
    const op = text.slice(t.start[j], t.end[j]);
    lastOp = op;
    if (op === "(" || op === "[" || op === "{") depth++;
    else if (op === ")" || op === "]" || op === "}") depth--;
    else if (depth === 0 && op === "=") return "assign";
    else if (depth === 0 && AUGMENTED.has(op)) return "augassign";
    else if (depth === 0 && op === ":") return "annassign";
  }
  return lastOp === ")" ? "call" : "expr";
}
