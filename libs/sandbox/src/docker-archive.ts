import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { statusCode } from "./docker-client.js";

/**
 * A tar stream of the tree under `dir` with every entry owned by `owner`, made by the system's
 * tar (long names, modes and times kept).
 */
export function tarStream(
  dir: string,
  owner: { uid: number; gid: number },
): { stream: Readable; done: Promise<void> } {
  const child = spawn(
    "tar",
    ["-c", "-f", "-", `--owner=${owner.uid}`, `--group=${owner.gid}`, "--numeric-owner", "-C", dir, "."],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`tar exited ${code}: ${stderr.trim()}`)),
    );
  });
  return { stream: child.stdout, done };
}

/**
 * Reads one regular file out of a stopped container through the daemon (which resolves the
 * path inside the container, so a symlink can never point it at the host). Undefined when the
 * path is missing, is not a regular file, or is bigger than `maxBytes`.
 */
export async function readContainerFile(
  container: Docker.Container,
  path: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await container.getArchive({ path })) as NodeJS.ReadableStream;
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Header, data and padding of a file of maxBytes, plus room for a long-name entry.
  const limit = maxBytes + 64 * 1024;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      return undefined;
    }
    chunks.push(chunk);
  }
  return firstRegularFile(Buffer.concat(chunks), maxBytes);
}

const BLOCK = 512;

/** The first entry of a tar archive when it is a regular file (long-name and pax headers skipped). */
export function firstRegularFile(archive: Buffer, maxBytes: number): Buffer | undefined {
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return undefined;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    // pax extended headers (x, g) and GNU long names (L, K) describe the next entry.
    if (type === "x" || type === "g" || type === "L" || type === "K") {
      offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
      continue;
    }
    if ((type !== "0" && type !== "\0") || size > maxBytes || dataStart + size > archive.length) {
      return undefined;
    }
    return Buffer.from(archive.subarray(dataStart, dataStart + size));
  }
  return undefined;
}

function octal(field: Buffer): number {
  const text = field.toString("latin1").replace(/\0.*$/s, "").trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}
