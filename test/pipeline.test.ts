import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@tracegen/db";
import { openTestDatabase } from "@tracegen/db/testing";
import { silentLogger } from "@tracegen/log";
import { type RetrievalPorts, type RunRequest, runPipeline, type StatementWriter } from "@tracegen/pipeline";
import { createRetrievalCore, makeEmbedder } from "@tracegen/retrieval";
import { openSandbox, type Sandbox, SandboxError, SandboxErrorCode } from "@tracegen/sandbox";
import { createLlmStatementWriter } from "@tracegen/statement";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readText, tinyledger } from "./support/fixtures.js";

const SEED = "tinyledger__tinyledger-1";
const CONFIRM_REPORT = ".tracegen-junit-2.xml";

/** A real sandbox whose next `failures` candidate runs (the confirming ones) crash. */
function crashingSandbox(inner: Sandbox, failures: { left: number }): Sandbox {
  return {
    kind: inner.kind,
    ...(inner.images ? { images: inner.images } : {}),
    run: (spec, signal) => {
      if (spec.collect?.includes(CONFIRM_REPORT) && failures.left > 0) {
        failures.left--;
        return Promise.reject(new SandboxError(SandboxErrorCode.RUN_FAILED, "scripted sandbox crash"));
      }
      return inner.run(spec, signal);
    },
    close: () => inner.close(),
  };
}

/** An OpenAI-compatible server on loopback that answers `insufficient_quota` while `quota` is true. */
async function chatServer(state: {
  quota: boolean;
  requests: number;
}): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      state.requests++;
      res.setHeader("content-type", "application/json");
      if (state.quota) {
        res.statusCode = 429;
        res.end(
          JSON.stringify({
            error: { message: "no quota", type: "insufficient_quota", code: "insufficient_quota" },
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          id: "chatcmpl-1",
          object: "chat.completion",
          created: 1_700_000_000,
          model: "scripted",
          choices: [
            {
              index: 0,
              finish_reason: "stop",
              message: {
                role: "assistant",
                content:
                  "Ledger figures come out wrong\n\nSome amounts reported by the library differ from what the documentation promises.",
              },
            },
          ],
          usage: { prompt_tokens: 900, completion_tokens: 100, total_tokens: 1000 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe("runPipeline (in-process, bwrap)", () => {
  let work: string;
  let database: Database;
  let sandbox: Sandbox;
  const failures = { left: 0 };
  const llm = { quota: true, requests: 0 };
  let llmServer: { url: string; server: Server };
  let request: RunRequest;
  const run = (
    options: { writer?: StatementWriter; redo?: RunRequest["redo"]; retrieval?: RetrievalPorts } = {},
  ) =>
    runPipeline(
      {
        db: database.db,
        sandbox: crashingSandbox(sandbox, failures),
        workDir: join(work, "validation"),
        mirrorsDir: join(work, "mirrors"),
        logger: silentLogger(),
        ...(options.writer ? { statementWriter: options.writer } : {}),
        ...(options.retrieval ? { retrieval: options.retrieval } : {}),
      },
      { ...request, ...(options.redo ? { redo: options.redo } : {}) },
    );
  const count = async (table: "candidates" | "verdicts" | "instances" | "parked_embeddings") =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "tg-pipeline-"));
    database = await openTestDatabase("pglite");
    sandbox = await openSandbox("bwrap");
    llmServer = await chatServer(llm);
    const line = readText(tinyledger.seedsJsonl)
      .split("\n")
      .find((l) => l.includes(`"${SEED}"`));
    request = {
      seeds: { content: `${line}\n`, name: "one-seed.jsonl" },
      repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
      strategies: ["transplant", "procedural"],
      maxCandidatesPerSeed: 2,
      randomSeed: 0,
      outDir: join(work, "out"),
    };
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.close();
    await new Promise((resolve) => llmServer?.server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it("leaves candidates whose validation crashed without a verdict, and the next run validates them", async () => {
    failures.left = 2;
    const first = await run();
    expect(first.summary.counts.usable).toBe(1);
    expect(first.summary.counts.candidates).toBe(2);
    expect(first.transients.validate_failed).toBe(2);
    expect(first.summary.counts.validated).toBe(0);
    expect(first.summary.failureReasons.pending_verdict).toBe(2);
    expect(await count("verdicts")).toBe(0);

    const second = await run();
    expect(second.transients).toEqual({});
    expect(second.invocation).toMatchObject({ synthesized: 0, validated: 2 });
    expect(second.summary.counts.validated).toBe(2);
    expect(await count("verdicts")).toBe(2);
    expect(await count("candidates")).toBe(2);
    expect(second.summary.counts.valid).toBeGreaterThan(0);
    expect(await count("instances")).toBe(second.summary.counts.valid);
    const lines = readFileSync(second.paths.instancesPath, "utf8").trim().split("\n");
    expect(lines).toHaveLength(second.summary.counts.valid);
    // Time is summed over both invocations.
    expect(second.summary.stageSeconds.validate).toBeGreaterThan(0);
    expect(second.summary.stageSeconds.check).toBeGreaterThan(0);
  }, 240_000);

  it("parks statements while the LLM is out of quota, and writes them with the LLM on the next run", async () => {
    const valid = (await run()).summary.counts.valid;
    const writer = createLlmStatementWriter({
      baseUrl: llmServer.url,
      apiKey: "k",
      model: "scripted",
      maxRetries: 0,
    });
    llm.quota = true;
    const parked = await run({ writer, redo: ["statements"] });
    expect(parked.invocation.redone.instances).toBe(valid);
    expect(parked.transients.statement_parked_quota).toBe(valid);
    expect(parked.summary.counts.instances).toBe(0);
    expect(parked.summary.failureReasons.pending_statement).toBe(valid);
    // Quota is not retried within the run: one request, then the rest are parked.
    expect(llm.requests).toBe(1);

    llm.quota = false;
    const written = await run({ writer });
    expect(written.transients).toEqual({});
    expect(written.summary.counts.instances).toBe(valid);
    expect(written.summary.statements).toEqual({ template: 0, llm: valid });
    expect(written.summary.cost.tokens).toEqual({ prompt: 900 * valid, completion: 100 * valid });
    const rows = readFileSync(written.paths.instancesPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { problem_statement: string });
    for (const row of rows) expect(row.problem_statement).toMatch(/^Ledger figures come out wrong/);
  }, 240_000);

  it("redoes validation deliberately: verdicts are made again, once each, and instances follow", async () => {
    const before = await database.db.selectFrom("verdicts").select(["candidate_id", "created_at"]).execute();
    const redone = await run({ redo: ["validate"] });
    expect(redone.invocation.redone.verdicts).toBe(2);
    expect(redone.invocation.validated).toBe(2);
    const after = await database.db.selectFrom("verdicts").select(["candidate_id", "created_at"]).execute();
    expect(after.map((v) => v.candidate_id).sort()).toEqual(before.map((v) => v.candidate_id).sort());
    for (const v of after) {
      const old = before.find((b) => b.candidate_id === v.candidate_id);
      expect(new Date(v.created_at).getTime()).toBeGreaterThan(new Date(old?.created_at ?? 0).getTime());
    }
    expect(await count("instances")).toBe(redone.summary.counts.valid);
    expect(redone.summary.statements).toEqual({ template: redone.summary.counts.valid, llm: 0 });
  }, 240_000);

  it("ranks transplants by identifier overlap when the retrieval embedder is out of quota, and goes on", async () => {
    llm.quota = true;
    const requests = llm.requests;
    // The chat server answers /embeddings too: 429 insufficient_quota.
    const embedder = makeEmbedder(
      { kind: "openai", baseURL: llmServer.url, apiKey: "k", model: "scripted" },
      silentLogger(),
    );
    const core = createRetrievalCore({
      db: database.db,
      ...(embedder ? { embedder } : {}),
      indexDir: join(work, "index"),
      logger: silentLogger(),
    });
    let searched = 0;
    const retrieval: RetrievalPorts = {
      indexSnapshot: (snapshotId) => core.indexSnapshot(snapshotId),
      neighbours: async () => {
        searched++;
        return undefined;
      },
    };
    const result = await run({ redo: ["synthesize"], retrieval });
    expect(result.transients).toEqual({});
    expect(result.invocation.synthesized).toBe(2);
    const use = result.summary.retrieval;
    expect(use).toMatchObject({
      enabled: true,
      indexed: { snapshots: 1, embedded: 0 },
      transplantRanking: { [SEED]: "identifier overlap" },
    });
    expect(use?.indexed.parked).toBeGreaterThan(0);
    expect(use?.fallbacks[SEED]).toMatch(/parked \d+ content hashes/);
    // Quota is not retried: one embeddings request, then no search with a partial index.
    expect(llm.requests).toBe(requests + 1);
    expect(searched).toBe(0);
    expect(await count("parked_embeddings")).toBe(use?.indexed.parked);
  }, 240_000);
});
