import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const FLUSH_CHARS = 1 << 20;

/**
 * Writes a file so that a reader (or a run restarted after a crash) sees either the old file
 * or the whole new one, never a part: the chunks go to a temporary sibling, which is flushed
 * to disk and renamed over `path`, and the directory is synced so the rename survives a power
 * cut. On error the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "w");
  try {
    try {
      let pending = "";
      for (const chunk of chunks) {
        pending += chunk;
        if (pending.length >= FLUSH_CHARS) {
          await handle.write(pending);
          pending = "";
        }
      }
      if (pending !== "") await handle.write(pending);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
