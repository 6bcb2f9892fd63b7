import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { readText } from "./fixtures.js";

/**
 * The rows of a seeds file, each copied `copies` times under ids made unique to this run, so
 * tests sharing one NATS server never see each other's (deduplicated) events.
 */
export function uniqueSeedRows(path: string, copies = 1): { jsonl: string; ids: string[] } {
  const tag = randomBytes(4).toString("hex");
  const rows = readText(path)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const out: Record<string, unknown>[] = [];
  for (let c = 0; c < copies; c++) {
    for (const row of rows) out.push({ ...row, instance_id: `${String(row.instance_id)}-${tag}-${c}` });
  }
  return { jsonl: out.map((r) => JSON.stringify(r)).join("\n"), ids: out.map((r) => String(r.instance_id)) };
}

/** Writes the rows of `path` whose instance_id is in `ids` to `out` (a smaller seeds file for a test). */
export function writeSeedsSubset(path: string, ids: readonly string[], out: string): string {
  const lines = readText(path)
    .split("\n")
    .filter((l) => ids.some((id) => l.includes(`"${id}"`)));
  writeFileSync(out, `${lines.join("\n")}\n`);
  return out;
}
