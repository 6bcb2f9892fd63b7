import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { baseImageTag } from "./base-image-tag.js";

const script = join(fileURLToPath(import.meta.url), "../../../../infra/images/build-base.sh");

describe("baseImageTag", () => {
  it("is the plain base image without extra packages", () => {
    expect(baseImageTag()).toBe("tracegen/base:bookworm");
  });

  it("matches build-base.sh --print-tag, whatever the order and duplicates", () => {
    const fromScript = execFileSync(script, [
      "--packages",
      "python3-yaml, python3-attr,python3-yaml",
      "--print-tag",
    ])
      .toString()
      .trim();
    expect(fromScript).toMatch(/^tracegen\/base:bookworm-[0-9a-f]{12}$/);
    expect(baseImageTag(["python3-attr", "python3-yaml"])).toBe(fromScript);
    expect(baseImageTag(["python3-yaml", "python3-attr", "python3-yaml"])).toBe(fromScript);
  });
});
