import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import { createGrpcClient } from "@tracegen/grpc";
import { RetrievalService } from "@tracegen/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { repoRoot, tinyledger } from "./support/fixtures.js";
import { writeSeedsSubset } from "./support/seeds.js";
import { freePortBase, healthCheck, portOpen, startPrivateNats } from "./support/services.js";

const SCRIPT = join(repoRoot, "infra/local/distributed.sh");

/** Runs the script to its end with the test's settings. */
function script(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", [SCRIPT, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("infra/local/distributed.sh (the whole set of services on this machine)", () => {
  let dir: string;
  let scratch: { url: string; drop: () => Promise<void> };
  let nats: { url: string; stop(): void };
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tg-dist-script-"));
    scratch = await createScratchPostgres();
    nats = await startPrivateNats(join(dir, "nats"));
    env = {
      TRACEGEN_DIST_DIR: join(dir, "run"),
      TRACEGEN_HOME: join(dir, "home"),
      TRACEGEN_DB: scratch.url,
      TRACEGEN_NATS_URL: nats.url,
      // A base away from the well-known ports, so a developer's own set is left alone.
      TRACEGEN_DIST_PORT_BASE: String(await freePortBase([0, 1, 2, 3, 13])),
    };
  }, 60_000);

  afterAll(async () => {
    await script(["stop"], env);
    nats?.stop();
    await scratch?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("starts every service, answers a distributed run, reports status and stops them", async () => {
    const started = await script(["start", "--no-setup", "--sandbox", "bwrap", "--workers", "2"], env);
    expect(started.code, started.stderr).toBe(0);
    const exported = Object.fromEntries(
      [...started.stdout.matchAll(/(TRACEGEN_[A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]]),
    );
    const base = Number(env.TRACEGEN_DIST_PORT_BASE);
    expect(exported).toEqual({
      TRACEGEN_DB: scratch.url,
      TRACEGEN_NATS_URL: env.TRACEGEN_NATS_URL,
      TRACEGEN_INGEST_ADDR: `127.0.0.1:${base}`,
      TRACEGEN_RETRIEVAL_ADDR: `127.0.0.1:${base + 1}`,
      TRACEGEN_SYNTHESIS_ADDR: `127.0.0.1:${base + 2}`,
      TRACEGEN_VALIDATION_ADDR: `127.0.0.1:${base + 3}`,
    });
    for (const [port, service] of [
      [base, "tracegen.v1.IngestService"],
      [base + 1, "tracegen.v1.RetrievalService"],
      [base + 2, "tracegen.v1.SynthesisService"],
      [base + 3, "tracegen.v1.ValidationService"],
      [base + 13, "tracegen.v1.ValidationService"],
    ] as const)
      expect(await healthCheck(`127.0.0.1:${port}`, service)).toBe(1);
    const status = await script(["status"], env);
    expect(status.stdout.match(/ running \(pid \d+\)/g)).toHaveLength(5);

    // One seed, one transplant, driven through the started set with only what `start` printed:
    // the run has the retrieval service index the seed's snapshot, and the synthesis service
    // ranks the transplant by the seed's retrieval candidates.
    const seeds = join(dir, "one-seed.jsonl");
    writeSeedsSubset(tinyledger.seedsJsonl, ["tinyledger__tinyledger-1"], seeds);
    const run = await runCli(
      [
        "--home",
        env.TRACEGEN_HOME ?? "",
        "--json",
        "run",
        "--distributed",
        "--seeds",
        seeds,
        "--repo",
        `${tinyledger.repo}=${tinyledger.bundle}`,
        "--max-candidates-per-seed",
        "1",
        "--strategies",
        "transplant",
      ],
      { env: { ...exported, TRACEGEN_LOG_LEVEL: "warn" }, timeoutMs: 300_000 },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      usable: number;
      candidates: number;
      validated: number;
      summary: { retrieval: { indexed: { embedded: number }; fallbacks: Record<string, string> } };
    };
    expect(result).toMatchObject({
      usable: 1,
      candidates: 1,
      validated: 1,
      summary: {
        retrieval: {
          enabled: true,
          indexed: { snapshots: 1, parked: 0 },
          transplantRanking: { "tinyledger__tinyledger-1": "retrieval" },
        },
      },
    });
    expect(result.summary.retrieval.indexed.embedded).toBeGreaterThan(0);
    expect(result.summary.retrieval.fallbacks).toEqual({});
    const retrieval = createGrpcClient(RetrievalService, exported.TRACEGEN_RETRIEVAL_ADDR ?? "", {
      defaultDeadlineMs: 10_000,
    });
    try {
      const stats = await retrieval.stats({});
      expect(stats.snapshots).toBe(1);
      expect(Number(stats.embeddings)).toBe(result.summary.retrieval.indexed.embedded);
    } finally {
      retrieval.close();
    }
    const workerLogs = ["validation-1", "validation-2"]
      .map((name) => readFileSync(join(dir, "run", `${name}.log`), "utf8"))
      .join("");
    expect(workerLogs).toContain('"msg":"candidate validated"');

    const stopped = await script(["stop"], env);
    expect(stopped.code).toBe(0);
    expect((await script(["status"], env)).stdout).toContain("nothing started");
    expect(await portOpen(base)).toBe(false);
  }, 400_000);
});
