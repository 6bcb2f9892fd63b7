/**
 * The neutral coverage.py rcfile: read instead of the repository's `.coveragerc`/`setup.cfg`/
 * `tox.ini`/`pyproject.toml`, so their `omit`/`include`/`source` cannot hide files.
 * Embedded as text: the run plan writes it into the repository copy.
 */
export const NEUTRAL_COVERAGERC = `# Written by @tracegen/coverage: a neutral configuration, so the repository's own
# [run] omit/include/source settings cannot hide files from the per-test map.
[run]
branch = False
parallel = False
relative_files = False
omit =
include =
`;
