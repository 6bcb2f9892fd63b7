import { readFile, rename, writeFile } from "node:fs/promises";

const FORMAT = "tracegen-retrieval-catalogue/1";

/**
 * What the retrieval core writes next to a space's index (`<index>.catalogue.json`): which
 * embedding ids the index holds as keys, and the index fingerprint it had then. On start the
 * keys are compared with the embeddings in Postgres: missing ones are added, vanished ones force
 * a rebuild; the fingerprint makes the index loader refuse a file written by someone else.
 */
export interface Sidecar {
  format: typeof FORMAT;
  spaceId: string;
  embedderId: string;
  indexFingerprint: string;
  keys: number[];
}

/** Where the sidecar of the index at `indexPath` lives. */
export function sidecarPath(indexPath: string): string {
  return `${indexPath}.catalogue.json`;
}

/** Reads a sidecar; undefined when it is missing or not one. */
export async function readSidecar(indexPath: string): Promise<Sidecar | undefined> {
  try {
    const value = JSON.parse(await readFile(sidecarPath(indexPath), "utf8")) as Partial<Sidecar>;
    const valid =
      value.format === FORMAT &&
      typeof value.spaceId === "string" &&
      typeof value.embedderId === "string" &&
      typeof value.indexFingerprint === "string" &&
      Array.isArray(value.keys) &&
      value.keys.every((k) => Number.isSafeInteger(k));
    return valid ? (value as Sidecar) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a sidecar atomically (temporary file, then rename). */
export async function writeSidecar(indexPath: string, sidecar: Omit<Sidecar, "format">): Promise<void> {
  const path = sidecarPath(indexPath);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ format: FORMAT, ...sidecar }));
  await rename(temporary, path);
}
