import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "@tracegen/log";
import { manifestPath } from "@tracegen/vector-index";
import { sql } from "kysely";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { RetrievalErrorCode } from "./errors.js";
import { createRetrievalCore, type RetrievalCoreOptions, type RetrievalHit } from "./retrieval-core.js";
import { sidecarPath } from "./sidecar.js";
import {
  contentHashes,
  countRows,
  dropTinyledgerTemplate,
  tinyledgerDatabase,
} from "./tinyledger.test-suite.js";

const SEED = (n: number) => `tinyledger__tinyledger-${n}`;

let fx: Awaited<ReturnType<typeof tinyledgerDatabase>>;
beforeEach(async () => {
  fx = await tinyledgerDatabase();
}, 120_000);
afterEach(async () => {
  await fx.close();
});
afterAll(dropTinyledgerTemplate);

const snapshot = (n: number) => fx.snapshotOf.get(SEED(n)) ?? "";
const core = (options: Partial<RetrievalCoreOptions> = {}) =>
  createRetrievalCore({
    db: fx.database.db,
    indexDir: join(fx.work, "index"),
    logger: silentLogger(),
    ...options,
  });

/** The source of a unit of a snapshot, read as ingest stored it. */
async function unitSource(snapshotId: string, path: string, qualifiedName: string): Promise<string> {
  const row = await fx.database.db
    .selectFrom("snapshot_units as u")
    .innerJoin("unit_contents as c", "c.content_hash", "u.content_hash")
    .select("c.source")
    .where("u.snapshot_id", "=", snapshotId)
    .where("u.path", "=", path)
    .where("u.qualified_name", "=", qualifiedName)
    .executeTakeFirstOrThrow();
  return row.source;
}

const ids = (hits: RetrievalHit[]) => hits.map((h) => h.unitId);

describe("indexSnapshot", () => {
  it("embeds each content hash once: a second call and shared content reuse stored vectors", async () => {
    const [s1, s2] = [snapshot(1), snapshot(2)];
    const [h1, h2] = [await contentHashes(fx.database, s1), await contentHashes(fx.database, s2)];
    const shared = [...h2].filter((h) => h1.has(h)).length;
    expect(shared).toBeGreaterThan(0);
    expect(shared).toBeLessThan(h2.size);

    const retrieval = core();
    const first = await retrieval.indexSnapshot(s1);
    expect(first).toMatchObject({
      snapshotId: s1,
      contents: h1.size,
      embedded: h1.size,
      reused: 0,
      parked: 0,
    });
    expect(first.units).toBeGreaterThanOrEqual(h1.size);
    expect(first.vectors).toBeGreaterThan(0);
    expect(first.vectors).toBeLessThanOrEqual(h1.size);
    expect(await countRows(fx.database, "embeddings")).toBe(h1.size);

    expect(await retrieval.indexSnapshot(s1)).toMatchObject({ embedded: 0, reused: h1.size, parked: 0 });
    const second = await retrieval.indexSnapshot(s2);
    expect(second).toMatchObject({ contents: h2.size, reused: shared, embedded: h2.size - shared });
    const union = new Set([...h1, ...h2]).size;
    expect(await countRows(fx.database, "embeddings")).toBe(union);

    // Another process (a new core) finds the vectors in Postgres.
    expect(await core().indexSnapshot(s2)).toMatchObject({ embedded: 0, reused: h2.size });
    const stats = await retrieval.stats();
    expect(stats).toMatchObject({ embedder: "local-code-hash-v1+idf", dimensions: 1024, snapshots: 2 });
    expect(stats).toMatchObject({ embeddings: union, parked: 0, repos: 1 });
    expect(stats.vectors).toBeLessThanOrEqual(union);
    expect(stats.vectors).toBeGreaterThanOrEqual(second.vectors);
  });

  it("rejects unknown snapshots", async () => {
    await expect(core().indexSnapshot("nope__nope@0")).rejects.toMatchObject({
      code: RetrievalErrorCode.NotFound,
    });
  });
});

describe("the index on disk", () => {
  it("is saved, loaded by a new core, and rebuilt from Postgres when missing, damaged or stale", async () => {
    const s1 = snapshot(1);
    await core().indexSnapshot(s1);
    const files = readdirSync(join(fx.work, "index")).filter((f) => f.endsWith(".usearch"));
    expect(files).toHaveLength(1);
    const path = join(fx.work, "index", files[0]!);
    expect(existsSync(manifestPath(path))).toBe(true);
    expect(existsSync(sidecarPath(path))).toBe(true);

    const query = {
      code: await unitSource(s1, "src/tinyledger/money.py", "Money.__add__"),
    };
    const expected = await core().search(query, { k: 8 });
    expect(expected).toHaveLength(8);
    const saved = statSync(path).mtimeMs;
    const same = (hits: RetrievalHit[]) => {
      expect(ids(hits)).toEqual(ids(expected));
      hits.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[i]!.score, 5);
      });
    };

    // Loaded as it is: the file is not rewritten.
    same(await core().search(query, { k: 8 }));
    expect(statSync(path).mtimeMs).toBe(saved);

    rmSync(path);
    same(await core().search(query, { k: 8 }));
    expect(existsSync(path)).toBe(true);

    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.alloc(bytes.length, 7));
    same(await core().search(query, { k: 8 }));
    expect(readFileSync(path).equals(Buffer.alloc(bytes.length, 7))).toBe(false);

    // A vector the index holds but Postgres no longer has forces a rebuild; re-indexing embeds it again.
    const victim = await fx.database.db
      .selectFrom("embeddings")
      .select(["content_hash"])
      .orderBy("content_hash")
      .limit(1)
      .executeTakeFirstOrThrow();
    await fx.database.db.deleteFrom("embeddings").where("content_hash", "=", victim.content_hash).execute();
    const rebuilt = core();
    const hits = await rebuilt.search(query, { k: 50 });
    expect(hits.every((h) => h.contentHash !== victim.content_hash)).toBe(true);
    expect(await rebuilt.indexSnapshot(s1)).toMatchObject({ embedded: 1 });
  });

  it("follows snapshots another process indexed", async () => {
    const [s1, s2] = [snapshot(1), snapshot(2)];
    const reader = core({ refreshMs: 0 });
    await reader.indexSnapshot(s1);
    const code = await unitSource(s1, "src/tinyledger/money.py", "Money.__add__");
    await expect(reader.search({ code }, { filter: { snapshotId: s2 } })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotIndexed,
    });
    await core().indexSnapshot(s2);
    const hits = await reader.search({ code }, { filter: { snapshotId: s2 }, k: 5 });
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => h.snapshotId === s2)).toBe(true);
  });
});

describe("search", () => {
  beforeEach(async () => {
    const retrieval = core();
    await retrieval.indexSnapshot(snapshot(1));
    await retrieval.indexSnapshot(snapshot(2));
  });

  it("finds units by code, by text and by unit id, each place once", async () => {
    const [s1, s2] = [snapshot(1), snapshot(2)];
    const retrieval = core();
    const code = await unitSource(s1, "src/tinyledger/money.py", "Money.__add__");
    const hits = await retrieval.search({ code }, { k: 40 });
    expect(hits).toHaveLength(40);
    // Money.__add__ is the same in both snapshots: it is one hit, the best, of the snapshot indexed last.
    expect(hits[0]).toMatchObject({
      path: "src/tinyledger/money.py",
      qualifiedName: "Money.__add__",
      snapshotId: s2,
    });
    expect(hits[0]!.score).toBeCloseTo(1, 2);
    const places = hits.map((h) => `${h.path}:${h.qualifiedName}:${h.contentHash}`);
    expect(new Set(places).size).toBe(places.length);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    expect(
      hits.every((h) => h.covered === false && h.applicable === undefined && h.source === undefined),
    ).toBe(true);

    const text = await retrieval.search({ text: "parse an amount of money from text" }, { k: 5 });
    expect(text).toHaveLength(5);

    const unitId = `${s1}:src/tinyledger/money.py:Money.__add__`;
    const similar = await retrieval.search({ unitId }, { k: 10, withSource: true });
    expect(ids(similar)).not.toContain(unitId);
    expect(similar.every((h) => h.source !== undefined && h.source.length > 0)).toBe(true);
    expect(similar[0]!.source).toContain("def ");

    await expect(retrieval.search({ unitId: "no-colons" })).rejects.toMatchObject({
      code: RetrievalErrorCode.BadInput,
    });
    await expect(retrieval.search({ unitId: `${s1}:src/tinyledger/money.py:Nope` })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotFound,
    });
    await expect(retrieval.search({ code: "  " })).rejects.toMatchObject({
      code: RetrievalErrorCode.BadInput,
    });
    await expect(retrieval.search({ code }, { k: 0 })).rejects.toMatchObject({
      code: RetrievalErrorCode.BadInput,
    });
  });

  it("applies filters: snapshot, kinds, excluded paths and units, repository, covered only", async () => {
    const [s1, s3] = [snapshot(1), snapshot(3)];
    const retrieval = core();
    const code = await unitSource(s1, "src/tinyledger/ledger.py", "Ledger.balance");
    const inS1 = await retrieval.search({ code }, { k: 30, filter: { snapshotId: s1 } });
    expect(inS1).toHaveLength(30);
    expect(inS1.every((h) => h.snapshotId === s1)).toBe(true);

    const methods = await retrieval.search({ code }, { k: 15, filter: { kinds: ["method"] } });
    expect(methods).toHaveLength(15);
    expect(methods.every((h) => h.kind === "method")).toBe(true);

    const noLedger = await retrieval.search(
      { code },
      { k: 20, filter: { excludePaths: ["src/tinyledger/ledger.py"] } },
    );
    expect(noLedger).toHaveLength(20);
    expect(noLedger.some((h) => h.path === "src/tinyledger/ledger.py")).toBe(false);
    const noPackage = await retrieval.search(
      { code },
      { k: 10, filter: { excludePaths: ["src/tinyledger/"] } },
    );
    expect(noPackage.length).toBeGreaterThan(0);
    expect(noPackage.every((h) => !h.path.startsWith("src/tinyledger/"))).toBe(true);

    const excluded = inS1.slice(0, 3).map((h) => h.unitId);
    const rest = await retrieval.search(
      { code },
      { k: 27, filter: { snapshotId: s1, excludeUnits: excluded } },
    );
    expect(ids(rest)).toEqual(ids(inS1).slice(3));

    expect(
      await retrieval.search({ code }, { filter: { repo: "tinyledger/tinyledger", snapshotId: s1 } }),
    ).toHaveLength(10);
    expect(await retrieval.search({ code }, { filter: { repo: "other/repo", snapshotId: s1 } })).toEqual([]);
    await expect(retrieval.search({ code }, { filter: { repo: "other/repo" } })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotIndexed,
    });
    await expect(retrieval.search({ code }, { filter: { snapshotId: s3 } })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotIndexed,
    });
    // No coverage map yet: nothing is covered.
    expect(await retrieval.search({ code }, { filter: { coveredOnly: true } })).toEqual([]);
  });
});

describe("seed candidates", () => {
  it("searches the seed's snapshot with its buggy unit, leaves out tests and the seed's own units, applicable first", async () => {
    const seedSnapshot = snapshot(3);
    const calls: { families: string[]; edits: number; path: string }[] = [];
    await fx.database.db
      .updateTable("trace_units")
      .set({ edit_families: JSON.stringify(["exception_handling"]) })
      .where("trace_id", "=", `trace:${SEED(3)}`)
      .execute();
    const retrieval = core({
      applicability: (trace, unit) => {
        calls.push({ families: trace.families, edits: trace.edits.length, path: unit.path });
        return unit.source.includes("Decimal");
      },
    });
    await expect(retrieval.search({ seedId: SEED(3) })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotIndexed,
    });
    await retrieval.indexSnapshot(seedSnapshot);
    const hits = await retrieval.search({ seedId: SEED(3) }, { k: 12 });
    expect(hits).toHaveLength(12);
    expect(hits.every((h) => h.snapshotId === seedSnapshot)).toBe(true);
    expect(hits.some((h) => h.path.startsWith("tests/"))).toBe(false);
    expect(
      hits.some((h) => h.path === "src/tinyledger/parsing.py" && h.qualifiedName === "parse_amount"),
    ).toBe(false);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    expect(calls[0]).toMatchObject({ families: ["exception_handling"] });
    expect(calls[0]!.edits).toBeGreaterThanOrEqual(0);
    // Applicable candidates first, each group by score.
    const flags = hits.map((h) => h.applicable);
    expect(flags.some(Boolean)).toBe(true);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    for (let i = 1; i < hits.length; i++)
      if (hits[i]!.applicable === hits[i - 1]!.applicable)
        expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);

    await expect(retrieval.search({ seedId: "nope" })).rejects.toMatchObject({
      code: RetrievalErrorCode.NotFound,
    });
  });

  it("reports retrievability with the reason a seed has no candidate", async () => {
    const retrieval = core();
    await retrieval.indexSnapshot(snapshot(1));
    await retrieval.indexSnapshot(snapshot(2));
    await fx.database.db
      .updateTable("trace_units")
      .set({ edit_families: JSON.stringify(["comparison_operator"]) })
      .where("trace_id", "in", [`trace:${SEED(1)}`, `trace:${SEED(4)}`])
      .execute();
    await fx.database.db
      .updateTable("trace_units")
      .set({ edit_families: JSON.stringify(["unclassified"]) })
      .where("trace_id", "=", `trace:${SEED(5)}`)
      .execute();
    await fx.database.db
      .updateTable("trace_units")
      .set({ edit_families: JSON.stringify([]) })
      .where("trace_id", "=", `trace:${SEED(2)}`)
      .execute();
    const report = await retrieval.retrievability([SEED(1), SEED(2), SEED(4), SEED(5), "nope"]);
    const outcome = Object.fromEntries(report.results.map((r) => [r.seedId, r.outcome]));
    expect(outcome).toEqual({
      [SEED(1)]: "no_covered_units",
      [SEED(2)]: "trace_unclassified",
      [SEED(4)]: "not_indexed",
      [SEED(5)]: "trace_unclassified",
      nope: "not_found",
    });
    expect(report.results.find((r) => r.seedId === SEED(1))?.detail).toContain("no coverage map");
    expect(report).toMatchObject({ seeds: 5, retrievable: 0 });
    expect(Object.values(report.buckets).reduce((a, b) => a + b, 0)).toBe(5);
    const all = await retrieval.retrievability();
    expect(all.seeds).toBe(7);
    const traces = await fx.database.db
      .selectFrom("traces")
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow();
    expect(all.buckets.no_trace).toBe(7 - traces.n);
  });
});
