// A gRPC client of the retrieval service in a process of its own, for bench:retrieval: the way
// a synthesis service calls it (a small process, not one holding the bench's data). Reads the
// query texts as a JSON array on stdin; runs untimed rounds until the p50 stops falling
// (warm-up.ts), `--rounds` timed rounds one call at a time, the same rounds again with a bare
// health check after each search, a refused request per query, then `--concurrency` calls in
// flight. Prints one JSON line: the latencies (ms), the content hashes of each query's hits in
// the first timed round, the paired searches' and health checks' latencies (the transport alone,
// at the same moments), the refused requests', the concurrent QPS, the warm-up curve, and the CPU
// time per sequential call of this process and (given its pid, from /proc) of the server.
//   node --conditions=source --import tsx bench/retrieval-client.ts --port N [--rounds 5]
//     [--concurrency 8] [--server-pid PID]
import { readFileSync } from "node:fs";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { Client, credentials, Metadata } from "@grpc/grpc-js";
import { createGrpcClient } from "@tracegen/grpc";
import { RetrievalService } from "@tracegen/proto";
import { warmUp, warmUpText } from "./warm-up.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    rounds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "8" },
    "server-pid": { type: "string" },
  },
});
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const queries = JSON.parse(await text(process.stdin)) as string[];
const client = createGrpcClient(RetrievalService, `127.0.0.1:${values.port}`, {
  defaultDeadlineMs: 600_000,
  channelOptions: { "grpc.enable_channelz": 0, "grpc.enable_retries": 0 },
});
const search = async (i: number) =>
  (await client.search({ query: { case: "code", value: queries[i]! }, k: 10 })).hits.map(
    (h) => h.unit?.contentHash ?? "",
  );

/** CPU ms the server process has used (user + system, from /proc), or NaN without its pid. */
const serverCpuMs = () => {
  if (values["server-pid"] === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${values["server-pid"]}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 100 Hz ticks
};

// The health check every server answers (empty request, 2-byte answer) on a bare grpc-js client:
// what a round trip costs here with no protobuf-es, no handler work and none of our wrappers.
const bare = new Client(`127.0.0.1:${values.port}`, credentials.createInsecure(), {
  "grpc.enable_channelz": 0,
  "grpc.enable_retries": 0,
});
const same = (bytes: Buffer) => bytes;
const check = () =>
  new Promise<void>((resolve, reject) => {
    bare.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      same,
      same,
      Buffer.alloc(0),
      new Metadata(),
      { deadline: Date.now() + 60_000 },
      (error) => (error ? reject(error) : resolve()),
    );
  });
// Warm until the p50 stops falling (see warm-up.ts): the searches, then the health checks.
const warm = await warmUp(search, queries.length);
const warmHealth = await warmUp(check, queries.length);
const cpuBefore = process.cpuUsage();
const serverBefore = serverCpuMs();
const times: number[] = [];
const hits: string[][] = [];
for (let round = 0; round < rounds; round++)
  for (let i = 0; i < queries.length; i++) {
    const started = performance.now();
    const found = await search(i);
    times.push(performance.now() - started);
    if (round === 0) hits.push(found);
  }
const cpu = process.cpuUsage(cpuBefore);
const calls = queries.length * rounds;
const clientCpuPerCall = (cpu.user + cpu.system) / 1000 / calls;
const serverCpuPerCall = (serverCpuMs() - serverBefore) / calls;
// Searches and health checks alternating call by call, so both see the same moments of a
// machine whose speed drifts: the search's cost over the bare round trip, side by side.
const paired: { search: number[]; health: number[] } = { search: [], health: [] };
for (let round = 0; round < rounds; round++)
  for (let i = 0; i < queries.length; i++) {
    let started = performance.now();
    await search(i);
    paired.search.push(performance.now() - started);
    started = performance.now();
    await check();
    paired.health.push(performance.now() - started);
  }
const refused: number[] = [];
for (let i = 0; i < queries.length; i++) {
  const started = performance.now();
  await client.search({ k: 10 }).catch(() => undefined);
  refused.push(performance.now() - started);
}
bare.close();
const begun = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < queries.length * rounds; i = next++) await search(i % queries.length);
  }),
);
const qps = (queries.length * rounds) / ((performance.now() - begun) / 1000);
client.close();
process.stdout.write(
  `${JSON.stringify({ times, hits, refused, paired, qps, clientCpuPerCall, serverCpuPerCall, warmUp: warmUpText(warm), warmUpHealth: warmUpText(warmHealth) })}\n`,
);
