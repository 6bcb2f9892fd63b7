import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import { createGrpcClient } from "@tracegen/grpc";
import { startIngestService } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { IngestService, Strategy, SynthesisService } from "@tracegen/proto";
import { startSynthesisService } from "@tracegen/synthesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText, tinyledger } from "./support/fixtures.js";
import { healthCheck } from "./support/services.js";

describe("synthesis service over gRPC", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let work: string;
  const stops: (() => Promise<void>)[] = [];
  let ingestPort = 0;
  let synthesisPort = 0;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    work = mkdtempSync(join(tmpdir(), "tg-sgrpc-"));
    const common = {
      db: scratch.url,
      natsUrl: undefined,
      listen: { host: "127.0.0.1", port: 0 },
      logLevel: "silent" as const,
    };
    const ingest = await startIngestService({ ...common, mirrorsDir: join(work, "mirrors") }, silentLogger());
    stops.push(ingest.stop);
    ingestPort = ingest.port;
    // No validation here: without a coverage map synthesis targets every unit.
    const synthesis = await startSynthesisService(common, silentLogger());
    stops.push(synthesis.stop);
    synthesisPort = synthesis.port;
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await scratch?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("streams candidates for a seed, then pages through them", async () => {
    const ingest = createGrpcClient(IngestService, `127.0.0.1:${ingestPort}`, { defaultDeadlineMs: 120_000 });
    const client = createGrpcClient(SynthesisService, `127.0.0.1:${synthesisPort}`, {
      defaultDeadlineMs: 120_000,
    });
    try {
      expect(await healthCheck(`127.0.0.1:${synthesisPort}`, "tracegen.v1.SynthesisService")).toBe(1);
      await ingest.importSeeds({
        content: new TextEncoder().encode(readText(tinyledger.seedsJsonl)),
        repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
      });
      const streamed = [];
      for await (const { candidate } of client.synthesize({
        target: { case: "seedId", value: "tinyledger__tinyledger-2" },
        strategies: [Strategy.TRANSPLANT, Strategy.PROCEDURAL],
        maxCandidates: 7,
        randomSeed: 5n,
      })) {
        streamed.push(candidate);
      }
      expect(streamed).toHaveLength(7);
      expect(new Set(streamed.map((c) => c?.strategy))).toEqual(
        new Set([Strategy.TRANSPLANT, Strategy.PROCEDURAL]),
      );
      for (const c of streamed) {
        expect(c?.patch).toMatch(/^diff --git/);
        expect(c?.randomSeed).toBeTypeOf("bigint");
      }
      const first = await client.listCandidates({
        seedId: "",
        snapshotId: streamed[0]?.snapshotId ?? "",
        pageSize: 4,
      });
      expect(first.candidates).toHaveLength(4);
      const second = await client.listCandidates({
        snapshotId: streamed[0]?.snapshotId ?? "",
        pageSize: 4,
        pageToken: first.nextPageToken,
      });
      expect(second.candidates).toHaveLength(3);
      expect(second.nextPageToken).toBe("");
      const ids = [...first.candidates, ...second.candidates].map((c) => c.id).sort();
      expect(ids).toEqual(streamed.map((c) => c?.id).sort());

      await expect(
        (async () => {
          for await (const _ of client.synthesize({
            target: { case: "seedId", value: "missing" },
            maxCandidates: 1,
          })) {
            // drain
          }
        })(),
      ).rejects.toMatchObject({ code: 5 });
    } finally {
      ingest.close();
      client.close();
    }
  });
});
