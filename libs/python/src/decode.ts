import type { FileProblem } from "./types.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The decoded text of a file, or why it is not Python source we can read. */
export type DecodeResult = { text: string } | { problem: FileProblem };

/**
 * Turns file bytes into text: too large, NUL bytes (binary) and invalid UTF-8 are problems; a
 * UTF-8 byte order mark is dropped (TextDecoder does that by default).
 */
export function decodeSource(content: Uint8Array, maxBytes: number): DecodeResult {
  if (content.byteLength > maxBytes) {
    return {
      problem: { kind: "too_large", detail: `${content.byteLength} bytes exceeds the limit of ${maxBytes}` },
    };
  }
  const nul = content.indexOf(0);
  if (nul !== -1) return { problem: { kind: "binary", detail: `NUL byte at byte offset ${nul}` } };
  try {
    return { text: utf8.decode(content) };
  } catch {
    const offset = firstInvalidUtf8Offset(content);
    return { problem: { kind: "not_utf8", detail: `invalid UTF-8 at byte offset ${offset}` } };
  }
}

/**
 * Byte offset of the first byte that starts an invalid UTF-8 sequence (overlong forms,
 * surrogates and code points above U+10FFFF included), or -1 if the bytes are valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    // Only the first continuation byte has a narrowed range; the rest are 0x80..0xbf.
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
