import type { Schema } from "@tracegen/db";
import { checkMutated } from "@tracegen/pyedit";
import { applyPatch } from "diff";
import type { Kysely } from "kysely";
import type { Draft } from "./draft.js";
import { createRng, shuffled } from "./rng.js";

/** Options of {@link combineDrafts}. */
export interface CombineOptions {
  randomSeed: number;
  /** Bugs merged into one candidate (default 2). */
  size?: number;
}

/**
 * Combined candidates: 2+ validated bugs of the same file merged into one patch (to be
 * validated again: together they may mask each other). Bugs are grouped by file in a seeded
 * order; a group whose patches do not apply together is skipped.
 */
export async function* combineDrafts(
  db: Kysely<Schema>,
  snapshotId: string,
  files: (paths: string[]) => Promise<ReadonlyMap<string, string>>,
  options: CombineOptions,
): AsyncGenerator<Draft> {
  const size = Math.max(2, options.size ?? 2);
  const valid = await db
    .selectFrom("candidates as c")
    .innerJoin("verdicts as v", "v.candidate_id", "c.id")
    .select(["c.id", "c.patch", "c.target_path", "c.target_unit"])
    .where("c.snapshot_id", "=", snapshotId)
    .where("v.kind", "=", "valid")
    .where("c.strategy", "!=", "combine")
    .where("c.target_path", "!=", "")
    .orderBy("c.id")
    .execute();
  const byPath = new Map<string, typeof valid>();
  for (const row of valid) byPath.set(row.target_path, [...(byPath.get(row.target_path) ?? []), row]);
  const paths = [...byPath.keys()].filter((p) => (byPath.get(p)?.length ?? 0) >= size);
  const sources = await files(paths);
  const rng = createRng(options.randomSeed);
  for (const path of paths) {
    const original = sources.get(path);
    if (original === undefined) continue;
    const bugs = shuffled(byPath.get(path) ?? [], rng);
    for (let i = 0; i + size <= bugs.length; i += size) {
      const group = bugs.slice(i, i + size);
      let text: string | false = original;
      for (const bug of group) text = text === false ? false : applyPatch(text, bug.patch);
      if (text === false || checkMutated(original, text) !== "ok") continue;
      yield {
        strategy: "combine",
        mutator: "combine",
        targetPath: path,
        targetUnit: group.map((b) => b.target_unit).join("+"),
        randomSeed: options.randomSeed,
        detail: { bugs: String(group.length) },
        files: new Map([[path, { before: original, after: text }]]),
        combinedFrom: group.map((b) => b.id),
      };
    }
  }
}
