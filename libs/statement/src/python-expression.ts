// Small, forgiving helpers over Python expressions as pytest prints them. They never need to
// be right about every expression: a wrong guess only makes a template statement vaguer.

const COMPARISONS = [" not in ", " is not ", " == ", " != ", " <= ", " >= ", " < ", " > ", " in ", " is "];

/** `left op right` split at the first comparison outside brackets and strings, if any. */
export function splitComparison(expr: string): { left: string; operator: string; right: string } | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (depth === 0 && c === " ") {
      const operator = COMPARISONS.find((op) => expr.startsWith(op, i));
      if (operator !== undefined) return split(expr, i, operator);
    }
  }
  // pytest shortens long reprs (`[('assets:che...rency='USD'))]`), which unbalances quotes:
  // fall back to the one `==` or `!=` of the text, if there is exactly one.
  for (const operator of [" == ", " != "]) {
    const at = expr.indexOf(operator);
    if (at > 0 && expr.indexOf(operator, at + 1) < 0) return split(expr, at, operator);
  }
  return undefined;
}

function split(expr: string, at: number, operator: string) {
  return {
    left: expr.slice(0, at).trim(),
    operator: operator.trim(),
    right: expr.slice(at + operator.length).trim(),
  };
}

const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "is",
  "if",
  "else",
  "for",
  "lambda",
  "return",
  "await",
  "yield",
]);

const BUILTINS = new Set([
  "abs",
  "all",
  "any",
  "bool",
  "bytes",
  "dict",
  "float",
  "frozenset",
  "getattr",
  "hasattr",
  "int",
  "isinstance",
  "len",
  "list",
  "max",
  "min",
  "next",
  "print",
  "repr",
  "reversed",
  "round",
  "set",
  "sorted",
  "str",
  "sum",
  "tuple",
  "type",
  "approx",
  "pytest.approx",
  "Decimal",
  "date",
  "datetime",
]);

/**
 * The function an expression is about: the outermost call that is not a builtin (`len`,
 * `sorted`, `pytest.approx`, ...), the last one of a chain (`Ledger().balance(x)` is
 * `balance`), as a dotted name (`book.balance`). Undefined when the expression calls nothing.
 */
export function mainCall(expr: string): string | undefined {
  const calls: { name: string; depth: number }[] = [];
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] as string;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") {
      const name = /([A-Za-z_][\w.]*)\s*$/.exec(expr.slice(0, i))?.[1];
      if (name !== undefined && !/^\d/.test(name) && !KEYWORDS.has(name))
        calls.push({ name: name.replace(/^\.+/, ""), depth });
      depth++;
    } else if (c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
  }
  const depths = [...new Set(calls.map((call) => call.depth))].sort((a, b) => a - b);
  for (const level of depths) {
    const named = calls.filter((call) => call.depth === level && !isBuiltin(call.name));
    if (named.length > 0) return (named[named.length - 1] as { name: string }).name;
  }
  return undefined;
}

// Methods of builtin types: `table.splitlines()` is about `table`, not about `splitlines`.
const BUILTIN_METHODS = new Set([
  "splitlines",
  "split",
  "strip",
  "lower",
  "upper",
  "startswith",
  "endswith",
  "join",
  "format",
  "encode",
  "decode",
  "keys",
  "values",
  "items",
  "get",
  "copy",
  "count",
  "index",
  "append",
  "pop",
]);

function isBuiltin(name: string): boolean {
  const last = name.split(".").pop() ?? "";
  return BUILTINS.has(name) || BUILTINS.has(last) || (name.includes(".") && BUILTIN_METHODS.has(last));
}

/** True for a literal (number, string, list/tuple/dict of literals, True/False/None). */
export function isLiteral(expr: string): boolean {
  const e = expr.trim();
  if (/^-?\d[\d_.e+-]*j?$/i.test(e) || /^(?:True|False|None)$/.test(e)) return true;
  if (/^[rbuf]*(['"]).*\1$/is.test(e)) return true;
  if (/^[[({].*[\])}]$/s.test(e)) return mainCall(e) === undefined;
  return false;
}

/** True when `expr` is a call (`f(x)`, `obj.method(x)`), not a comprehension or an operation. */
export function isCall(expr: string): boolean {
  const e = expr.trim();
  const open = /^[A-Za-z_][\w.]*(?:\(\)\.[A-Za-z_][\w.]*)*\(/.exec(e)?.[0].length;
  if (open === undefined || !e.endsWith(")")) return false;
  // The call's own parenthesis must be the one that closes at the end.
  let depth = 1;
  for (let i = open; i < e.length - 1; i++) {
    if ("([{".includes(e[i] as string)) depth++;
    else if (")]}".includes(e[i] as string) && --depth === 0) return false;
  }
  return true;
}

/** The literals of an expression (string contents and numbers), to find the expression in pytest's output. */
export function literalsOf(expr: string): string[] {
  const found = new Set<string>();
  for (const match of expr.matchAll(/(['"])((?:\\.|(?!\1).)*)\1|(?<![\w.])(\d[\d_]*(?:\.\d+)?)/g)) {
    const value = match[2] ?? match[3]?.replace(/_/g, "");
    if (value !== undefined && value !== "") found.add(value);
  }
  return [...found];
}

/** `text` cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Markdown inline code that survives backticks inside. */
export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}
