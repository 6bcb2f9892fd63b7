import { parentPort } from "node:worker_threads";
import { parsePythonFile } from "./parse-file.js";
import type { ParsedFile, ParsePythonFileOptions } from "./types.js";

/** A batch of files for the worker, and what it sends back. */
export interface ParseTask {
  id: number;
  files: { path: string; content: Uint8Array }[];
  options: ParsePythonFileOptions;
}
export interface ParseReply {
  id: number;
  results: ParsedFile[];
}

// Worker entry: parses each batch it is sent and posts the parsed files back.
parentPort?.on("message", (task: ParseTask) => {
  const results = task.files.map((f) => parsePythonFile(f.path, f.content, task.options));
  parentPort?.postMessage({ id: task.id, results } satisfies ParseReply);
});
