import { applyPatchToTree, listTree, type Mirror, parsePatch, readBlobs } from "@tracegen/git";
import { parsePythonFile } from "@tracegen/python";
import { changedUnits, type UnitChange } from "./changed-units.js";

/** The first facts of a seed's trace: what the gold patch changed, which tests it touched. */
export interface TraceFacts {
  changedUnits: UnitChange[];
  testFiles: string[];
}

/**
 * Reads the Python files the gold patch touches at the base commit and in the patched tree
 * (built in the object store, no checkout) and diffs their units.
 */
export async function extractTraceFacts(
  mirror: Mirror,
  commit: string,
  patch: string,
  testPatch: string,
): Promise<TraceFacts> {
  const { tree: fixedTree } = await applyPatchToTree(mirror, commit, patch);
  const paths = new Set<string>();
  for (const file of parsePatch(patch)) {
    for (const p of [file.oldPath, file.newPath]) if (p?.endsWith(".py")) paths.add(p);
  }
  const [beforeFiles, afterFiles] = await Promise.all([
    readPythonFiles(mirror, commit, paths),
    readPythonFiles(mirror, fixedTree, paths),
  ]);
  const changes: UnitChange[] = [];
  for (const path of [...paths].sort()) {
    const before = beforeFiles.get(path);
    const after = afterFiles.get(path);
    const beforeUnits = before ? parsePythonFile(path, before).units : [];
    const afterUnits = after ? parsePythonFile(path, after).units : [];
    changes.push(...changedUnits(path, beforeUnits, afterUnits));
  }
  const testFiles =
    testPatch.trim() === ""
      ? []
      : [...new Set(parsePatch(testPatch).map((f) => f.newPath ?? f.oldPath ?? ""))].filter(Boolean).sort();
  return { changedUnits: changes, testFiles };
}

async function readPythonFiles(
  mirror: Mirror,
  treeish: string,
  paths: Set<string>,
): Promise<Map<string, Buffer>> {
  const entries = (await listTree(mirror, treeish)).filter((e) => paths.has(e.path));
  const blobs = await readBlobs(
    mirror,
    entries.map((e) => e.sha),
  );
  const out = new Map<string, Buffer>();
  for (const entry of entries) {
    const blob = blobs.get(entry.sha);
    if (blob) out.set(entry.path, blob);
  }
  return out;
}
