import { stat } from "node:fs/promises";
import { ContentFingerprint } from "./fingerprint.js";
import { hashFile, readVectorIndexManifest } from "./manifest.js";
import {
  createNativeIndex,
  DEFAULT_INDEX_SETTINGS,
  type VectorIndex,
  type VectorIndexOptions,
  wrapNativeIndex,
} from "./vector-index.js";
import { VectorIndexError, VectorIndexErrorCode } from "./vector-index-error.js";

/** Options for {@link loadVectorIndex}: the index settings plus what the caller expects of it. */
export interface LoadVectorIndexOptions extends VectorIndexOptions {
  /** The content fingerprint the caller expects (e.g. `vectorFingerprint` of its current vectors); STALE otherwise. */
  expectedFingerprint?: string;
  /** Re-hash the index file against the manifest before loading (default true; costs ~1 s per GB). */
  verifyFile?: boolean;
}

function stale(message: string): VectorIndexError {
  return new VectorIndexError(VectorIndexErrorCode.STALE, message);
}

/**
 * Loads an index saved by `VectorIndex.save`, after checking its manifest: a missing index or
 * manifest is NOT_FOUND; other dimensions, an unexpected fingerprint, or an index file that is
 * not the one the manifest describes (replaced, rewritten, half-written), or other quantization,
 * is STALE; a file
 * usearch cannot read, or whose size disagrees with the manifest, is CORRUPT.
 */
export async function loadVectorIndex(path: string, options: LoadVectorIndexOptions): Promise<VectorIndex> {
  const manifest = await readVectorIndexManifest(path);
  if (manifest.dimensions !== options.dimensions)
    throw stale(`index at ${path} has ${manifest.dimensions} dimensions, expected ${options.dimensions}`);
  const quantization = options.quantization ?? DEFAULT_INDEX_SETTINGS.quantization;
  if ((manifest.quantization ?? "f32") !== quantization)
    throw stale(`index at ${path} stores ${manifest.quantization ?? "f32"} vectors, ${quantization} wanted`);
  if (options.expectedFingerprint !== undefined && manifest.fingerprint !== options.expectedFingerprint)
    throw stale(
      `index at ${path} was built from other vectors (fingerprint ${manifest.fingerprint.slice(0, 12)}…)`,
    );
  const size = await stat(path).then(
    (s) => s.size,
    (error: unknown) => {
      throw new VectorIndexError(VectorIndexErrorCode.NOT_FOUND, `no index file at ${path}`, {
        cause: error,
      });
    },
  );
  if (size !== manifest.file.bytes)
    throw stale(`index file ${path} is not the one its manifest describes (size)`);
  if ((options.verifyFile ?? true) && (await hashFile(path)).sha256 !== manifest.file.sha256)
    throw stale(`index file ${path} is not the one its manifest describes (sha256)`);
  const native = createNativeIndex(options);
  try {
    native.load(path);
  } catch (error) {
    throw new VectorIndexError(VectorIndexErrorCode.CORRUPT, `usearch cannot load ${path}`, { cause: error });
  }
  if (native.dimensions() !== manifest.dimensions || native.size() !== manifest.count)
    throw new VectorIndexError(
      VectorIndexErrorCode.CORRUPT,
      `index file ${path} holds ${native.size()} × ${native.dimensions()}-d, manifest says ${manifest.count} × ${manifest.dimensions}-d`,
    );
  let fingerprint: ContentFingerprint;
  try {
    fingerprint = new ContentFingerprint(manifest.fingerprintState);
  } catch (error) {
    throw new VectorIndexError(
      VectorIndexErrorCode.CORRUPT,
      `manifest of ${path} has a bad fingerprint state`,
      { cause: error },
    );
  }
  return wrapNativeIndex(native, fingerprint, quantization);
}
