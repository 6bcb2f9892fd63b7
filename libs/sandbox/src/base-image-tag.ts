import { createHash } from "node:crypto";
import { DEFAULT_IMAGE } from "./run-spec.js";

/**
 * The tag infra/images/build-base.sh gives an image with extra Debian packages:
 * `tracegen/base:bookworm-<12 hex of sha256 over the sorted, de-duplicated names, one per
 * line>`; the plain base image without any.
 */
export function baseImageTag(packages: readonly string[] = []): string {
  const names = [...new Set(packages.map((name) => name.trim()).filter((name) => name !== ""))].sort();
  if (names.length === 0) return DEFAULT_IMAGE;
  const hash = createHash("sha256")
    .update(`${names.join("\n")}\n`)
    .digest("hex")
    .slice(0, 12);
  return `${DEFAULT_IMAGE}-${hash}`;
}
