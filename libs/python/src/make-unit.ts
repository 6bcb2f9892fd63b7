import * as crypto from "node:crypto";
import type { CodeUnit, UnitKind } from "./types.js";

/**
 * sha256 hex of a string. Uses the one-shot `crypto.hash` where Node has it (20.12+), about
 * twice as fast as `createHash` for the many small unit sources of a file.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/** Builds a unit, hashing its source. */
export function makeUnit(
  kind: UnitKind,
  qualifiedName: string,
  startLine: number,
  endLine: number,
  signature: string,
  docstring: string,
  source: string,
): CodeUnit {
  return {
    kind,
    qualifiedName,
    startLine,
    endLine,
    signature,
    docstring,
    source,
    contentHash: sha256Hex(source),
  };
}
