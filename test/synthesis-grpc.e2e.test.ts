import { createGrpcClient } from "@tracegen/grpc";
import { silentLogger } from "@tracegen/log";
import { Strategy, SynthesisService } from "@tracegen/proto";
import { startSynthesisService } from "@tracegen/synthesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IngestBeside, startIngestBeside } from "./support/ingest-beside.js";
import { healthCheck } from "./support/services.js";

describe("synthesis service over gRPC", () => {
  let beside: IngestBeside;
  let synthesisPort = 0;

  beforeAll(async () => {
    beside = await startIngestBeside("tg-sgrpc-");
    // No validation here: without a coverage map synthesis targets every unit.
    const synthesis = await startSynthesisService(beside.common, silentLogger());
    beside.onClose(synthesis.stop);
    synthesisPort = synthesis.port;
  });
  afterAll(async () => {
    await beside?.close();
  });

  it("streams candidates for a seed, then pages through them", async () => {
    const client = createGrpcClient(SynthesisService, `127.0.0.1:${synthesisPort}`, {
      defaultDeadlineMs: 120_000,
    });
    try {
      expect(await healthCheck(`127.0.0.1:${synthesisPort}`, "tracegen.v1.SynthesisService")).toBe(1);
      await beside.importTinyledger();
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
      client.close();
    }
  });
});
