import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@tracegen/db";
import { createScratchPostgres, openTestDatabase } from "@tracegen/db/testing";
import { createGrpcClient } from "@tracegen/grpc";
import { silentLogger } from "@tracegen/log";
import { Strategy, SynthesisService } from "@tracegen/proto";
import {
  createRetrievalCore,
  type RetrievalCore,
  RetrievalErrorCode,
  startRetrievalService,
} from "@tracegen/retrieval";
import {
  type CandidateRow,
  createSynthesisCore,
  loadSynthesisConfig,
  NEIGHBOURS_K,
  neighbourRank,
  retrievalApplicability,
  startSynthesisService,
} from "@tracegen/synthesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTinyledger } from "./support/tinyledger.js";

// Seed 1's fix turned `txn.date >= as_of` into `txn.date > as_of`: its transplant turns a `>`
// back into `>=` (flip_comparison, change_operator), so only code with a `>` can take it.
describe("transplants ranked by retrieval's seed candidates", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let work: string;
  let retrieval: RetrievalCore;
  const seedId = "tinyledger__tinyledger-1";
  let snapshotId = "";

  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    work = mkdtempSync(join(tmpdir(), "tg-synth-retrieval-"));
    snapshotId = await (await importTinyledger(database.db, work)).snapshotOf(seedId);
    retrieval = createRetrievalCore({
      db: database.db,
      indexDir: join(work, "index"),
      logger: silentLogger(),
      applicability: retrievalApplicability,
    });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const synthesize = async (
    neighbours?: (seed: string, snapshot: string) => Promise<Map<string, number> | undefined>,
  ) => {
    const rows: CandidateRow[] = [];
    const core = createSynthesisCore({
      db: database.db,
      logger: silentLogger(),
      ...(neighbours ? { neighbours } : {}),
    });
    const summary = await core.synthesize(
      { seedId, strategies: ["transplant"], maxCandidates: 3, randomSeed: 5, targeting: false },
      (row) => void rows.push(row),
    );
    // Each call stores its candidates; the next one must be able to make the same ones.
    await database.db.deleteFrom("candidates").execute();
    return { rows, summary };
  };

  it("ranks transplant targets by identifier overlap while the snapshot is not indexed", async () => {
    const notIndexed = await synthesize(async (seed, snapshot) => {
      await expect(
        retrieval.search({ seedId: seed }, { filter: { snapshotId: snapshot } }),
      ).rejects.toMatchObject({
        code: RetrievalErrorCode.NotIndexed,
      });
      return undefined;
    });
    expect(notIndexed.summary.transplantRanking).toBe("identifier overlap");
    expect(notIndexed.rows.length).toBeGreaterThan(0);
  });

  it("checks seed candidates with the transplant check: only code with a `>` takes the seed's edit", async () => {
    await retrieval.indexSnapshot(snapshotId);
    const hits = await retrieval.search({ seedId }, { k: 60, withSource: true });
    expect(hits.some((h) => h.applicable)).toBe(true);
    expect(hits.some((h) => h.applicable === false)).toBe(true);
    for (const hit of hits) {
      if (hit.applicable) expect(hit.source).toMatch(/[^-=>]>[^=>]/);
      if (!hit.source?.includes(">")) expect(hit.applicable).toBe(false);
    }
    // Methods (indented in their file) are checked on their own too.
    expect(hits.some((h) => h.applicable && h.kind === "method")).toBe(true);
  }, 120_000);

  it("tries retrieval's nearest units first, with their cosine as the similarity", async () => {
    const ranks: Map<string, number>[] = [];
    const ranked = await synthesize(async (seed, snapshot) => {
      const rank = neighbourRank(
        await retrieval.search({ seedId: seed }, { k: NEIGHBOURS_K, filter: { snapshotId: snapshot } }),
      );
      ranks.push(rank);
      return rank;
    });
    expect(ranked.summary.transplantRanking).toBe("retrieval");
    expect(ranks).toHaveLength(1);
    const rank = ranks[0]!;
    expect(ranked.rows.length).toBeGreaterThan(1);
    const similarities = ranked.rows.map((row) => Number(row.detail.similarity));
    for (const [i, row] of ranked.rows.entries()) {
      const score = rank.get(`${row.target_path}:${row.target_unit}`);
      expect(score).toBeDefined();
      expect(similarities[i]).toBeCloseTo(score!, 3);
      if (i > 0) expect(similarities[i]).toBeLessThanOrEqual(similarities[i - 1]!);
    }
    // Without retrieval the similarity is identifier overlap, not the cosine.
    const overlap = await synthesize();
    expect(overlap.summary.transplantRanking).toBe("identifier overlap");
    expect(
      overlap.rows.some(
        (row) =>
          Math.abs(Number(row.detail.similarity) - (rank.get(`${row.target_path}:${row.target_unit}`) ?? 9)) >
          1e-3,
      ),
    ).toBe(true);
  }, 120_000);
});

describe("the synthesis service with TRACEGEN_RETRIEVAL_ADDR", () => {
  it("ranks transplants by the retrieval service once it has indexed the snapshot", async () => {
    const scratch = await createScratchPostgres();
    const work = mkdtempSync(join(tmpdir(), "tg-synth-retrieval-grpc-"));
    const database = await openDatabase({ kind: "postgres", url: scratch.url });
    const stops: (() => Promise<void>)[] = [];
    try {
      const imported = await importTinyledger(database.db, work);
      const seedId = "tinyledger__tinyledger-1";
      const retrieval = await startRetrievalService(
        {
          db: scratch.url,
          listen: { host: "127.0.0.1", port: 0 },
          indexDir: join(work, "index"),
          embedder: { kind: "local" },
          logLevel: "silent",
        },
        silentLogger(),
        { applicability: retrievalApplicability },
      );
      stops.push(retrieval.stop);
      const synthesis = await startSynthesisService(
        loadSynthesisConfig({
          TRACEGEN_DB: scratch.url,
          TRACEGEN_SYNTHESIS_ADDR: "127.0.0.1:0",
          TRACEGEN_RETRIEVAL_ADDR: `127.0.0.1:${retrieval.port}`,
        }),
        silentLogger(),
      );
      stops.push(synthesis.stop);
      const client = createGrpcClient(SynthesisService, `127.0.0.1:${synthesis.port}`, {
        defaultDeadlineMs: 120_000,
      });
      stops.push(async () => client.close());
      const transplants = async (noRetrieval = false) => {
        for await (const _ of client.synthesize({
          target: { case: "seedId", value: seedId },
          strategies: [Strategy.TRANSPLANT],
          maxCandidates: 3,
          randomSeed: 5n,
          noRetrieval,
        })) {
          // stored as they stream
        }
        const rows = await database.db.selectFrom("candidates").selectAll().orderBy("id").execute();
        await database.db.deleteFrom("candidates").execute();
        return rows;
      };
      const snapshotId = await imported.snapshotOf(seedId);

      // Not indexed yet: retrieval says FAILED_PRECONDITION, synthesis goes on by identifier overlap.
      const before = await transplants();
      expect(before.length).toBeGreaterThan(0);

      await retrieval.core.indexSnapshot(snapshotId);
      const rank = neighbourRank(
        await retrieval.core.search({ seedId }, { k: NEIGHBOURS_K, filter: { snapshotId } }),
      );
      const after = await transplants();
      expect(after.length).toBeGreaterThan(0);
      for (const row of after) {
        const score = rank.get(`${row.target_path}:${row.target_unit}`);
        expect(score).toBeDefined();
        expect(Number((row.detail as { similarity: string }).similarity)).toBeCloseTo(score!, 3);
      }
      const ranking = (rows: { detail: unknown }[]) =>
        rows.map((r) => (r.detail as { ranking: string }).ranking);
      expect(new Set(ranking(before))).toEqual(new Set(["identifier overlap"]));
      expect(new Set(ranking(after))).toEqual(new Set(["retrieval"]));
      // no_retrieval (a --no-retrieval run): identifier overlap though the snapshot is indexed.
      const unranked = await transplants(true);
      expect(new Set(ranking(unranked))).toEqual(new Set(["identifier overlap"]));
      expect(unranked.map((r) => r.patch)).toEqual(before.map((r) => r.patch));
      expect(
        before.some(
          (row) =>
            Math.abs(
              Number((row.detail as { similarity: string }).similarity) -
                (rank.get(`${row.target_path}:${row.target_unit}`) ?? 9),
            ) > 1e-3,
        ),
      ).toBe(true);
    } finally {
      for (const stop of stops.reverse()) await stop();
      await database.close();
      await scratch.drop();
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
