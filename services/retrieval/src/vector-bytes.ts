import { createHash } from "node:crypto";

/** A vector as stored in Postgres: its float32 values, little-endian (the byte order of every supported CPU). */
export function vectorToBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

/** A stored vector back as a Float32Array (copied, so the result is aligned whatever the driver returned). */
export function bytesToVector(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new Error(`a vector of ${bytes.byteLength} bytes is not float32`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** sha256 (32 hex characters) of a vector's bytes: equal vectors have equal shas and share one index entry. */
export function vectorSha(vector: Float32Array): string {
  return createHash("sha256")
    .update(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength))
    .digest("hex")
    .slice(0, 32);
}
