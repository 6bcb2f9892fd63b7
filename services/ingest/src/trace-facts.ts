import { classifyEdit, type EditClassification } from "@tracegen/edit-families";
import { applyPatchToTree, listTree, type Mirror, parsePatch, readBlobs } from "@tracegen/git";
import { parsePythonFile } from "@tracegen/python";
import { changedUnits, type UnitChange } from "./changed-units.js";

/** A changed unit with the edit families of its change. */
export interface ClassifiedChange extends UnitChange {
  classification: EditClassification;
}

/** The facts of a seed's trace: what the gold patch changed and how, which tests it touched. */
export interface TraceFacts {
  changedUnits: ClassifiedChange[];
  testFiles: string[];
}

/**
 * Reads the Python files the gold patch touches at the base commit and in the patched tree
 * (built in the object store, no checkout), diffs their units and classifies each changed
 * unit's AST edit into edit families.
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
  const changes: ClassifiedChange[] = [];
  for (const path of [...paths].sort()) {
    const before = beforeFiles.get(path);
    const after = afterFiles.get(path);
    const beforeUnits = before ? parsePythonFile(path, before).units : [];
    const afterUnits = after ? parsePythonFile(path, after).units : [];
    for (const change of changedUnits(path, beforeUnits, afterUnits)) {
      const classification = classifyEdit(change.before, change.after, {
        opaqueDefinitions: change.nestedStartLines,
      });
      changes.push({ ...change, classification });
    }
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
