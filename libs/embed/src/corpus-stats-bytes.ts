import type { CorpusStats } from "./corpus-stats.js";
import { EmbedError, EmbedErrorCode } from "./embed-error.js";
import { DF_SLOT_BITS, LOCAL_FEATURE_VERSION } from "./local-space.js";

const MAGIC = 0x53434754; // "TGCS" little-endian
const FORMAT = 1;
const HEADER = 24;

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/**
 * Encodes {@link CorpusStats} compactly (header, then the non-zero slots as delta-varint pairs),
 * so a snapshot's statistics can be stored next to its vectors and reused to embed queries.
 */
export function serializeCorpusStats(stats: CorpusStats): Uint8Array {
  const body: number[] = [];
  let previous = 0;
  let nonZero = 0;
  stats.documentFrequencies.forEach((df, slot) => {
    if (df === 0) return;
    writeVarint(body, slot - previous);
    writeVarint(body, df);
    previous = slot;
    nonZero++;
  });
  const bytes = new Uint8Array(HEADER + body.length);
  const view = new DataView(bytes.buffer);
  const header = [MAGIC, FORMAT, LOCAL_FEATURE_VERSION, DF_SLOT_BITS, stats.documentCount, nonZero];
  header.forEach((value, i) => {
    view.setUint32(i * 4, value, true);
  });
  bytes.set(body, HEADER);
  return bytes;
}

/** Decodes {@link serializeCorpusStats} output; throws `EmbedError` INVALID_ARGUMENT on foreign or damaged bytes. */
export function deserializeCorpusStats(bytes: Uint8Array): CorpusStats {
  const fail = (why: string): never => {
    throw new EmbedError(EmbedErrorCode.INVALID_ARGUMENT, `corpus stats: ${why}`);
  };
  if (bytes.byteLength < HEADER) fail("too short");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [magic, format, version, bits, documentCount, nonZero] = [0, 1, 2, 3, 4, 5].map((i) =>
    view.getUint32(i * 4, true),
  ) as [number, number, number, number, number, number];
  if (magic !== MAGIC || format !== FORMAT) fail("not a corpus stats blob");
  if (version !== LOCAL_FEATURE_VERSION || bits !== DF_SLOT_BITS)
    fail(
      `made for feature version ${version}/${bits} bits, this embedder uses ${LOCAL_FEATURE_VERSION}/${DF_SLOT_BITS}`,
    );
  const df = new Uint32Array(1 << DF_SLOT_BITS);
  let pos = HEADER;
  const readVarint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.byteLength) return fail("truncated");
      const b = bytes[pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
      if (scale > 2 ** 35) return fail("bad varint");
    }
  };
  let slot = 0;
  for (let i = 0; i < nonZero; i++) {
    slot += readVarint();
    const value = readVarint();
    if (slot >= df.length || value > documentCount) fail("slot or count out of range");
    df[slot] = value;
  }
  if (pos !== bytes.byteLength) fail("trailing bytes");
  return { documentCount, documentFrequencies: df };
}
