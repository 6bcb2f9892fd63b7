import type { Readable, Writable } from "node:stream";
import type { CappedOutput } from "./capped-output.js";
import type { WorkerDirs } from "./repo-copy.js";
import type { ResolvedLimits } from "./run-spec.js";
import { SandboxError, SandboxErrorCode } from "./sandbox-error.js";
import type { WarmWorkerSpec } from "./types.js";
import { WARM_SERVER_SCRIPT } from "./warm-server-script.js";

/** Where a warm worker sees its read-only base tree. */
export const WARM_BASE_MOUNT = "/tracegen/base";

/** A started worker sandbox, as its driver hands it over. */
export interface WorkerProcess {
  /** The server's stdin (requests). */
  input: Writable;
  /** The server's stdout (answers). */
  output: Readable;
  /** The server's stderr, kept for error messages. */
  errors: CappedOutput;
  /** Settles when the sandbox is gone. */
  gone: Promise<void>;
  /** Kills the sandbox and everything in it and cleans up (container removed); never throws. */
  kill(): Promise<void>;
}

/** What a driver needs to start a worker. */
export interface WorkerLaunch {
  spec: WarmWorkerSpec;
  limits: ResolvedLimits;
  dirs: WorkerDirs;
  /** argv of the server. */
  command: string[];
}

/** Starts a worker sandbox: the driver's part of a warm worker. */
export type LaunchWorker = (launch: WorkerLaunch) => Promise<WorkerProcess>;

/** The server's answer to one run (see warm-server-script.ts). */
export interface WarmAnswer {
  id?: number;
  exit?: number | null;
  timed_out?: boolean;
  oom?: boolean;
  stdout?: CappedText;
  stderr?: CappedText;
  passes?: number;
  duration_ms?: number;
  /** The worker cannot go on (leftover processes, an internal error): it is replaced. */
  fatal?: string;
}

/** Head and tail of an output (base64), with the bytes dropped between them. */
export interface CappedText {
  head: string;
  tail: string;
  dropped: number;
}

/** The text of a capped output, marked as {@link CappedOutput} marks it. */
export function cappedText(text: CappedText | undefined): string {
  if (text === undefined) return "";
  const head = Buffer.from(text.head, "base64").toString("utf8");
  const tail = Buffer.from(text.tail, "base64").toString("utf8");
  return text.dropped === 0 ? head + tail : `${head}\n[... ${text.dropped} bytes dropped ...]\n${tail}`;
}

// The server imports pytest's default plugins too when "pytest" is preloaded.
function serverConfig(spec: WarmWorkerSpec, reportsOom: boolean): string {
  const preloadPlugins = spec.preload.includes("pytest") ? ["_pytest.config"] : [];
  return JSON.stringify({
    oom: reportsOom,
    work: "/work",
    base: WARM_BASE_MOUNT,
    preload: spec.preload,
    preload_plugins: preloadPlugins,
  });
}

/**
 * One warm worker: a sandbox running the fork server, one request at a time. Any sign of
 * trouble (the sandbox ends, an answer that does not parse, a `fatal` answer, a request that
 * outlives its backstop) kills it for good; the pool then starts another.
 */
export class WarmWorker {
  private alive = true;
  private buffer = "";
  private waiting: ((line: string | Error) => void) | undefined;
  private nextId = 1;

  private constructor(
    private readonly process: WorkerProcess,
    readonly dirs: WorkerDirs,
  ) {
    process.output.setEncoding("utf8");
    process.output.on("data", (chunk: string) => this.receive(chunk));
    const lost = () => this.lose(new Error("the worker ended"));
    process.output.on("end", lost);
    process.output.on("error", lost);
    process.gone.then(lost, lost);
  }

  /** Starts a worker and waits for its server to be ready (imports done). */
  static async start(
    launch: LaunchWorker,
    spec: WarmWorkerSpec,
    limits: ResolvedLimits,
    dirs: WorkerDirs,
    startMs: number,
    reportsOom: boolean,
  ): Promise<WarmWorker> {
    const command = [spec.python, "-c", WARM_SERVER_SCRIPT, serverConfig(spec, reportsOom)];
    const process = await launch({ spec, limits, dirs, command });
    const worker = new WarmWorker(process, dirs);
    try {
      const ready = await worker.nextLine(startMs);
      if (!(JSON.parse(ready) as { ready?: boolean }).ready)
        throw new Error(`unexpected: ${ready.slice(0, 200)}`);
    } catch (error) {
      await worker.stop();
      throw new SandboxError(
        SandboxErrorCode.RUN_FAILED,
        `the warm worker did not start: ${String(error)}; ${process.errors.text().trim().slice(-2000)}`,
        { cause: error },
      );
    }
    return worker;
  }

  get usable(): boolean {
    return this.alive;
  }

  /** Sends one request and waits for its answer at most `backstopMs`; WORKER_LOST when none comes. */
  async request(request: Record<string, unknown>, backstopMs: number): Promise<WarmAnswer> {
    if (!this.alive) throw this.lostError("the worker is gone");
    const id = this.nextId++;
    this.process.input.write(`${JSON.stringify({ ...request, id })}\n`);
    let line: string;
    try {
      line = await this.nextLine(backstopMs);
    } catch (error) {
      await this.stop();
      throw this.lostError(String(error instanceof Error ? error.message : error));
    }
    let answer: WarmAnswer;
    try {
      answer = JSON.parse(line) as WarmAnswer;
    } catch {
      await this.stop();
      throw this.lostError(`unreadable answer: ${line.slice(0, 200)}`);
    }
    if (answer.fatal !== undefined || answer.id !== id) {
      await this.stop();
      throw this.lostError(answer.fatal ?? `answer to request ${answer.id}, not ${id}`);
    }
    return answer;
  }

  /**
   * Has the server get the next run's tree ready (leftovers killed, /tmp emptied, /work copied
   * afresh) while nothing waits for it: call once a run's files are collected.
   */
  prepareNext(): void {
    if (this.alive) this.process.input.write(`${JSON.stringify({ op: "reset" })}\n`);
  }

  /** Kills the worker's sandbox and removes its directories. */
  async stop(): Promise<void> {
    this.lose(new Error("the worker was stopped"));
    await this.process.kill();
    await this.dirs.remove().catch(() => {});
  }

  private lostError(why: string): SandboxError {
    const errors = this.process.errors.text().trim().slice(-2000);
    return new SandboxError(
      SandboxErrorCode.WORKER_LOST,
      `warm worker lost: ${why}${errors ? `; worker stderr: ${errors}` : ""}`,
    );
  }

  private lose(error: Error): void {
    this.alive = false;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(error);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    for (let newline = this.buffer.indexOf("\n"); newline >= 0; newline = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(line);
      else this.lose(new Error(`unexpected output: ${line.slice(0, 200)}`));
    }
  }

  private nextLine(ms: number): Promise<string> {
    return new Promise((resolve, reject) => {
      if (!this.alive) return reject(new Error("the worker ended"));
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no answer within ${ms} ms`));
      }, ms);
      this.waiting = (line) => {
        clearTimeout(timer);
        if (line instanceof Error) reject(line);
        else resolve(line);
      };
    });
  }
}
