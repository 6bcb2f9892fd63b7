import type { Schema } from "@tracegen/db";
import { readBlobs } from "@tracegen/git";
import type { Kysely } from "kysely";

/**
 * The source of each test function named by a pytest node id (decorators included), read
 * from the snapshot's blobs in the repository mirror. Ids whose file or function cannot be
 * found are left out: a statement is written without their source.
 */
export async function testSources(
  db: Kysely<Schema>,
  snapshotId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const paths = [...new Set(ids.map((id) => id.split("::")[0] ?? id))];
  if (paths.length === 0) return out;
  const rows = await db
    .selectFrom("snapshot_files as f")
    .innerJoin("snapshots as s", "s.id", "f.snapshot_id")
    .innerJoin("repos as r", "r.name", "s.repo")
    .select(["f.path", "f.blob_sha", "r.name", "r.mirror_path"])
    .where("f.snapshot_id", "=", snapshotId)
    .where("f.path", "in", paths)
    .execute();
  const first = rows[0];
  if (!first?.mirror_path) return out;
  const blobs = await readBlobs(
    { repo: first.name, path: first.mirror_path },
    rows.map((r) => r.blob_sha),
  );
  const texts = new Map(rows.map((r) => [r.path, blobs.get(r.blob_sha.toLowerCase())?.toString("utf8")]));
  for (const id of ids) {
    const [path, ...rest] = id.split("::");
    const text = texts.get(path ?? "");
    const name = (rest.at(-1) ?? "").replace(/\[.*$/, "");
    const source = text && name ? functionSource(text, name) : undefined;
    if (source) out.set(id, source);
  }
  return out;
}

/** The text of `def name(` at any indentation, with its decorators, up to the next line indented as little. */
function functionSource(text: string, name: string): string | undefined {
  const lines = text.split("\n");
  let start = lines.findIndex((l) => new RegExp(`^\\s*(async\\s+)?def ${name}\\(`).test(l));
  if (start < 0) return undefined;
  const indent = (lines[start] ?? "").search(/\S/);
  let end = start + 1;
  while (end < lines.length) {
    const line = lines[end] as string;
    if (line.trim() !== "" && line.search(/\S/) <= indent) break;
    end++;
  }
  while (start > 0 && (lines[start - 1] ?? "").trim().startsWith("@")) start--;
  return lines.slice(start, end).join("\n").trimEnd();
}
