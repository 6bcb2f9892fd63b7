import { hashString } from "./feature-hash.js";

/** The kinds of features the local embedder extracts; each has its own hash seed and weight. */
export const FeatureCategory = {
  /** An identifier sub-token (`parse_url` → `parse`, `url`). */
  SUBTOKEN: 0,
  /** A whole identifier made of several sub-tokens, lowercased. */
  IDENTIFIER: 1,
  KEYWORD: 2,
  OPERATOR: 3,
  /** A short number literal. */
  NUMBER: 4,
  /** A word of a string literal, docstring or comment. */
  TEXT: 5,
  /** The kind of a logical line: `if`, `return`, `assign`, `augassign`, `call`, `expr`, ... */
  STATEMENT: 6,
  /** A statement kind inside its parent's kind (`for>if`), from indentation. */
  NESTING: 7,
  /** Three consecutive abstract tokens (`ID == NUM`, `if not ID`). */
  SHAPE: 8,
  /** Two consecutive sub-tokens, keywords or operators of one logical line. */
  BIGRAM: 9,
  /** A name called (`foo(`). */
  CALL: 10,
  /** An attribute accessed (`.foo`). */
  ATTRIBUTE: 11,
  /** The one feature of a text that has no other (so every vector has unit norm). */
  EMPTY: 12,
} as const;

/** Relative weight of each category, indexed by its value. */
export const CATEGORY_WEIGHTS: readonly number[] = [
  1.0, 0.6, 0.4, 0.5, 0.4, 0.3, 0.5, 0.6, 0.5, 0.7, 0.8, 0.8, 1.0,
];

/** Hash seed of each category, indexed by its value. */
export const CATEGORY_SEEDS: readonly number[] = CATEGORY_WEIGHTS.map((_, i) => hashString(`tracegen:${i}`));
