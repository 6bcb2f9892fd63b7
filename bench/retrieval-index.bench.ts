// bench:retrieval-index — the retrieval service's two libraries on real code, in one run:
// the local code embedder (units/s) over Debian's Python stdlib and dist-packages, filled up
// with perturbed copies to 63,651 vectors of 1024 dims; then @tracegen/vector-index beside
// usearch called directly with the same settings: build time, single-query p50/p99 and QPS,
// recall@10 against exact search on 200 queries. Prints a table.
//   node --conditions=source --import tsx bench/retrieval-index.bench.ts [--count 63651] [--queries 200]
//     [--connectivity 32] [--expansion-add 200] [--expansion-search 256] (the library's defaults)
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildCorpusStats, createLocalCodeEmbedder } from "@tracegen/embed";
import { parsePythonFile } from "@tracegen/python";
import { createVectorIndex, exactSearch, loadVectorIndex, type SearchHit } from "@tracegen/vector-index";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "63651" },
    queries: { type: "string", default: "200" },
    connectivity: { type: "string", default: "32" },
    "expansion-add": { type: "string", default: "200" },
    "expansion-search": { type: "string", default: "256" },
  },
});
const COUNT = Number(values.count);
const QUERIES = Number(values.queries);
const ROUNDS = 5;
const SETTINGS = {
  connectivity: Number(values.connectivity),
  expansionAdd: Number(values["expansion-add"]),
  expansionSearch: Number(values["expansion-search"]),
};
const ROOTS = ["/usr/lib/python3.11", "/usr/lib/python3/dist-packages"];

// usearch raw, the same module the library loads (its CommonJS build; see usearch-binding.ts);
// typed here with just the calls made, as the bench does not depend on usearch itself.
interface RawIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(query: Float32Array, k: number, threads: number): { keys: BigUint64Array };
}
const usearch = createRequire(new URL("../libs/vector-index/package.json", import.meta.url))("usearch") as {
  Index: new (config: Record<string, unknown>) => RawIndex;
};

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(63651);

function listPython(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "site-packages" && entry.name !== "dist-packages")
      listPython(path, into);
    else if (entry.isFile() && entry.name.endsWith(".py")) into.push(path);
  }
  return into;
}

/** A synthetic-bug-like edit: one operator flipped and one local renamed; undefined if none applies. */
function perturb(source: string): string | undefined {
  const flipped = source.replace(
    / (==|<|>|\+|and) /,
    (_, op: string) => ` ${{ "==": "!=", "<": "<=", ">": ">=", "+": "-", and: "or" }[op]} `,
  );
  const local = /\n\s+([a-z_][a-z0-9_]*) = /.exec(flipped);
  const out = local === null ? flipped : flipped.replace(new RegExp(`\\b${local[1]}\\b`, "g"), "tmp_value");
  return out === source ? undefined : out;
}

function noisy(v: Float32Array, spread: number): Float32Array {
  const out = v.map((x) => x + (spread / 32) * (rand() * 2 - 1) * Math.sqrt(3));
  let norm = 0;
  for (const x of out) norm += x * x;
  return out.map((x) => x / Math.sqrt(norm));
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

console.log(
  `load average at start ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${availableParallelism()} CPUs`,
);

// 1. Real units and the embedder.
let started = performance.now();
const sources = ROOTS.flatMap((root) =>
  listPython(root)
    .sort()
    .flatMap((path) => parsePythonFile(path, readFileSync(path)).units.filter((u) => u.kind !== "module")),
).map((u) => u.source);
console.log(
  `parsed ${sources.length} units (functions, methods, classes) in ${seconds(performance.now() - started)} s`,
);
const real = sources.slice(0, COUNT);
started = performance.now();
const stats = buildCorpusStats(real);
const statsMs = performance.now() - started;
const embedder = createLocalCodeEmbedder({ corpusStats: stats });
started = performance.now();
const vectors = real.map((s) => embedder.embedOne(s));
const embedMs = performance.now() - started;
const chars = real.reduce((n, s) => n + s.length, 0);
let perturbedSources = 0;
while (vectors.length < COUNT) {
  const i = Math.floor(rand() * real.length);
  const edited = perturb(real[i]!);
  if (edited !== undefined) perturbedSources++;
  vectors.push(edited === undefined ? noisy(vectors[i]!, 0.3) : embedder.embedOne(edited));
}
const queries = Array.from({ length: QUERIES }, () => {
  const i = Math.floor(rand() * real.length);
  const edited = perturb(real[i]!);
  return edited === undefined ? noisy(vectors[i]!, 0.5) : embedder.embedOne(edited);
});
console.log(
  `embedder ${embedder.name}: corpus stats ${Math.round(real.length / (statsMs / 1000))} units/s; ` +
    `embed ${Math.round(real.length / (embedMs / 1000))} units/s (${(chars / 1e6 / (embedMs / 1000)).toFixed(1)} MB/s, ` +
    `${real.length} units in ${seconds(embedMs)} s); +${COUNT - real.length} perturbed copies ` +
    `(${perturbedSources} re-embedded edited sources, the rest vector noise)`,
);

// 2. Ground truth: the exact top 10 of each query, and its 10th score (hits scoring at least that
// are "tie-aware" correct: real code has identical units, whose vectors are interchangeable).
const dot = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};
interface Truth {
  keys: Set<number>;
  first: number;
  tenth: number;
}
function groundTruth(filter?: (key: number) => boolean): Truth[] {
  return queries.map((q) => {
    const hits = exactSearch(vectors, q, 10, filter);
    return {
      keys: new Set(hits.map((h) => h.key)),
      first: hits[0]!.score,
      tenth: hits[hits.length - 1]!.score,
    };
  });
}
started = performance.now();
const truth = groundTruth();
const exactMs = (performance.now() - started) / QUERIES;

interface Row {
  variant: string;
  buildMs: number;
  /** CPU time of the build (all threads): steadier than wall time on a shared machine. */
  buildCpuMs: number;
  p50: number;
  p99: number;
  qps: number;
  recall: number;
  tieAware: number;
  top1: number;
}

let cpuStarted = process.cpuUsage();
/** Starts the wall and CPU clocks of a build. */
function startClock(): void {
  started = performance.now();
  cpuStarted = process.cpuUsage();
}
/** Wall and CPU ms since {@link startClock}. */
function stopClock(): [number, number] {
  const cpu = process.cpuUsage(cpuStarted);
  return [performance.now() - started, (cpu.user + cpu.system) / 1000];
}

function measure(
  variant: string,
  [buildMs, buildCpuMs]: [number, number],
  search: (q: Float32Array) => number[],
  expected = truth,
): Row {
  let found = 0;
  let foundTies = 0;
  let top1 = 0;
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    queries.forEach((q, i) => {
      const t = performance.now();
      const keys = search(q);
      times.push(performance.now() - t);
      if (round > 0) return;
      const want = expected[i]!;
      found += keys.filter((k) => want.keys.has(k)).length;
      foundTies += keys.filter((k) => dot(vectors[k]!, q) >= want.tenth - 1e-6).length;
      if (keys[0] !== undefined && dot(vectors[keys[0]]!, q) >= want.first - 1e-6) top1++;
    });
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  return {
    variant,
    buildMs,
    buildCpuMs,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    qps: times.length / (total / 1000),
    recall: found / (QUERIES * 10),
    tieAware: foundTies / (QUERIES * 10),
    top1: top1 / QUERIES,
  };
}

const rows: Row[] = [];
const keys = vectors.map((_, i) => i);
const keyOf = (hits: SearchHit[]) => hits.map((h) => h.key);

// 3. usearch directly, same settings.
startClock();
const raw = new usearch.Index({
  dimensions: 1024,
  metric: "ip",
  quantization: "f32",
  connectivity: SETTINGS.connectivity,
  expansion_add: SETTINGS.expansionAdd,
  expansion_search: SETTINGS.expansionSearch,
  multi: false,
});
const flat = new Float32Array(COUNT * 1024);
vectors.forEach((v, i) => {
  flat.set(v, i * 1024);
});
raw.add(BigUint64Array.from(keys, BigInt), flat, 0);
rows.push(measure("usearch raw", stopClock(), (q) => Array.from(raw.search(q, 10, 1).keys, Number)));

// 4. The library: build, filtered search, save, load (and load with a wider search).
startClock();
const index = createVectorIndex({ dimensions: 1024, ...SETTINGS });
index.add(keys, vectors);
rows.push(measure("@tracegen/vector-index", stopClock(), (q) => keyOf(index.search(q, 10))));
const accept = (key: number) => key % 10 === 3;
rows.push(
  measure(
    "  … filter, 10% of keys pass",
    [0, 0],
    (q) => keyOf(index.search(q, 10, accept)),
    groundTruth(accept),
  ),
);

const dir = await mkdtemp(join(tmpdir(), "retrieval-bench-"));
const path = join(dir, "index.usearch");
started = performance.now();
await index.save(path);
const saveMs = performance.now() - started;
for (const expansionSearch of [SETTINGS.expansionSearch, SETTINGS.expansionSearch * 2]) {
  startClock();
  const loaded = await loadVectorIndex(path, { dimensions: 1024, ...SETTINGS, expansionSearch });
  const label = `  … loaded, expansion search ${expansionSearch}`;
  rows.push(measure(label, stopClock(), (q) => keyOf(loaded.search(q, 10))));
}
await rm(dir, { recursive: true, force: true });

console.log(
  `\n${COUNT} vectors × 1024 dims, connectivity ${SETTINGS.connectivity}, expansion add/search ` +
    `${SETTINGS.expansionAdd}/${SETTINGS.expansionSearch}, ${QUERIES} queries × ${ROUNDS} rounds, one query per call\n`,
);
console.log(
  "| variant | build / load s (CPU s) | p50 ms | p99 ms | QPS (1 thread) | recall@10 | tie-aware | top-1 |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
const f4 = (x: number) => x.toFixed(4);
for (const r of rows)
  console.log(
    `| ${r.variant} | ${r.buildMs === 0 ? "–" : `${seconds(r.buildMs)} (${seconds(r.buildCpuMs)})`} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ` +
      `${Math.round(r.qps)} | ${f4(r.recall)} | ${f4(r.tieAware)} | ${f4(r.top1)} |`,
  );
console.log(
  `| exact search (JS brute force) | – | ${exactMs.toFixed(1)} (mean) | – | ${Math.round(1000 / exactMs)} | 1 | 1 | 1 |`,
);
console.log(
  `\nsave ${seconds(saveMs)} s (usearch save + sha256 + manifest); load = manifest check + sha256 + usearch load`,
);
console.log(
  `${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} at the end`,
);
console.log(`RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB at the end`);
