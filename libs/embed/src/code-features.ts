import { FeatureCategory as C, CATEGORY_SEEDS } from "./feature-category.js";
import { combineHash, finalizeHash, hashRange, hashString } from "./feature-hash.js";
import type { FeatureTable } from "./feature-table.js";
import { TokenKind as K, tokenizePython } from "./python-tokens.js";
import { statementKind } from "./statement-kind.js";
import { wordHashes } from "./word-hashes.js";

const ID = hashString("ID");
const NUM = hashString("NUM");
const STR = hashString("STR");
const NL = hashString("NL");
const ROOT = hashString("ROOT");
/** Operators that are punctuation: kept in shapes, left out of bigrams. */
const PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ",", ".", ":", ";"]);

function add(table: FeatureTable, category: number, value: number): void {
  table.add(finalizeHash(combineHash(CATEGORY_SEEDS[category]!, value)), category);
}

/**
 * Extracts the local embedder's features of one (Python) text into `table`: identifier
 * sub-tokens and whole identifiers, keywords, operators, literals, words of strings and
 * comments, statement kinds and their nesting, abstract-token trigrams, sub-token bigrams,
 * calls and attribute accesses.
 */
export function extractCodeFeatures(text: string, table: FeatureTable): void {
  const t = tokenizePython(text);
  const stack: { indent: number; kind: number }[] = [];
  let s1 = NL;
  let s2 = NL;
  let previous = 0; // last lexeme of the line, for bigrams; 0 = none
  let lineStart = 0;
  for (let i = 0; i < t.count; i++) {
    const kind = t.kind[i]!;
    const start = t.start[i]!;
    const end = t.end[i]!;
    const indent = t.indent[i]!;
    if (indent >= 0) {
      lineStart = i;
      const stmt = hashString(statementKind(text, t, i));
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
      add(table, C.STATEMENT, stmt);
      add(table, C.NESTING, combineHash(stack[stack.length - 1]?.kind ?? ROOT, stmt));
      stack.push({ indent, kind: stmt });
    }
    let symbol: number;
    if (kind === K.NAME) {
      symbol = ID;
      const words = wordHashes(text, start, end);
      for (const w of words.parts) {
        add(table, C.SUBTOKEN, w);
        if (previous !== 0) add(table, C.BIGRAM, combineHash(previous, w));
        previous = w;
      }
      if (words.parts.length > 1) add(table, C.IDENTIFIER, words.whole);
      const next = i + 1 < t.count && t.kind[i + 1] === K.OP ? text.charCodeAt(t.start[i + 1]!) : 0;
      if (next === 40 && t.end[i + 1]! - t.start[i + 1]! === 1) add(table, C.CALL, words.whole);
      const before = i > lineStart && t.kind[i - 1] === K.OP ? t.start[i - 1]! : -1;
      if (before >= 0 && text.charCodeAt(before) === 46 && t.end[i - 1] === before + 1)
        add(table, C.ATTRIBUTE, words.whole);
    } else if (kind === K.KEYWORD || kind === K.OP) {
      symbol = hashRange(text, start, end);
      add(table, kind === K.KEYWORD ? C.KEYWORD : C.OPERATOR, symbol);
      if (kind === K.KEYWORD || !PUNCTUATION.has(text.slice(start, end))) {
        if (previous !== 0) add(table, C.BIGRAM, combineHash(previous, symbol));
        previous = symbol;
      }
    } else if (kind === K.NUMBER) {
      symbol = NUM;
      add(table, C.NUMBER, end - start <= 8 ? hashRange(text, start, end) : NUM);
    } else if (kind === K.STRING || kind === K.COMMENT) {
      for (const w of wordHashes(text, start, end, 2).parts) add(table, C.TEXT, w);
      if (kind === K.COMMENT) continue;
      symbol = STR;
    } else {
      symbol = NL;
      previous = 0;
    }
    add(table, C.SHAPE, combineHash(combineHash(s2, s1), symbol));
    s2 = s1;
    s1 = symbol;
  }
  if (table.size === 0) add(table, C.EMPTY, 0);
}
