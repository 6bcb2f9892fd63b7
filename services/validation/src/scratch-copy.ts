import { cp, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * A private writable copy of an environment's repository, for applying a patch or adding
 * files before a sandboxed run; removed by `dispose`.
 */
export async function scratchCopy(
  workDir: string,
  repoDir: string,
): Promise<{ dir: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(workDir, "scratch-"));
  const dir = join(root, "repo");
  await cp(repoDir, dir, { recursive: true, verbatimSymlinks: true });
  return { dir, dispose: () => rm(root, { recursive: true, force: true }) };
}
