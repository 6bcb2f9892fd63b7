/** Lower-case identifier sub-tokens of a piece of code (snake_case and camelCase split). */
export function codeTokens(source: string): Set<string> {
  const tokens = new Set<string>();
  for (const word of source.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    for (const part of word.split(/_+|(?<=[a-z0-9])(?=[A-Z])/)) {
      if (part.length > 1) tokens.add(part.toLowerCase());
    }
  }
  return tokens;
}

/** Jaccard similarity of two token sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
