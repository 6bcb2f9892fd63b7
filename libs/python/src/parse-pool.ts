import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { parsePythonFile } from "./parse-file.js";
import type { ParseReply, ParseTask } from "./parse-worker.js";
import type { ParsedFile, ParsePythonFileOptions } from "./types.js";

/** Parses many files, on worker threads when it can, so the caller's thread stays free. */
export interface ParsePool {
  /** Parses a batch of files; batches resolve in any order. */
  parse(files: { path: string; content: Uint8Array }[]): Promise<ParsedFile[]>;
  /** How many worker threads parse (0: on the calling thread). */
  readonly workers: number;
  close(): Promise<void>;
}

/** Options for {@link createParsePool}. */
export interface ParsePoolOptions extends ParsePythonFileOptions {
  /** Worker threads; default: one less than the cores (at least 1, at most 4); 0 parses inline. */
  workers?: number;
}

/**
 * A pool of parser threads. Parsing is CPU-bound and a snapshot's storing is too (PGlite runs
 * on the calling thread), so on a machine with 2+ cores the two overlap. Where no worker
 * entry can be loaded (tests run through a bundler), it parses inline with the same results.
 */
export function createParsePool(options: ParsePoolOptions = {}): ParsePool {
  const fileOptions: ParsePythonFileOptions =
    options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const wanted = options.workers ?? Math.min(4, Math.max(1, availableParallelism() - 1));
  const entry = wanted > 0 ? workerEntry() : undefined;
  if (!entry) return inlinePool(fileOptions);

  const workers = Array.from({ length: wanted }, () =>
    entry.kind === "file" ? new Worker(entry.url) : new Worker(entry.code, { eval: true }),
  );
  const pending = new Map<number, { resolve: (r: ParsedFile[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let turn = 0;
  let failure: Error | undefined;
  for (const worker of workers) {
    worker.on("message", (reply: ParseReply) => {
      pending.get(reply.id)?.resolve(reply.results);
      pending.delete(reply.id);
      if (pending.size === 0) for (const w of workers) w.unref();
    });
    worker.on("error", (error) => {
      failure = error;
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    // An idle pool must not keep the process alive; one with work in flight must.
    worker.unref();
  }
  return {
    workers: workers.length,
    parse(files) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const worker = workers[turn++ % workers.length] as Worker;
      return new Promise((resolve, reject) => {
        if (pending.size === 0) for (const w of workers) w.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, files, options: fileOptions } satisfies ParseTask);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function inlinePool(options: ParsePythonFileOptions): ParsePool {
  return {
    workers: 0,
    async parse(files) {
      return files.map((f) => parsePythonFile(f.path, f.content, options));
    },
    async close() {},
  };
}

/**
 * The compiled worker next to this file; or, when running from TypeScript sources under tsx,
 * a bootstrap that registers tsx in the worker first (Node 20 workers do not inherit the
 * parent's loader hooks); or nothing, and parsing stays inline.
 */
function workerEntry(): { kind: "file"; url: URL } | { kind: "eval"; code: string } | undefined {
  const compiled = new URL("./parse-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { kind: "file", url: compiled };
  const source = new URL("./parse-worker.ts", import.meta.url);
  if (!process.execArgv.some((a) => a.includes("tsx")) || !existsSync(fileURLToPath(source)))
    return undefined;
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve("tsx/esm/api");
  } catch {
    return undefined;
  }
  const code = `(async () => {
    const { register } = await import(${JSON.stringify(tsxApi)});
    register();
    await import(${JSON.stringify(source.href)});
  })();`;
  return { kind: "eval", code };
}
