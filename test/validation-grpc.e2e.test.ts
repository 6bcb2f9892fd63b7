import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Code, createGrpcClient, RpcError } from "@tracegen/grpc";
import { silentLogger } from "@tracegen/log";
import { ValidationService, VerdictKind, VerdictReason } from "@tracegen/proto";
import { startValidationService } from "@tracegen/validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IngestBeside, startIngestBeside } from "./support/ingest-beside.js";
import { replaceLinePatch } from "./support/patches.js";
import { healthCheck } from "./support/services.js";

describe("validation service over gRPC", () => {
  let beside: IngestBeside;
  let validationPort = 0;

  beforeAll(async () => {
    beside = await startIngestBeside("tg-vgrpc-");
    const validation = await startValidationService(
      {
        ...beside.common,
        workDir: join(beside.work, "validation"),
        sandbox: "bwrap",
        worker: { enabled: false, durable: "validation", concurrency: 1, ackWaitMs: 30_000 },
      },
      silentLogger(),
    );
    beside.onClose(validation.stop);
    validationPort = validation.port;
  });
  afterAll(async () => {
    await beside?.close();
  });

  it("builds an environment, validates a batch with one verdict per candidate, and answers its baseline", async () => {
    const { ingest } = beside;
    const client = createGrpcClient(ValidationService, `127.0.0.1:${validationPort}`, {
      defaultDeadlineMs: 300_000,
    });
    try {
      expect(await healthCheck(`127.0.0.1:${validationPort}`, "tracegen.v1.ValidationService")).toBe(1);
      await beside.importTinyledger();
      const snapshotId =
        (await ingest.getSeed({ instanceId: "tinyledger__tinyledger-2" })).snapshot?.id ?? "";
      const built = await client.buildEnvironment({ snapshotId });
      expect(built.environmentId).toMatch(/^env-/);
      const baseline = await client.getBaseline({ snapshotId });
      expect(baseline.results.length).toBeGreaterThan(60);

      const exported = join(
        beside.work,
        "validation",
        "environments",
        built.environmentId,
        "repo",
        "src/tinyledger/money.py",
      );
      const money = readFileSync(exported, "utf8");
      const line =
        money.split("\n").findIndex((l) => l.includes("return Money(self.minor - other.minor")) + 1;
      const bug = replaceLinePatch(
        "src/tinyledger/money.py",
        money,
        line,
        "        return Money(other.minor - self.minor, self.currency)",
      );
      const verdicts = [];
      for await (const reply of client.validateBatch({
        candidates: [
          { snapshotId, candidateId: "grpc-bug", patch: bug },
          { snapshotId, candidateId: "grpc-garbage", patch: "not a diff" },
        ],
      })) {
        verdicts.push(reply.verdict);
      }
      expect(verdicts.map((v) => [v?.candidateId, v?.kind])).toEqual([
        ["grpc-bug", VerdictKind.VALID],
        ["grpc-garbage", VerdictKind.ERROR],
      ]);
      expect(verdicts[1]?.reason).toBe(VerdictReason.REJECTED_PATCH);
      const again = await client.validate({ snapshotId, candidateId: "grpc-bug", patch: bug });
      expect(again.verdict?.failToPass).toEqual(verdicts[0]?.failToPass);

      // The buggy run's log, as the run's statements read it in distributed mode.
      const log = await client.getLog({ logRef: verdicts[0]?.logRef ?? "" });
      expect(new TextDecoder().decode(log.content)).toContain(verdicts[0]?.failToPass[0]?.split("::").at(-1));
      await expect(client.getLog({ logRef: "../../etc/passwd" })).rejects.toMatchObject({
        code: Code.InvalidArgument,
      });
      await expect(client.getLog({ logRef: `sha256:${"0".repeat(64)}` })).rejects.toBeInstanceOf(RpcError);

      // A seed's gold check, recorded as the run's check stage reads it.
      const check = await client.checkSeed({ seedId: "tinyledger__tinyledger-2" });
      expect(check).toMatchObject({ seedId: "tinyledger__tinyledger-2", outcome: "ok", mismatches: [] });
      await expect(client.checkSeed({ seedId: "no-such-seed" })).rejects.toMatchObject({
        code: Code.NotFound,
      });
    } finally {
      client.close();
    }
  }, 300_000);
});
