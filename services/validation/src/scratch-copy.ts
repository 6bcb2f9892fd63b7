import { cp, lstat, mkdir, mkdtemp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * A private writable copy of an environment's repository, for applying a patch or adding
 * files before a sandboxed run; removed by `dispose`. Times are kept, so the environment's
 * compiled bytecode stays valid for every file the patch leaves alone. With `only`, just
 * those paths are copied (the ones that exist): enough for an environment image, which holds
 * the rest of the tree itself.
 */
export async function scratchCopy(
  workDir: string,
  repoDir: string,
  only?: readonly string[],
): Promise<{ dir: string; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(workDir, "scratch-"));
  const dir = join(root, "repo");
  const options = { recursive: true, verbatimSymlinks: true, preserveTimestamps: true };
  if (only === undefined) {
    await cp(repoDir, dir, options);
  } else {
    await mkdir(dir);
    for (const path of new Set(only)) {
      const source = join(repoDir, path);
      if (!(await lstat(source).catch(() => undefined))) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await cp(source, join(dir, path), options);
    }
  }
  return { dir, dispose: () => rm(root, { recursive: true, force: true }) };
}
