// bench:retrieval — the retrieval service end to end on 63,651 distinct vectors of real code, in
// one run: Debian's Python stdlib and dist-packages parsed into units, filled up with edited
// copies (an operator flipped, a local renamed) until 63,651 distinct vectors, stored in Postgres
// as one snapshot the way ingest stores it; then the retrieval core indexes it (embedder
// throughput, index build), rebuilds it from Postgres and loads it from disk, and answers 200
// code queries (edited copies of real units) in process and through its gRPC server (in this
// process, in its own, and with the client in a process of its own too), beside
// usearch used directly on the same vectors with the same settings, each variant after untimed
// rounds until its p50 stops falling (warm-up.ts). Recall@10 is against exact search over the
// same vectors. Prints a table, the warm-up curves and the load average.
//   pnpm bench:retrieval [--count 63651] [--queries 200] [--rounds 5] [--concurrency 8]
//     [--db postgres://...] (default: a scratch database on TRACEGEN_TEST_PG_URL, dropped after;
//     a kept database already holds the vectors on a second run, so IndexSnapshot embeds nothing)
//     [--connectivity N] [--expansion-add N] [--expansion-search N] [--quantization f32|bf16|f16|i8]
//     (default: the retrieval service's index settings)
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { insertRows, openDatabase } from "@tracegen/db";
import { createScratchPostgres } from "@tracegen/db/testing";
import { buildCorpusStats, createLocalCodeEmbedder, deserializeCorpusStats } from "@tracegen/embed";
import { createGrpcClient } from "@tracegen/grpc";
import { silentLogger } from "@tracegen/log";
import { RetrievalService } from "@tracegen/proto";
import { parsePythonFile } from "@tracegen/python";
import { createRetrievalCore, type IndexSettings, startRetrievalService } from "@tracegen/retrieval";
import { DEFAULT_INDEX_SETTINGS, type Quantization } from "@tracegen/vector-index";
import { warmUp, warmUpText } from "./warm-up.js";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "63651" },
    queries: { type: "string", default: "200" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "8" },
    db: { type: "string" },
    connectivity: { type: "string" },
    "expansion-add": { type: "string" },
    "expansion-search": { type: "string" },
    quantization: { type: "string" },
  },
});
const COUNT = Number(values.count);
const QUERIES = Number(values.queries);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const SETTINGS: Required<IndexSettings> = {
  connectivity: Number(values.connectivity ?? DEFAULT_INDEX_SETTINGS.connectivity),
  expansionAdd: Number(values["expansion-add"] ?? DEFAULT_INDEX_SETTINGS.expansionAdd),
  expansionSearch: Number(values["expansion-search"] ?? DEFAULT_INDEX_SETTINGS.expansionSearch),
  quantization: (values.quantization ?? DEFAULT_INDEX_SETTINGS.quantization) as Quantization,
};
const ROOTS = ["/usr/lib/python3.11", "/usr/lib/python3/dist-packages"];
const REPO = "bench/python-sources";

// usearch used directly: the module @tracegen/vector-index loads (its CommonJS build).
interface RawIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(query: Float32Array, k: number, threads: number): { keys: BigUint64Array };
}
const usearch = createRequire(new URL("../libs/vector-index/package.json", import.meta.url))("usearch") as {
  Index: new (config: Record<string, unknown>) => RawIndex;
  exactSearch(
    dataset: Float32Array,
    queries: Float32Array,
    dimensions: number,
    k: number,
    metric: string,
    threads: number,
  ): { keys: BigUint64Array; distances: Float32Array };
};

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
let seed = 63651;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

console.log(`load average ${loads()} on ${availableParallelism()} CPUs at the start`);

// 1. Real units, filled up with edited copies to COUNT distinct vectors.
function listPython(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "site-packages" && entry.name !== "dist-packages")
      listPython(path, into);
    else if (entry.isFile() && entry.name.endsWith(".py")) into.push(path);
  }
  return into;
}

interface BenchUnit {
  path: string;
  qualifiedName: string;
  kind: string;
  startLine: number;
  endLine: number;
  signature: string;
  source: string;
}

const FLIPS: [RegExp, string][] = [
  [/ == /g, " != "],
  [/ < /g, " <= "],
  [/ > /g, " >= "],
  [/ \+ /g, " - "],
  [/ - /g, " + "],
  [/ and /g, " or "],
  [/ is not /g, " is "],
  [/ not in /g, " in "],
];
const NAMES = ["tmp_value", "result_", "acc", "item_", "node_x", "buf"];

/** A synthetic-bug-like edit: one operator occurrence flipped, maybe a local renamed; undefined if nothing changed. */
function perturb(source: string): string | undefined {
  let out = source;
  const [pattern, replacement] = pick(FLIPS);
  const matches = [...source.matchAll(pattern)];
  if (matches.length > 0) {
    const m = pick(matches);
    out = out.slice(0, m.index) + replacement + out.slice(m.index + m[0].length);
  }
  const locals = [...out.matchAll(/\n\s+([a-z_][a-z0-9_]*) = /g)];
  if (locals.length > 0 && rand() < 0.7)
    out = out.replace(new RegExp(`\\b${pick(locals)[1]}\\b`, "g"), pick(NAMES));
  return out === source ? undefined : out;
}

let started = performance.now();
const parsed: BenchUnit[] = ROOTS.flatMap((root) =>
  listPython(root)
    .sort()
    .flatMap((file) =>
      parsePythonFile(file.slice(1), readFileSync(file))
        .units.filter((u) => u.kind !== "module")
        .map((u) => ({
          path: file.slice(1),
          qualifiedName: u.qualifiedName,
          kind: u.kind,
          startLine: u.startLine,
          endLine: u.endLine,
          signature: u.signature,
          source: u.source,
        })),
    ),
);
const parseMs = performance.now() - started;
// Equal vectors share one index entry; keep one unit per distinct vector so every unit is its own
// answer (feature-identical texts give equal vectors under any corpus statistics).
const plain = createLocalCodeEmbedder();
const seen = new Set<string>();
const distinct = (text: string) => {
  const v = plain.embedOne(text);
  const key = createHash("sha256").update(new Uint8Array(v.buffer)).digest("hex");
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
};
const units: BenchUnit[] = [];
for (const unit of parsed) if (units.length < COUNT && distinct(unit.source)) units.push(unit);
const real = units.length;
const originals = units.slice();
while (units.length < COUNT) {
  const base = pick(originals);
  const edited = perturb(base.source);
  if (edited === undefined || !distinct(edited)) continue;
  units.push({ ...base, path: `edited/${units.length}.py`, source: edited });
}
console.log(
  `parsed ${parsed.length} function / class / method units in ${seconds(parseMs)} s; ${real} distinct, ` +
    `+${COUNT - real} edited copies = ${units.length} units with distinct vectors`,
);

// 2. The embedder alone: corpus statistics and embedding, units/s.
started = performance.now();
const stats = buildCorpusStats(units.map((u) => u.source));
const statsMs = performance.now() - started;
const local = createLocalCodeEmbedder({ corpusStats: stats });
started = performance.now();
for (const u of units) local.embedOne(u.source);
const embedMs = performance.now() - started;
const megabytes = units.reduce((n, u) => n + u.source.length, 0) / 1e6;
const embedderLine =
  `embedder ${local.name}: corpus statistics ${Math.round(units.length / (statsMs / 1000))} units/s; ` +
  `embedding ${Math.round(units.length / (embedMs / 1000))} units/s (${(megabytes / (embedMs / 1000)).toFixed(1)} MB/s, one thread)`;
console.log(embedderLine);

// 3. The units in Postgres, as ingest stores a snapshot.
const scratch = values.db === undefined ? await createScratchPostgres() : undefined;
const url = values.db ?? scratch!.url;
const database = await openDatabase({ kind: "postgres", url });
const snapshotId = `${REPO.replace("/", "__")}@${sha256(units.map((u) => u.source).join("\0")).slice(0, 40)}`;
started = performance.now();
await database.db
  .insertInto("repos")
  .values({ name: REPO, source: ROOTS.join(" ") })
  .onConflict((oc) => oc.doNothing())
  .execute();
await database.db
  .insertInto("snapshots")
  .values({
    id: snapshotId,
    repo: REPO,
    commit: snapshotId.split("@")[1]!,
    status: "parsed",
    parsed_at: new Date(),
  })
  .onConflict((oc) => oc.doNothing())
  .execute();
await insertRows(
  database.db,
  "unit_contents",
  units.map((u) => ({
    content_hash: sha256(u.source),
    kind: u.kind,
    signature: u.signature,
    docstring: "",
    source: u.source,
  })),
  { onConflictDoNothing: ["content_hash"] },
);
await insertRows(
  database.db,
  "snapshot_units",
  units.map((u) => ({
    snapshot_id: snapshotId,
    path: u.path,
    qualified_name: u.qualifiedName,
    kind: u.kind,
    start_line: u.startLine,
    end_line: u.endLine,
    content_hash: sha256(u.source),
  })),
  { onConflictDoNothing: ["snapshot_id", "path", "qualified_name", "start_line"] },
);
console.log(`stored ${units.length} units in Postgres in ${seconds(performance.now() - started)} s`);

// 4. The retrieval core indexes the snapshot: embeds every content hash once, builds the index.
const indexDir = await mkdtemp(join(tmpdir(), "retrieval-bench-"));
const coreOptions = { db: database.db, indexDir, logger: silentLogger(), index: SETTINGS };
let cpu = process.cpuUsage();
const indexed = await createRetrievalCore(coreOptions).indexSnapshot(snapshotId);
cpu = process.cpuUsage(cpu);
console.log(
  `core indexSnapshot: ${indexed.contents} content hashes, ${indexed.embedded} embedded, ${indexed.vectors} vectors in ` +
    `${seconds(indexed.durationMs)} s (embed + store ${seconds(indexed.embedMs)} s, index build + save ${seconds(indexed.indexMs)} s; ` +
    `${seconds((cpu.user + cpu.system) / 1000)} CPU s); ${Math.round(indexed.embedded / (indexed.embedMs / 1000))} units/s embedded and stored`,
);

// The stored vectors (Postgres is the source of truth) and the space's statistics, for exact search.
const rows = await database.db.selectFrom("embeddings").select(["content_hash", "vector"]).execute();
const rowOfHash = new Map(rows.map((r, i) => [r.content_hash, i]));
const flat = new Float32Array(rows.length * 1024);
rows.forEach((r, i) => {
  flat.set(new Float32Array(new Uint8Array(r.vector).buffer), i * 1024);
});
const space = await database.db
  .selectFrom("embedding_spaces")
  .select("corpus_stats")
  .executeTakeFirstOrThrow();
const queryEmbedder = createLocalCodeEmbedder({ corpusStats: deserializeCorpusStats(space.corpus_stats!) });
const queryTexts: string[] = [];
while (queryTexts.length < QUERIES) {
  const edited = perturb(pick(originals).source);
  if (edited !== undefined) queryTexts.push(edited);
}
const queryVectors = queryTexts.map((t) => queryEmbedder.embedOne(t));
started = performance.now();
const truth = queryVectors.map(
  (q) => new Set(Array.from(usearch.exactSearch(flat, q, 1024, 10, "ip", 0).keys, Number)),
);
const exactMs = (performance.now() - started) / QUERIES;

interface Row {
  variant: string;
  build: string;
  p50: number;
  p99: number;
  qps: number;
  recall: number;
}
const table: Row[] = [];
/** Each measured variant's warm-up curve, printed under the table. */
const warmUps: string[] = [];

/** Latencies over ROUNDS rounds (the first one also scores recall@10); `rows` are row numbers of `flat`. */
async function measure(
  variant: string,
  build: string,
  search: (i: number) => Promise<number[]> | number[],
  scored = true,
) {
  const times: number[] = [];
  let found = 0;
  // Untimed rounds until the p50 stops falling (bench/warm-up.ts): every variant measured warm.
  warmUps.push(`${variant.trim()}: ${warmUpText(await warmUp(search, QUERIES))}`);
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < QUERIES; i++) {
      const t = performance.now();
      const hits = await search(i);
      times.push(performance.now() - t);
      if (round === 0) found += hits.slice(0, 10).filter((row) => truth[i]!.has(row)).length;
    }
  const total = times.reduce((a, b) => a + b, 0);
  times.sort((a, b) => a - b);
  table.push({
    variant,
    build,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    qps: times.length / (total / 1000),
    recall: scored ? found / (QUERIES * 10) : Number.NaN,
  });
}
const buildText = (wallMs: number, cpuMs: number) => `${seconds(wallMs)} (${seconds(cpuMs)} CPU)`;
const clock = () => {
  const wall = performance.now();
  const c = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(c);
    return buildText(performance.now() - wall, (used.user + used.system) / 1000);
  };
};

// 5. usearch used directly, same vectors and settings, both cores for add.
let stop = clock();
const raw = new usearch.Index({
  dimensions: 1024,
  metric: "ip",
  quantization: SETTINGS.quantization,
  connectivity: SETTINGS.connectivity,
  expansion_add: SETTINGS.expansionAdd,
  expansion_search: SETTINGS.expansionSearch,
  multi: false,
});
raw.add(
  BigUint64Array.from(rows, (_, i) => BigInt(i)),
  flat,
  0,
);
const rawBuild = stop();
await measure("usearch directly (query vector given)", rawBuild, (i) =>
  Array.from(raw.search(queryVectors[i]!, 10, 1).keys, Number),
);

await measure(
  "local embedder alone, one query text",
  "",
  (i) => {
    queryEmbedder.embedOne(queryTexts[i]!);
    return [];
  },
  false,
);

// 6. The core: rebuilt from Postgres when its file is gone, then loaded from disk.
const rowsOf = (hits: { contentHash: string }[]) => hits.map((h) => rowOfHash.get(h.contentHash) ?? -1);
for (const f of readdirSync(indexDir)) rmSync(join(indexDir, f));
const rebuilt = createRetrievalCore(coreOptions);
stop = clock();
await rebuilt.search({ code: queryTexts[0]! }, { k: 10 });
const rebuildTime = stop();
const loaded = createRetrievalCore(coreOptions);
stop = clock();
await loaded.search({ code: queryTexts[0]! }, { k: 10 });
const loadTime = stop();
await measure(
  "core in process (embeds the query code)",
  `rebuild ${rebuildTime}; load ${loadTime}`,
  async (i) => rowsOf(await loaded.search({ code: queryTexts[i]! }, { k: 10 })),
);
await measure("  … method units only (filtered)", "", async (i) =>
  rowsOf(await loaded.search({ code: queryTexts[i]! }, { k: 10, filter: { kinds: ["method"] } })),
);

// 7. Through gRPC: the real retrieval server on loopback (it loads the index from disk), first in
// this process (client and server share one thread), then in a process of its own.
async function grpcRows(label: string, port: number): Promise<number> {
  // A client tuned for latency: no channelz bookkeeping, no retry machinery (grpc-js wraps every
  // call in a retrying call otherwise); ~0.1-0.2 ms of client CPU per call on this machine.
  const client = createGrpcClient(RetrievalService, `127.0.0.1:${port}`, {
    defaultDeadlineMs: 600_000,
    channelOptions: { "grpc.enable_channelz": 0, "grpc.enable_retries": 0 },
  });
  const grpcSearch = async (i: number) =>
    (await client.search({ query: { case: "code", value: queryTexts[i]! }, k: 10 })).hits.map(
      (h) => rowOfHash.get(h.unit?.contentHash ?? "") ?? -1,
    );
  await grpcSearch(0); // the server loads its index on the first search
  await measure(`core through gRPC, ${label}`, "", grpcSearch);
  // A request the server refuses at once (no query): what the round trip alone costs here.
  await measure(
    "  … a refused request (transport alone)",
    "",
    async () => {
      await client.search({ k: 10 }).catch(() => undefined);
      return [];
    },
    false,
  );
  const begun = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < QUERIES * ROUNDS; i = next++) await grpcSearch(i % QUERIES);
    }),
  );
  client.close();
  return (QUERIES * ROUNDS) / ((performance.now() - begun) / 1000);
}
/** Runs a script of this folder in a Node process of its own, from source as `pnpm bench:*` does. */
function spawnScript(script: string, args: string[]) {
  return spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", fileURLToPath(new URL(script, import.meta.url)), ...args],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
}

/** CPU ms per sequential gRPC search, all threads of each process: less load-dependent than latency. */
let cpuPerCall = { client: Number.NaN, server: Number.NaN };
/** p50s of searches and bare health checks alternating call by call (the same moments of the machine). */
let paired = { search: Number.NaN, health: Number.NaN };
/** The same calls from a client process of its own (bench/retrieval-client.ts): two small processes, as in a deployment. */
async function separateClient(port: number, serverPid: number): Promise<number> {
  const client = spawnScript("./retrieval-client.ts", [
    "--port",
    String(port),
    "--rounds",
    String(ROUNDS),
    "--concurrency",
    String(CONCURRENCY),
    "--server-pid",
    String(serverPid),
  ]);
  client.stdin.end(JSON.stringify(queryTexts));
  let out = "";
  client.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const [code] = (await once(client, "exit")) as [number | null];
  if (code !== 0) throw new Error(`retrieval client exited with ${code}: ${out}`);
  const result = JSON.parse(out) as {
    times: number[];
    hits: string[][];
    refused: number[];
    paired: { search: number[]; health: number[] };
    qps: number;
    warmUp: string;
    warmUpHealth: string;
    clientCpuPerCall: number;
    serverCpuPerCall: number;
  };
  cpuPerCall = { client: result.clientCpuPerCall, server: result.serverCpuPerCall };
  warmUps.push(`core through gRPC, server and client each in a process of its own: ${result.warmUp}`);
  warmUps.push(`  … the health checks on a bare grpc-js client: ${result.warmUpHealth}`);
  /** Adds a table row for `times` and returns its p50. */
  const row = (variant: string, times: number[], recall: number): number => {
    const total = times.reduce((a, b) => a + b, 0);
    const sorted = times.slice().sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    table.push({
      variant,
      build: "",
      p50,
      p99: quantile(sorted, 0.99),
      qps: times.length / (total / 1000),
      recall,
    });
    return p50;
  };
  const found = result.hits.reduce(
    (n, hashes, i) => n + hashes.slice(0, 10).filter((h) => truth[i]!.has(rowOfHash.get(h) ?? -1)).length,
    0,
  );
  row(
    "core through gRPC, server and client each in a process of its own",
    result.times,
    found / (QUERIES * 10),
  );
  row("  … a refused request (transport alone)", result.refused, Number.NaN);
  paired = {
    search: row(
      "  … searches alternating call by call with a bare health check",
      result.paired.search,
      Number.NaN,
    ),
    health: row(
      "  … the health checks on a bare grpc-js client between them (the round trip alone)",
      result.paired.health,
      Number.NaN,
    ),
  };
  return result.qps;
}

const inProcess = await startRetrievalService(
  {
    db: url,
    listen: { host: "127.0.0.1", port: 0 },
    indexDir,
    embedder: { kind: "local" },
    logLevel: "silent",
  },
  silentLogger(),
  { index: SETTINGS },
);
const sharedQps = await grpcRows("server in this process", inProcess.port);
await inProcess.stop();
const child = spawnScript("./retrieval-server.ts", [
  "--db",
  url,
  "--index-dir",
  indexDir,
  "--settings",
  JSON.stringify(SETTINGS),
]);
child.stdin.end();
const childPort = await new Promise<number>((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    const line = out.split("\n").find((l) => l.startsWith("{"));
    if (line) resolve((JSON.parse(line) as { port: number }).port);
  });
  child.once("exit", (code) => reject(new Error(`retrieval server exited with ${code}: ${out}`)));
});
const ownQps = await grpcRows("server in its own process", childPort);
const separateQps = await separateClient(childPort, child.pid!);
child.kill("SIGTERM");
await once(child, "exit");

console.log(
  `\n${indexed.vectors} vectors × 1024 dims, connectivity ${SETTINGS.connectivity}, expansion add/search ` +
    `${SETTINGS.expansionAdd}/${SETTINGS.expansionSearch}; ${QUERIES} code queries (edited copies of real units) × ${ROUNDS} rounds, k = 10\n`,
);
console.log("| variant | build / rebuild s (CPU s) | p50 ms | p99 ms | QPS | recall@10 |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of table)
  console.log(
    `| ${r.variant} | ${r.build || "–"} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} | ${Math.round(r.qps)} | ${Number.isNaN(r.recall) ? "–" : r.recall.toFixed(4)} |`,
  );
console.log(
  `| core through gRPC, ${CONCURRENCY} calls in flight (server in this process / its own / client in its own too) | – | – | – | ${Math.round(sharedQps)} / ${Math.round(ownQps)} / ${Math.round(separateQps)} | – |`,
);
console.log(
  `| exact search (usearch exactSearch, all cores) | – | ${exactMs.toFixed(2)} (mean) | – | – | 1 |`,
);
console.log(`\nwarm-up (untimed rounds of the ${QUERIES} queries until the p50 stops falling):`);
for (const line of warmUps) console.log(`  ${line}`);
console.log(
  `\nCPU per sequential gRPC search (client and server each in a process of its own, all threads): ` +
    `client ${cpuPerCall.client.toFixed(3)} ms, server ${cpuPerCall.server.toFixed(3)} ms`,
);
console.log(
  `\ncore indexSnapshot ${seconds(indexed.durationMs)} s: embed + store ${seconds(indexed.embedMs)} s, index build + save ${seconds(indexed.indexMs)} s`,
);
console.log(embedderLine);
// The targets, judged on this run's figures. The gRPC target on the deployment's shape —
// client and server each in a small process of its own; the variants with the bench's ~2 GB
// process on one side (its data's heap and caches weigh on the calls) are printed beside it.
const rowOf = (prefix: string) => table.find((r) => r.variant.startsWith(prefix));
const p50Of = (prefix: string) => rowOf(prefix)?.p50 ?? Number.NaN;
const deployed = p50Of("core through gRPC, server and client each");
const inBench = [
  p50Of("core through gRPC, server in this process"),
  p50Of("core through gRPC, server in its own"),
];
const coreRecall = rowOf("core in process")?.recall ?? Number.NaN;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
console.log(
  `targets: index build + save ≤ 60 s: ${seconds(indexed.indexMs)} s, ${verdict(indexed.indexMs <= 60_000)}; ` +
    `gRPC p50 ≤ 2 ms (client and server each in a process of its own): ${deployed.toFixed(2)} ms, ${verdict(deployed <= 2)} ` +
    `(with the bench's process as client and server / as client only: ${inBench.map((p) => p.toFixed(2)).join(" / ")} ms; ` +
    `alternating with bare health checks: search ${paired.search.toFixed(2)} ms, round trip alone ${paired.health.toFixed(2)} ms); ` +
    `recall@10 ≥ 0.98: ${coreRecall.toFixed(4)}, ${verdict(coreRecall >= 0.98)}`,
);
console.log(
  `load average ${loads()} on ${availableParallelism()} CPUs at the end; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
);

await database.close();
await scratch?.drop();
rmSync(indexDir, { recursive: true, force: true });
