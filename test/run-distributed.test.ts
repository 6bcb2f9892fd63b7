import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, collect, runCli, spawnCli } from "./support/cli.js";
import { tinyledger } from "./support/fixtures.js";
import { writeSeedsSubset } from "./support/seeds.js";
import { freePort, startPrivateNats } from "./support/services.js";

const SEEDS = ["tinyledger__tinyledger-1", "tinyledger__tinyledger-2"];
const BUDGET = 3;

interface Service {
  child: ChildProcess;
  address: string;
  exited: Promise<CliRun>;
}

async function until(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean> | boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("tracegen run --distributed (serve processes, NATS handoffs, a validation worker killed mid-batch)", () => {
  let home: string;
  let seedsFile: string;
  let scratch: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  let nats: { url: string; stop(): void };
  let natsUrl: string;
  const services: Service[] = [];

  const count = async (query: string): Promise<number> =>
    Number((await client.query<{ n: string }>(query)).rows[0]?.n ?? 0);
  const state = async () => ({
    candidates: await count("select count(*) as n from candidates"),
    verdicts: await count("select count(*) as n from verdicts"),
    unvalidated: await count(
      "select count(*) as n from candidates c left join verdicts v on v.candidate_id = c.id where v.candidate_id is null",
    ),
    validatedEvents: await count(
      "select count(*) as n from outbox where subject = 'tracegen.candidate.validated'",
    ),
    valid: await count("select count(*) as n from verdicts where kind = 'valid'"),
    instances: await count("select count(*) as n from instances"),
    distinctInstances: await count("select count(distinct instance_id) as n from instances"),
  });

  /** `tracegen serve <service>` on a free port, sharing the run's database, NATS and home. */
  const serve = async (service: string, env: NodeJS.ProcessEnv = {}): Promise<Service> => {
    const child = spawnCli(
      ["--db", scratch.url, "--nats", natsUrl, "--home", home, "serve", service, "--listen", "127.0.0.1:0"],
      { TRACEGEN_LOG_LEVEL: "info", TRACEGEN_SANDBOX: "bwrap", ...env },
    );
    const exited = collect(child, 900_000);
    let line = "";
    child.stdout?.on("data", (d: Buffer) => {
      line += d.toString();
    });
    await until(`${service} to listen`, 60_000, () => line.includes('"port"') || child.exitCode !== null);
    const first = line.split("\n")[0] ?? "";
    const port = first.includes('"port"') ? (JSON.parse(first) as { port?: number }).port : undefined;
    if (!port) throw new Error(`${service} did not start: ${(await exited).stderr}`);
    const started = { child, address: `127.0.0.1:${port}`, exited };
    services.push(started);
    return started;
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), "tg-dist-"));
    seedsFile = writeSeedsSubset(tinyledger.seedsJsonl, SEEDS, join(home, "two-seeds.jsonl"));
    scratch = await createScratchPostgres();
    client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    // A private JetStream: the stream starts empty, other tests' events stay out.
    nats = await startPrivateNats(join(home, "nats"));
    natsUrl = nats.url;
  }, 60_000);

  afterAll(async () => {
    for (const s of services)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGTERM");
    await Promise.all(services.map((s) => s.exited));
    nats?.stop();
    await client?.end();
    await scratch?.drop();
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it("every candidate ends with exactly one verdict and no instance is lost or duplicated", async () => {
    const ingest = await serve("ingest");
    const synthesis = await serve("synthesis");
    // The validation API node the run talks to (gold checks, environments, logs) takes no candidates;
    // the workers do, two at a time, and a killed worker's candidates come back after 5 s.
    const api = await serve("validation", { TRACEGEN_VALIDATION_WORKER: "off" });
    const workerEnv = { TRACEGEN_VALIDATION_CONCURRENCY: "2", TRACEGEN_VALIDATION_ACK_WAIT_S: "5" };
    const first = await serve("validation", workerEnv);

    const driver = spawnCli(
      [
        "--db",
        scratch.url,
        "--nats",
        natsUrl,
        "--home",
        home,
        "--json",
        "run",
        "--distributed",
        "--seeds",
        seedsFile,
        "--repo",
        `${tinyledger.repo}=${tinyledger.bundle}`,
        "--max-candidates-per-seed",
        String(BUDGET),
        "--ingest-addr",
        ingest.address,
        "--validation-addr",
        api.address,
        "--synthesis-addr",
        synthesis.address,
        // Nothing listens there: the run warns once and ranks transplants by identifier overlap.
        "--retrieval-addr",
        `127.0.0.1:${await freePort()}`,
        "--wait-timeout",
        "300",
      ],
      { TRACEGEN_LOG_LEVEL: "warn" },
    );
    const finished = collect(driver, 900_000);

    // Kill the worker once it has stored a verdict and candidates are still waiting (it holds up to two).
    let killedAt: Awaited<ReturnType<typeof state>> | undefined;
    await until("the first verdicts", 600_000, async () => {
      if (driver.exitCode !== null) return true;
      const now = await state().catch(() => undefined);
      if (now && now.verdicts >= 1 && now.unvalidated >= 1) killedAt = now;
      return killedAt !== undefined;
    });
    if (!killedAt)
      throw new Error(`the run ended before a worker could be killed: ${(await finished).stderr}`);
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const second = await serve("validation", workerEnv);

    const run = await finished;
    const warnings = run.stderr.split("\n").filter(Boolean);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("retrieval unavailable");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      candidates: number;
      validated: number;
      valid: number;
      instances: number;
      transients: Record<string, number>;
      paths: { instancesPath: string; reportPath: string };
      summary: {
        retrieval: { enabled: boolean; indexed: { snapshots: number }; fallbacks: Record<string, string> };
      };
    };
    expect(result.summary.retrieval).toMatchObject({ enabled: true, indexed: { snapshots: 0 } });
    expect(Object.keys(result.summary.retrieval.fallbacks).sort()).toEqual(SEEDS);
    for (const why of Object.values(result.summary.retrieval.fallbacks))
      expect(why).toMatch(/^retrieval unavailable/);
    const after = await state();
    expect(after.candidates).toBe(SEEDS.length * BUDGET);
    expect(after.unvalidated).toBe(0);
    expect(after.verdicts).toBe(after.candidates);
    // One candidate.validated event per verdict: no candidate was validated to the end twice.
    expect(after.validatedEvents).toBe(after.verdicts);
    expect(after.valid).toBeGreaterThan(0);
    expect(after.instances).toBe(after.valid);
    expect(after.distinctInstances).toBe(after.instances);
    expect(result).toMatchObject({
      candidates: after.candidates,
      validated: after.verdicts,
      valid: after.valid,
      instances: after.instances,
      transients: {},
    });
    const rows = readFileSync(result.paths.instancesPath, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { instance_id: string; problem_statement: string });
    expect(rows).toHaveLength(after.instances);
    expect(new Set(rows.map((r) => r.instance_id)).size).toBe(rows.length);
    for (const row of rows) expect(row.problem_statement.length).toBeGreaterThan(20);

    // The candidates the killed worker held came back to the new one (a second delivery).
    second.child.kill("SIGTERM");
    const log = (await second.exited).stderr;
    if (process.env.TG_DEBUG_DIR) {
      writeFileSync(join(process.env.TG_DEBUG_DIR, "first.log"), killed.stderr);
      writeFileSync(join(process.env.TG_DEBUG_DIR, "second.log"), log);
      writeFileSync(join(process.env.TG_DEBUG_DIR, "driver.log"), run.stderr);
      writeFileSync(join(process.env.TG_DEBUG_DIR, "killed.json"), JSON.stringify(killedAt));
    }
    expect(log).toMatch(/"msg":"candidate validated"/);
    expect(log).toMatch(/"delivery":[2-9]/);
  }, 900_000);

  it("refuses an embedded database or a missing NATS with exit 2 before anything runs", async () => {
    const base = [
      "run",
      "--distributed",
      "--seeds",
      seedsFile,
      "--repo",
      `${tinyledger.repo}=${tinyledger.bundle}`,
    ];
    const embedded = await runCli(["--home", join(home, "embedded"), ...base], {
      env: { TRACEGEN_DB: undefined, TRACEGEN_NATS_URL: natsUrl },
    });
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toContain("--distributed needs the services' Postgres database");
    const noNats = await runCli(["--db", scratch.url, "--home", home, ...base], {
      env: { TRACEGEN_NATS_URL: undefined },
    });
    expect(noNats.code).toBe(2);
    expect(noNats.stderr).toContain("--nats");
    // A malformed service address, given or from the environment, is refused with a message.
    const badAddress = await runCli(
      ["--db", scratch.url, "--home", home, ...base, "--ingest-addr", "ingest at 50051"],
      {
        env: { TRACEGEN_NATS_URL: natsUrl },
      },
    );
    expect(badAddress.code).toBe(2);
    expect(badAddress.stderr).toContain('expected host:port, got "ingest at 50051"');
    const badEnv = await runCli(["--db", scratch.url, "--home", home, ...base], {
      env: { TRACEGEN_NATS_URL: natsUrl, TRACEGEN_RETRIEVAL_ADDR: "127.0.0.1:99999" },
    });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain("TRACEGEN_RETRIEVAL_ADDR");
  }, 120_000);
});
