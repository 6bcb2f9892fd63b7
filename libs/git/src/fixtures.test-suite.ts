/** Test support: the committed fixture repositories and small throwaway git repositories. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const TINYLEDGER = join(REPO_ROOT, "examples/tinyledger");
export const HOSTILE = join(REPO_ROOT, "test/fixtures/hostile");

/** A SWE-bench row as the fixtures store it. */
export interface SeedRow {
  instance_id: string;
  repo: string;
  base_commit: string;
  patch: string;
  test_patch: string;
  FAIL_TO_PASS: string;
  PASS_TO_PASS: string;
}

/** The rows of a seeds.jsonl that parse as JSON (the hostile file has one that does not). */
export function loadSeeds(file: string): SeedRow[] {
  const rows: SeedRow[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      rows.push(JSON.parse(line) as SeedRow);
    } catch {
      // malformed on purpose
    }
  }
  return rows;
}

/** The seed row with this id; throws when absent. */
export function seed(rows: SeedRow[], id: string): SeedRow {
  const row = rows.find((r) => r.instance_id === id);
  if (!row) throw new Error(`no seed ${id}`);
  return row;
}

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

/** Runs git synchronously in `cwd` (a work tree or, with `--git-dir`, anywhere); returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Like {@link git} but with stdin and the raw output. */
export function gitRaw(cwd: string, args: string[], input?: string): Buffer {
  return execFileSync("git", args, { cwd, env: ENV, input: input ?? "" });
}

/** A fresh temporary directory. */
export function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `tracegen-git-${label}-`));
}

/** Writes `files` into the work tree `dir` (initialising it on first use) and commits them. */
export async function commitFiles(dir: string, files: Record<string, string | Buffer>, message = "change") {
  git(dir, "init", "-q", "-b", "main");
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD").trim();
}

/** The commit whose parent is `parent` (fix commits are the only children of seed bases). */
export function childOf(gitDir: string, parent: string): string {
  for (const line of git(gitDir, "--git-dir", gitDir, "rev-list", "--all", "--parents").split("\n")) {
    const [sha, ...parents] = line.split(" ");
    if (sha && parents.includes(parent)) return sha;
  }
  throw new Error(`no child of ${parent}`);
}
