import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import type { Database } from "@tracegen/db";
import { openTestDatabase, testDialects } from "@tracegen/db/testing";
import { createIngestCore, IngestError, IngestErrorCode } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import {
  EditFamily,
  RowOutcome,
  SeedStatus,
  Subjects,
  TraceExtractedSchema,
  UnusableReason,
} from "@tracegen/proto";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hostile, readText, tinyledger } from "./support/fixtures.js";

describe.each(testDialects)("ingest core on %s", (dialect) => {
  let database: Database;
  let mirrorsDir: string;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    mirrorsDir = mkdtempSync(join(tmpdir(), "tg-mirrors-"));
  });
  afterEach(async () => {
    await database.close();
    rmSync(mirrorsDir, { recursive: true, force: true });
  });
  const core = () => createIngestCore({ db: database.db, mirrorsDir, logger: silentLogger() });
  const count = async (table: "seeds" | "outbox" | "unit_contents" | "snapshot_units" | "snapshots") =>
    (await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow())
      .n;

  /** The edit families of each example seed's changed units, and their trace.extracted events. */
  async function expectExampleEditFamilies(): Promise<void> {
    const families = async (seed: number) => {
      const trace = (await core().getTrace(`tinyledger__tinyledger-${seed}`)).trace;
      return Object.fromEntries(
        (trace?.changedUnits ?? []).map((u) => [u.qualifiedName, u.editFamilies.map((f) => EditFamily[f])]),
      );
    };
    expect(await families(1)).toEqual({ "Ledger.balance": ["COMPARISON_OPERATOR"] });
    expect(await families(2)).toEqual({ "RateTable.convert": ["ARITHMETIC_OPERATOR"] });
    // The module's own change is the widened import; the try/except is parse_amount's alone.
    expect(await families(3)).toEqual({ "": ["STATEMENT_ADDED"], parse_amount: ["EXCEPTION_HANDLING"] });
    expect(await families(4)).toEqual({ add_months: ["CALL_ARGUMENT_CHANGED"] });
    // The docstring edit of seed 5 and 7 is no edit; the guard folded into the filter is.
    expect(await families(5)).toEqual({ "Ledger.find": ["CONDITION_CHANGED"] });
    expect(await families(6)).toEqual({ truncate: ["LOOP_BOUND"] });
    expect(await families(7)).toEqual({ "Money.allocate": ["STATEMENT_ADDED", "LOOP_BOUND"] });

    const balance = (await core().getTrace("tinyledger__tinyledger-1")).trace?.changedUnits[0];
    expect(balance?.edits).toHaveLength(1);
    expect(balance?.edits[0]).toMatchObject({
      family: EditFamily.COMPARISON_OPERATOR,
      before: ">=",
      after: ">",
      detail: { from: ">=", to: ">" },
    });
    // The line is within the unit: the unit's first line plus it, less one, is the patched line.
    expect((balance?.beforeStartLine ?? 0) + (balance?.edits[0]?.line ?? 0) - 1).toBe(140);
    expect(balance?.rawDiff).toContain("+            if as_of is not None and txn.date > as_of:");

    const events = await database.db
      .selectFrom("outbox")
      .select(["payload", "message_id"])
      .where("subject", "=", Subjects.traceExtracted)
      .orderBy("seq")
      .execute();
    expect(events).toHaveLength(7);
    const extracted = events.map((e) => fromBinary(TraceExtractedSchema, e.payload));
    const seven = extracted.find((e) => e.seedId === "tinyledger__tinyledger-7");
    expect(seven?.editFamilies).toEqual([EditFamily.STATEMENT_ADDED, EditFamily.LOOP_BOUND]);
    expect(seven?.traceId).toBe("trace:tinyledger__tinyledger-7");
    expect(seven?.snapshotId).toMatch(/^tinyledger__tinyledger@[0-9a-f]{40}$/);
  }

  it("imports the example seeds, and a re-import in the other format changes nothing", async () => {
    const first = await core().importSeeds({
      content: readText(tinyledger.seedsJsonl),
      repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
    });
    expect(first.summary).toMatchObject({
      rows: 7,
      created: 7,
      ready: 7,
      unusable: 0,
      invalid: 0,
      snapshots: 7,
    });
    expect(first.rows.every((r) => r.status === SeedStatus.READY)).toBe(true);
    // One seed.ingested and one trace.extracted event per seed.
    expect(await count("outbox")).toBe(14);
    // Seven snapshots of one small repo share most unit contents.
    expect(await count("unit_contents")).toBeLessThan((await count("snapshot_units")) / 3);

    const trace = (await core().getTrace("tinyledger__tinyledger-3")).trace;
    expect(trace?.testFiles).toEqual(["tests/test_parsing.py"]);
    const parseAmount = trace?.changedUnits.find((u) => u.qualifiedName === "parse_amount");
    expect(parseAmount?.before).toContain("value = Decimal(cleaned)");
    expect(parseAmount?.after).toContain("except InvalidOperation");
    expect(parseAmount?.path).toBe("src/tinyledger/parsing.py");
    expect(trace?.failToPass).toContain("tests/test_parsing.py::test_parse_money_rejects_garbage_amount");
    await expectExampleEditFamilies();

    const before = { units: await count("snapshot_units"), contents: await count("unit_contents") };
    const again = await core().importSeeds({ content: readText(tinyledger.seedsJson) });
    expect(again.summary).toMatchObject({ rows: 7, created: 0, unchanged: 7, ready: 7, conflicts: 0 });
    expect({ units: await count("snapshot_units"), contents: await count("unit_contents") }).toEqual(before);
    expect(await count("outbox")).toBe(14);
    expect(await count("seeds")).toBe(7);
  });

  it("reports a changed row under a known instance_id as a conflict and keeps the stored row", async () => {
    const rows = readText(tinyledger.seedsJsonl).trim().split("\n");
    await core().importSeeds({
      content: rows[0] ?? "",
      repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
    });
    const changed = JSON.parse(rows[0] ?? "{}");
    changed.problem_statement = "edited";
    const result = await core().importSeeds({ content: JSON.stringify(changed) });
    expect(result.rows[0]?.outcome).toBe(RowOutcome.CONFLICT);
    expect(result.rows[0]?.storedHash).not.toBe(result.rows[0]?.incomingHash);
    const seed = (await core().getSeed(changed.instance_id)).seed;
    expect(seed?.problemStatement).not.toBe("edited");
  });

  it("answers every kind of bad row with its reason and keeps the good rows", async () => {
    const result = await core().importSeeds({
      content: readText(hostile.seedsJsonl),
      repos: [{ repo: hostile.repo, source: hostile.bundle }],
    });
    const byRow = new Map(result.rows.map((r) => [r.row, r]));
    const status = (row: number) => byRow.get(row)?.status;
    const reason = (row: number) => byRow.get(row)?.unusableReason;
    const fields = (row: number) => byRow.get(row)?.errors.map((e) => e.field);
    expect([status(1), status(2)]).toEqual([SeedStatus.READY, SeedStatus.READY]);
    expect(reason(3)).toBe(UnusableReason.COMMIT_MISSING);
    expect(byRow.get(3)?.unusableDetail).toContain("badc0ffee0ddf00dbadc0ffee0ddf00dbadc0ffe");
    expect(reason(4)).toBe(UnusableReason.PATCH_DOES_NOT_APPLY);
    expect(byRow.get(4)?.unusableDetail).toMatch(/calc\.py/);
    expect(reason(5)).toBe(UnusableReason.TEST_PATCH_DOES_NOT_APPLY);
    expect(reason(6)).toBe(UnusableReason.UNKNOWN_REPO);
    expect(byRow.get(6)?.unusableDetail).toContain("--repo nobody/nothing=");
    expect(byRow.get(7)?.outcome).toBe(RowOutcome.INVALID);
    expect(byRow.get(7)?.errors[0]?.message).toMatch(/malformed JSON/);
    expect(fields(8)).toEqual(["base_commit"]);
    expect(fields(9)).toEqual(["FAIL_TO_PASS"]);
    expect(reason(10)).toBe(UnusableReason.UNSUPPORTED_PATCH);
    expect(byRow.get(10)?.unusableDetail).toMatch(/binary/);
    expect(result.summary).toMatchObject({ rows: 10, invalid: 3, ready: 2, unusable: 5 });

    // The snapshot of a good seed records the files it could not parse, and is not stopped by them.
    const snapshotId = (await core().getSeed("hostile__hostile-1")).snapshot?.id ?? "";
    const problems = await database.db
      .selectFrom("snapshot_files")
      .select(["path", "status"])
      .where("snapshot_id", "=", snapshotId)
      .where("status", "!=", "parsed")
      .orderBy("path")
      .execute();
    expect(problems).toEqual([
      { path: "src/hostile/broken_syntax.py", status: "syntax_error" },
      { path: "src/hostile/legacy_latin1.py", status: "not_utf8" },
      { path: "src/hostile/nul_byte.py", status: "binary" },
    ]);
    const calcUnits = await database.db
      .selectFrom("snapshot_units")
      .select("qualified_name")
      .where("snapshot_id", "=", snapshotId)
      .where("path", "=", "src/hostile/calc.py")
      .execute();
    expect(calcUnits.map((u) => u.qualified_name)).toContain("mean");
  });

  it("retries an unknown-repo seed once its source is given", async () => {
    const line = readText(hostile.seedsJsonl).split("\n")[5] ?? "";
    const first = await core().importSeeds({ content: line });
    expect(first.rows[0]?.unusableReason).toBe(UnusableReason.UNKNOWN_REPO);
    // nobody/nothing is a copy of hostile row 1, so the hostile bundle serves as its source.
    const second = await core().importSeeds({
      content: line,
      repos: [{ repo: "nobody/nothing", source: hostile.bundle }],
    });
    expect(second.rows[0]).toMatchObject({ outcome: RowOutcome.UNCHANGED, status: SeedStatus.READY });
  });

  it("refuses documents and sources that cannot be read, and pages through seeds", async () => {
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const empty = await refused(core().importSeeds({ content: "  " }));
    expect(empty).toBeInstanceOf(IngestError);
    expect((empty as IngestError).code).toBe(IngestErrorCode.BadInput);
    const missing = await refused(
      core().importSeeds({ content: "[]", repos: [{ repo: "a/b", source: "/nonexistent/repo" }] }),
    );
    expect((missing as Error).message).toContain("/nonexistent/repo");
    const notFound = await refused(core().getSeed("nope"));
    expect((notFound as IngestError).code).toBe(IngestErrorCode.NotFound);

    await core().importSeeds({
      content: readText(tinyledger.seedsJsonl),
      repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
    });
    const ids: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await core().listSeeds({ pageSize: 3, pageToken: token });
      ids.push(...page.seeds.map((s) => s.instanceId));
      token = page.nextPageToken;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);
  });
});
