import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The example library with 7 real seeds (`examples/tinyledger`). */
export const tinyledger = {
  repo: "tinyledger/tinyledger",
  bundle: join(repoRoot, "examples/tinyledger/repo.bundle"),
  seedsJsonl: join(repoRoot, "examples/tinyledger/seeds.jsonl"),
  seedsJson: join(repoRoot, "examples/tinyledger/seeds.json"),
};

/** The bad-input fixture (`test/fixtures/hostile`, see its README). */
export const hostile = {
  repo: "hostile/hostile",
  bundle: join(repoRoot, "test/fixtures/hostile/repo.bundle"),
  seedsJsonl: join(repoRoot, "test/fixtures/hostile/seeds.jsonl"),
};

/** A file's text. */
export function readText(path: string): string {
  return readFileSync(path, "utf8");
}
