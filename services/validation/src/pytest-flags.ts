import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EnvironmentProfile } from "./profile.js";

// Where a repository can switch pytest-cov on: its pytest configuration and root conftest files.
const CONFIG_FILES = [
  "pytest.ini",
  ".pytest.ini",
  "setup.cfg",
  "tox.ini",
  "pyproject.toml",
  "conftest.py",
  "tests/conftest.py",
  "test/conftest.py",
];

/**
 * Flags added to every test run of an environment (baseline and candidates alike, never the
 * coverage run): `-p no:pytest_cov` unless the profile or the repository's pytest
 * configuration mentions pytest-cov. Debian's pytest autoloads the plugin, which imports
 * coverage.py at every start although nothing uses it; blocking it saves that import in
 * each run and changes no outcome.
 */
export async function pytestFlags(repoDir: string, profile: EnvironmentProfile): Promise<string[]> {
  const texts = [profile.testCmd, ...Object.values(profile.env)];
  for (const file of CONFIG_FILES) texts.push(await readFile(join(repoDir, file), "utf8").catch(() => ""));
  return texts.some((text) => /--cov\b|pytest[_-]cov|no:cov\b/.test(text)) ? [] : ["-p", "no:pytest_cov"];
}
