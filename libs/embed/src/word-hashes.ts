import { hashString } from "./feature-hash.js";
import { splitIdentifier } from "./split-identifier.js";

/** The hashes of one identifier: its sub-tokens and the whole (lowercased) name. */
export interface WordHashes {
  parts: number[];
  whole: number;
}

interface Entry extends WordHashes {
  /** `parts` without one-character sub-tokens, for words in prose. */
  longParts: number[];
}

const MAX_CACHE = 100_000;
let cache = new Map<string, Entry>();

function lookup(word: string): Entry {
  let entry = cache.get(word);
  if (entry === undefined) {
    const parts = splitIdentifier(word);
    entry = {
      parts: parts.map(hashString),
      longParts: parts.filter((p) => p.length > 1).map(hashString),
      whole: hashString(word),
    };
    // Splitting is a pure function of the word, so dropping the cache never changes output.
    if (cache.size >= MAX_CACHE) cache = new Map();
    cache.set(word, entry);
  }
  return entry;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Sub-token hashes of `text[start, end)`. With `minLength` 1 the range is one identifier
 * (a NAME token); with 2 it is prose (a string or comment): every identifier-like word in it is
 * split and one-character sub-tokens are dropped.
 */
export function wordHashes(text: string, start: number, end: number, minLength: 1 | 2 = 1): WordHashes {
  if (minLength === 1) return lookup(text.slice(start, end));
  const parts: number[] = [];
  for (const match of text.slice(start, end).matchAll(WORD)) parts.push(...lookup(match[0]).longParts);
  return { parts, whole: 0 };
}
