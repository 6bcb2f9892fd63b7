import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

/** Content-addressed storage for large blobs (test logs): rows keep the address. */
export interface BlobStore {
  /** Stores bytes (gzip on disk) and returns their address, `sha256:<hex>`. */
  put(data: string | Uint8Array): Promise<string>;
  get(ref: string): Promise<Buffer>;
}

/** A blob store in a directory: `<dir>/<2 hex>/<62 hex>.gz`, written atomically. */
export function createFileBlobStore(dir: string): BlobStore {
  const pathOf = (hex: string) => join(dir, hex.slice(0, 2), `${hex.slice(2)}.gz`);
  return {
    async put(data) {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
      const hex = createHash("sha256").update(bytes).digest("hex");
      const path = pathOf(hex);
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
      await writeFile(temp, gzipSync(bytes));
      await rename(temp, path);
      return `sha256:${hex}`;
    },
    async get(ref) {
      const match = /^sha256:([0-9a-f]{64})$/.exec(ref);
      if (!match?.[1]) throw new Error(`not a blob address: ${ref}`);
      return gunzipSync(await readFile(pathOf(match[1])));
    },
  };
}
