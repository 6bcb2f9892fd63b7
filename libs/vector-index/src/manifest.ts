import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import type { FingerprintState } from "./fingerprint.js";
import { VectorIndexError, VectorIndexErrorCode } from "./vector-index-error.js";

const FORMAT = "tracegen-vector-index/1";

/**
 * What is known about a saved index, written as JSON next to it (`<index>.manifest.json`):
 * enough to tell a stale index from a fresh one without loading it.
 */
export interface VectorIndexManifest {
  format: typeof FORMAT;
  dimensions: number;
  metric: "ip";
  count: number;
  /** Order-independent content fingerprint of the (key, vector) pairs; see `vectorFingerprint`. */
  fingerprint: string;
  fingerprintState: FingerprintState;
  /** The index file as written: a replaced or damaged file is detected by these. */
  file: { bytes: number; sha256: string };
  connectivity: number;
  /** How the vectors are stored ("f32" when absent: manifests written before the option existed). */
  quantization?: string;
  usearchVersion: string;
  savedAt: string;
}

/** Where the manifest of the index at `indexPath` lives. */
export function manifestPath(indexPath: string): string {
  return `${indexPath}.manifest.json`;
}

/** Writes the manifest atomically (temporary file, then rename). */
export async function writeManifest(
  indexPath: string,
  manifest: Omit<VectorIndexManifest, "format">,
): Promise<void> {
  const path = manifestPath(indexPath);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ format: FORMAT, ...manifest }, null, 2)}\n`);
  await rename(temporary, path);
}

/** Reads and checks the manifest of the index at `indexPath`; NOT_FOUND or CORRUPT when it cannot. */
export async function readVectorIndexManifest(indexPath: string): Promise<VectorIndexManifest> {
  const path = manifestPath(indexPath);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new VectorIndexError(VectorIndexErrorCode.NOT_FOUND, `no manifest at ${path}`, { cause: error });
  }
  let value: Partial<VectorIndexManifest>;
  try {
    value = JSON.parse(text) as Partial<VectorIndexManifest>;
  } catch (error) {
    throw new VectorIndexError(VectorIndexErrorCode.CORRUPT, `manifest ${path} is not JSON`, {
      cause: error,
    });
  }
  const valid =
    value.format === FORMAT &&
    Number.isInteger(value.dimensions) &&
    Number.isInteger(value.count) &&
    typeof value.fingerprint === "string" &&
    typeof value.fingerprintState?.lanes === "string" &&
    Number.isInteger(value.file?.bytes) &&
    typeof value.file?.sha256 === "string";
  if (!valid)
    throw new VectorIndexError(VectorIndexErrorCode.CORRUPT, `manifest ${path} is not a ${FORMAT} manifest`);
  return value as VectorIndexManifest;
}

/** sha256 hex and size of a file, streamed. */
export async function hashFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest("hex") };
}
