import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePythonFile } from "./parse-file.js";
import { createParsePool } from "./parse-pool.js";

const stdlib = ["textwrap.py", "shlex.py", "fnmatch.py", "bisect.py"].map((name) => ({
  path: name,
  content: new Uint8Array(readFileSync(join("/usr/lib/python3.11", name))),
}));
const summary = (files: { path: string; units: { qualifiedName: string; contentHash: string }[] }[]) =>
  files.map(
    (f) => `${f.path}:${f.units.map((u) => `${u.qualifiedName}@${u.contentHash.slice(0, 8)}`).join(",")}`,
  );

describe("createParsePool", () => {
  it("parses inline exactly like parsePythonFile", async () => {
    const pool = createParsePool({ workers: 0 });
    expect(pool.workers).toBe(0);
    const parsed = await pool.parse(stdlib);
    expect(summary(parsed)).toEqual(summary(stdlib.map((f) => parsePythonFile(f.path, f.content))));
    await pool.close();
  });

  it("parses on worker threads (from TypeScript sources under tsx) with the same results", () => {
    const dir = mkdtempSync(join(tmpdir(), "tg-pool-"));
    try {
      const script = join(dir, "run.mts");
      const poolUrl = new URL("./parse-pool.ts", import.meta.url).href;
      writeFileSync(
        script,
        `import { readFileSync } from "node:fs";
         const { createParsePool } = await import(${JSON.stringify(poolUrl)});
         const files = ${JSON.stringify(stdlib.map((f) => f.path))}.map((p) => ({ path: p, content: new Uint8Array(readFileSync("/usr/lib/python3.11/" + p)) }));
         const pool = createParsePool({ workers: 2 });
         const batches = await Promise.all([pool.parse(files.slice(0, 2)), pool.parse(files.slice(2))]);
         console.log(JSON.stringify({ workers: pool.workers, files: batches.flat() }));
         await pool.close();`,
      );
      const run = spawnSync(process.execPath, ["--import", "tsx", script], {
        cwd: fileURLToPath(new URL("../../..", import.meta.url)),
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.stderr).toBe("");
      const out = JSON.parse(run.stdout) as { workers: number; files: Parameters<typeof summary>[0] };
      expect(out.workers).toBe(2);
      expect(summary(out.files)).toEqual(summary(stdlib.map((f) => parsePythonFile(f.path, f.content))));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
