// bench:ingest — parse and store all of Debian's Python standard library as one snapshot in
// the embedded mode (PGlite on disk), beside tree-sitter alone parsing the same files, in one
// run. Prints lines/s, units/s, wall time, peak memory and the ratio ingest / parse-only.
//   pnpm bench:ingest [--root /usr/lib/python3.11] [--rounds 3]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { openDatabase } from "@tracegen/db";
import { listTree, type Mirror, readBlobs } from "@tracegen/git";
import { ingestSnapshot } from "@tracegen/ingest";

const { values } = parseArgs({
  options: {
    root: { type: "string", default: "/usr/lib/python3.11" },
    rounds: { type: "string", default: "3" },
  },
});
const root = resolve(values.root);
const rounds = Number(values.rounds);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A git repository of the tree's .py files (git dir outside the tree; built once, cached). */
function stdlibRepo(): { mirror: Mirror; commit: string } {
  const gitDir = resolve(".bench", `stdlib-${root.replaceAll("/", "_")}.git`);
  const git = (...args: string[]) =>
    execFileSync("git", [`--git-dir=${gitDir}`, `--work-tree=${root}`, ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
        GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
      },
    }).trim();
  if (!existsSync(join(gitDir, "HEAD"))) {
    mkdirSync(gitDir, { recursive: true });
    execFileSync("git", ["init", "-q", "--bare", gitDir]);
    git("add", "-f", "--", "*.py");
    git(
      "-c",
      "user.name=bench",
      "-c",
      "user.email=bench@tracegen",
      "commit",
      "-q",
      "-m",
      `python sources of ${root}`,
    );
  }
  return { mirror: { repo: "debian/python3-stdlib", path: gitDir }, commit: git("rev-parse", "HEAD") };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

const { mirror, commit } = stdlibRepo();
const entries = (await listTree(mirror, commit)).filter((e) => e.path.endsWith(".py") && e.mode !== "120000");
const blobs = await readBlobs(
  mirror,
  entries.map((e) => e.sha),
);
const decoder = new TextDecoder();
const texts = entries.map((e) => decoder.decode(blobs.get(e.sha)));
const lines = texts.reduce((n, t) => n + t.split("\n").length - (t.endsWith("\n") ? 1 : 0), 0);

const requireFromPython = createRequire(import.meta.resolve("@tracegen/python"));
const Parser = requireFromPython("tree-sitter") as new () => {
  setLanguage(l: unknown): void;
  parse(s: string): unknown;
};
const parser = new Parser();
parser.setLanguage(requireFromPython("tree-sitter-python"));

function parseOnly(): number {
  gc();
  const start = performance.now();
  for (const text of texts) parser.parse(text);
  // Trees are freed by the garbage collector: that cost belongs to parsing.
  gc();
  return performance.now() - start;
}

async function ingestOnce(): Promise<{
  ms: number;
  openMs: number;
  units: number;
  files: number;
  problems: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), "tg-bench-pglite-"));
  try {
    const openStart = performance.now();
    const database = await openDatabase({ kind: "pglite", dir });
    await database.db.insertInto("repos").values({ name: mirror.repo, source: root }).execute();
    const openMs = performance.now() - openStart;
    gc();
    const start = performance.now();
    const snapshot = await ingestSnapshot(database.db, mirror, commit);
    gc();
    const ms = performance.now() - start;
    await database.close();
    return {
      ms,
      openMs,
      units: snapshot.unit_count,
      files: snapshot.file_count,
      problems: snapshot.file_error_count,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

parseOnly(); // warm-up: loads the grammar, JITs the loop
const parseTimes: number[] = [];
const ingestTimes: number[] = [];
const openTimes: number[] = [];
let last = { units: 0, files: 0, problems: 0 };
for (let i = 0; i < rounds; i++) {
  parseTimes.push(parseOnly());
  const run = await ingestOnce();
  ingestTimes.push(run.ms);
  openTimes.push(run.openMs);
  last = run;
  process.stderr.write(
    `round ${i + 1}/${rounds}: parse-only ${parseTimes.at(-1)?.toFixed(0)} ms, ingest ${run.ms.toFixed(0)} ms\n`,
  );
}
const parseMs = median(parseTimes);
const ingestMs = median(ingestTimes);
const rows: [string, string][] = [
  [
    "source",
    `${root} (${entries.length} files, ${lines} lines, ${(texts.reduce((n, t) => n + t.length, 0) / 1e6).toFixed(1)} MB)`,
  ],
  ["units stored", `${last.units} in ${last.files} files (${last.problems} files with problems)`],
  [
    "tree-sitter parse only",
    `${parseMs.toFixed(0)} ms median of ${rounds}  (${((lines / parseMs) * 1000).toFixed(0)} lines/s)`,
  ],
  [
    "ingest (embedded, PGlite)",
    `${ingestMs.toFixed(0)} ms median of ${rounds}  (${((lines / ingestMs) * 1000).toFixed(0)} lines/s, ${((last.units / ingestMs) * 1000).toFixed(0)} units/s)`,
  ],
  ["  + database open/migrate", `${median(openTimes).toFixed(0)} ms (once per process, not in the ratio)`],
  ["ratio ingest / parse-only", `${(ingestMs / parseMs).toFixed(2)}x  (target <= 2x)`],
  ["peak memory (process max RSS)", `${mib(process.resourceUsage().maxRSS * 1024)} MiB`],
];
for (const [k, v] of rows) console.log(`${k.padEnd(31)} ${v}`);
