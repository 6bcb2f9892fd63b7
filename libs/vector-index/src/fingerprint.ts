import { createHash } from "node:crypto";

/** The resumable state of a {@link ContentFingerprint}, as stored in a manifest. */
export interface FingerprintState {
  count: number;
  /** 8 little-endian u32 lane sums, hex. */
  lanes: string;
}

/**
 * An order-independent fingerprint of a set of (key, vector) pairs: each pair is hashed with
 * sha256 and the digests are summed lane-wise (8 × u32), so adding the same pairs in any order,
 * in one call or many, before or after a save/load, gives the same fingerprint.
 */
export class ContentFingerprint {
  private readonly lanes = new Uint32Array(8);
  private count = 0;

  constructor(state?: FingerprintState) {
    if (state === undefined) return;
    const bytes = Buffer.from(state.lanes, "hex");
    if (bytes.length !== 32 || !Number.isSafeInteger(state.count)) throw new Error("bad fingerprint state");
    for (let lane = 0; lane < 8; lane++) this.lanes[lane] = bytes.readUInt32LE(lane * 4);
    this.count = state.count;
  }

  /** Adds one pair. */
  add(key: bigint, vector: Float32Array): void {
    const keyBytes = Buffer.alloc(8);
    keyBytes.writeBigUInt64LE(key);
    const digest = createHash("sha256")
      .update(keyBytes)
      .update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength))
      .digest();
    for (let lane = 0; lane < 8; lane++) this.lanes[lane] = this.lanes[lane]! + digest.readUInt32LE(lane * 4);
    this.count++;
  }

  /** The resumable state (stored in the manifest). */
  state(): FingerprintState {
    return { count: this.count, lanes: Buffer.from(this.lanes.buffer, 0, 32).toString("hex") };
  }

  /** The fingerprint: sha256 hex over the count and the lane sums. */
  value(): string {
    const count = Buffer.alloc(8);
    count.writeBigUInt64LE(BigInt(this.count));
    return createHash("sha256").update(count).update(new Uint8Array(this.lanes.buffer)).digest("hex");
  }
}

/**
 * The fingerprint an index holding exactly these pairs has (see `VectorIndex.fingerprint`),
 * so a caller can tell whether an index on disk was built from the vectors it has now.
 */
export function vectorFingerprint(
  keys: readonly (bigint | number)[],
  vectors: readonly Float32Array[],
): string {
  const fingerprint = new ContentFingerprint();
  keys.forEach((key, i) => {
    fingerprint.add(BigInt(key), vectors[i]!);
  });
  return fingerprint.value();
}
