import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { join, sep } from "node:path";
import { checkCollectPath } from "./run-spec.js";

/**
 * Reads the requested files back from a finished run's copy. Only regular files that
 * resolve inside the copy are read: a test may have replaced `report.xml` with a symlink to
 * a host secret, and this process may be root. Missing, oversized or odd files are left out.
 */
export async function collectFiles(
  copyDir: string,
  paths: readonly string[],
  maxBytes: number,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const root = await realpath(copyDir);
  for (const path of paths) {
    checkCollectPath(path);
    const content = await readInside(root, join(root, path), maxBytes);
    if (content !== undefined) files.set(path, content);
  }
  return files;
}

async function readInside(root: string, path: string, maxBytes: number): Promise<Buffer | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return undefined;
  }
  if (!real.startsWith(root + sep)) return undefined;
  // The sandbox is gone by now, so nothing can swap the file between the check and the read;
  // O_NOFOLLOW and O_NONBLOCK (a FIFO must not hang us) are a second guard.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(
    () => undefined,
  );
  if (handle === undefined) return undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
