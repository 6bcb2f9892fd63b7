import { ByteReader, ByteWriter } from "./byte-stream.js";
import { CoverageError, CoverageErrorCode } from "./errors.js";
import type { FileData, MapData } from "./map-data.js";

/*
 * Layout (all integers unsigned LEB128 varints, strings front-coded against the previous one):
 *   "TGCM" 0x01
 *   tests:  count, strings
 *   sets:   count, per set: header = size * 2 + isBitset, then either a bitset over all slots
 *           (ceil((tests + 1) / 8) bytes) or ascending slots as gaps (whichever is smaller)
 *   files:  count, paths; per file: line count, lines as gaps, set ids zigzag-delta coded,
 *           span count, spans as (first - previous last, last - first), import count, imports as gaps
 */
const MAGIC = [0x54, 0x47, 0x43, 0x4d];
const VERSION = 1;

/** Serialises a map to the compact binary layout described above. */
export function encodeMap(data: MapData): Uint8Array {
  const out = new ByteWriter();
  out.bytes(Uint8Array.from([...MAGIC, VERSION]));
  out.varint(data.tests.length);
  for (const test of data.tests) out.frontCoded(test);
  const slotCount = data.tests.length + 1;
  out.varint(data.sets.length);
  for (const set of data.sets) writeSet(out, set, slotCount);
  out.varint(data.files.length);
  out.resetStrings();
  for (const file of data.files) out.frontCoded(file.path);
  for (const file of data.files) {
    writeGaps(out, file.lines);
    let previousSet = 0;
    for (const id of file.lineSets) {
      const delta = id - previousSet;
      out.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1);
      previousSet = id;
    }
    out.varint(file.spans.length / 2);
    let previousLast = 0;
    for (let i = 0; i < file.spans.length; i += 2) {
      const first = file.spans[i] as number;
      const last = file.spans[i + 1] as number;
      out.varint(first - previousLast);
      out.varint(last - first);
      previousLast = last;
    }
    writeGaps(out, file.imports);
  }
  return out.finish();
}

/** Reads what {@link encodeMap} wrote; throws INVALID_BINARY on anything else. */
export function decodeMap(bytes: Uint8Array): MapData {
  const input = new ByteReader(bytes);
  const head = input.bytes(5);
  if (MAGIC.some((byte, i) => head[i] !== byte)) throw corrupt("not a coverage map");
  if (head[4] !== VERSION) throw corrupt(`unsupported version ${head[4]}`);
  const tests = Array.from({ length: input.count() }, () => input.frontCoded());
  const slotCount = tests.length + 1;
  const sets = Array.from({ length: input.count() }, () => readSet(input, slotCount));
  const fileCount = input.count();
  input.resetStrings();
  const paths = Array.from({ length: fileCount }, () => input.frontCoded());
  const files = paths.map((path): FileData => {
    const lines = readGaps(input, 0x100000000, "line");
    let id = 0;
    const lineSets = lines.map(() => {
      const zigzag = input.varint();
      id += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      if (id < 0 || id >= sets.length) throw corrupt(`set id ${id} out of range`);
      return id;
    });
    const spans = new Uint32Array(input.count() * 2);
    let previousLast = 0;
    for (let i = 0; i < spans.length; i += 2) {
      spans[i] = previousLast + input.varint();
      spans[i + 1] = previousLast = (spans[i] as number) + input.varint();
    }
    return { path, lines, lineSets, spans, imports: readGaps(input, fileCount, "file index") };
  });
  if (!input.done) throw corrupt("trailing bytes");
  return { tests, sets, files };
}

function writeSet(out: ByteWriter, set: Uint32Array, slotCount: number): void {
  const bitsetBytes = Math.ceil(slotCount / 8);
  let gapBytes = 0;
  let previous = 0;
  for (const slot of set) {
    const gap = slot - previous;
    gapBytes += gap < 0x80 ? 1 : gap < 0x4000 ? 2 : 3;
    previous = slot;
  }
  if (bitsetBytes < gapBytes) {
    out.varint(set.length * 2 + 1);
    const bits = new Uint8Array(bitsetBytes);
    for (const slot of set) bits[slot >>> 3] = (bits[slot >>> 3] as number) | (1 << (slot & 7));
    out.bytes(bits);
  } else {
    out.varint(set.length * 2);
    previous = 0;
    for (const slot of set) {
      out.varint(slot - previous);
      previous = slot;
    }
  }
}

function readSet(input: ByteReader, slotCount: number): Uint32Array {
  const header = input.varint();
  const size = Math.floor(header / 2);
  if (size > slotCount) throw corrupt("set larger than the test list");
  const set = new Uint32Array(size);
  if (header % 2 === 1) {
    const bits = input.bytes(Math.ceil(slotCount / 8));
    let n = 0;
    for (let slot = 0; slot < slotCount && n < size; slot++) {
      if (((bits[slot >>> 3] as number) >>> (slot & 7)) & 1) set[n++] = slot;
    }
    if (n !== size) throw corrupt("bitset size mismatch");
    return set;
  }
  let slot = 0;
  for (let i = 0; i < size; i++) {
    slot += input.varint();
    if (slot >= slotCount || (i > 0 && slot === set[i - 1])) throw corrupt(`slot ${slot} out of range`);
    set[i] = slot;
  }
  return set;
}

function writeGaps(out: ByteWriter, values: Uint32Array): void {
  out.varint(values.length);
  let previous = 0;
  for (const value of values) {
    out.varint(value - previous);
    previous = value;
  }
}

function readGaps(input: ByteReader, limit: number, what: string): Uint32Array {
  const values = new Uint32Array(input.count());
  let value = 0;
  for (let i = 0; i < values.length; i++) {
    value += input.varint();
    if (value >= limit) throw corrupt(`${what} ${value} out of range`);
    values[i] = value;
  }
  return values;
}

function corrupt(message: string): CoverageError {
  return new CoverageError(CoverageErrorCode.INVALID_BINARY, `coverage map binary: ${message}`);
}
