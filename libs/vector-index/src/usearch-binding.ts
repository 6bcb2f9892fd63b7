import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type * as Usearch from "usearch";

// usearch's ESM build locates its native addon through the `bindings` package, whose
// stack-trace trick yields a file: URL under ESM on Node 20 and recurses until the stack
// overflows; its CommonJS build finds `prebuilds/` fine, so load that one.
const require = createRequire(import.meta.url);

/** The usearch module (native HNSW, prebuilt for linux-x64/arm64, darwin, win32). */
export const usearch = require("usearch") as typeof Usearch;

/** A usearch index instance. */
export type NativeIndex = Usearch.Index;

/** The installed usearch version (its file format can change across majors), recorded in manifests. */
export const USEARCH_VERSION: string = (
  JSON.parse(readFileSync(join(dirname(require.resolve("usearch")), "../../../package.json"), "utf8")) as {
    version: string;
  }
).version;
