import { CoverageError, CoverageErrorCode } from "./errors.js";
import { COLLECT_PLUGIN_SCRIPT } from "./script-collect-plugin.js";
import { NEUTRAL_COVERAGERC } from "./script-coveragerc.js";
import { EXTRACT_SCRIPT } from "./script-extract.js";
import { IMPORT_GRAPH_SCRIPT } from "./script-import-graph.js";

/** What to measure and how to run the tests. */
export interface CoverageRunOptions {
  /** The plain test command, e.g. `["python3", "-m", "pytest", "-p", "no:cacheprovider"]`. */
  readonly testCommand: readonly string[];
  /** Directories (relative to the repository root) to measure, one `--cov=` each; default `["."]`. */
  readonly sourceDirs?: readonly string[];
  /** Where the plan's files and outputs live, relative to the repository root; default `.tracegen-coverage`. */
  readonly dir?: string;
  /** Interpreter for the extractor; default `testCommand[0]` when it is a python, else `python3`. */
  readonly python?: string;
}

/** A file the caller writes into the repository copy before running the command. */
export interface PlanFile {
  /** Path relative to the repository root (or absolute when `dir` was). */
  readonly path: string;
  readonly content: string;
}

/**
 * Everything a sandbox needs to produce a per-test coverage map: run `command` with the
 * repository root as working directory and `env` merged over the usual test environment,
 * after writing `files`; afterwards read the `collect` paths (the map JSON).
 */
export interface CoverageRunPlan {
  readonly command: string[];
  readonly env: Record<string, string>;
  readonly files: PlanFile[];
  readonly collect: string[];
}

/** The plan's fixed `sh -c` program: see {@link coverageRunPlan}. */
export const RUN_SCRIPT = [
  'dir=$1; py=$2; shift 2; rm -f "$dir/data" "$dir/tests.json" "$dir/map.json"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'PYTHONPATH="$dir${PYTHONPATH:+:$PYTHONPATH}" "$@"; rc=$?',
  '"$py" "$dir/extract.py" "$dir" || echo "tracegen-coverage: extraction failed" >&2; exit $rc',
].join("; ");

const PYTHON = /^python(\d+(\.\d+)?)?$/;

/**
 * Builds the command that runs the test suite under pytest-cov with `--cov-context=test` (each
 * context is `<node id>|setup|run|teardown`; the empty context is import/collection time) and a
 * neutral rcfile, then runs the extractor that writes `<dir>/map.json`.
 *
 * The command is one argv: `["sh", "-c", RUN_SCRIPT, "tracegen-coverage", dir, python,
 * ...testCommand, "-p", "tracegen_collect", "--cov=<src>"..., "--cov-config=<dir>/coveragerc",
 * "--cov-context=test", "--cov-report=", "--cov-fail-under=0"]`. Its exit code is pytest's; a
 * failed extraction shows only as a missing `map.json` and a line on stderr. `PYTHONPATH` gets
 * `dir` prepended inside the script so the caller's own `PYTHONPATH` (e.g. `src`) is kept.
 */
export function coverageRunPlan(options: CoverageRunOptions): CoverageRunPlan {
  const { testCommand } = options;
  const dir = (options.dir ?? ".tracegen-coverage").replace(/\/+$/, "");
  const sourceDirs = options.sourceDirs ?? ["."];
  const first = testCommand[0];
  if (first === undefined || testCommand.some((arg) => arg.includes("\0"))) {
    throw new CoverageError(CoverageErrorCode.INVALID_OPTIONS, "testCommand must be a non-empty argv");
  }
  if (dir === "" || dir.includes(":") || dir.includes("\0")) {
    throw new CoverageError(
      CoverageErrorCode.INVALID_OPTIONS,
      `unusable plan directory ${JSON.stringify(dir)}`,
    );
  }
  if (sourceDirs.length === 0 || sourceDirs.some((src) => src === "" || src.includes("\0"))) {
    throw new CoverageError(CoverageErrorCode.INVALID_OPTIONS, "sourceDirs must be non-empty paths");
  }
  const python = options.python ?? (PYTHON.test(first.split("/").pop() ?? "") ? first : "python3");
  const command = [
    "sh",
    "-c",
    RUN_SCRIPT,
    "tracegen-coverage",
    dir,
    python,
    ...testCommand,
    "-p",
    "tracegen_collect",
    ...sourceDirs.map((src) => `--cov=${src}`),
    `--cov-config=${dir}/coveragerc`,
    "--cov-context=test",
    "--cov-report=",
    "--cov-fail-under=0",
  ];
  return {
    command,
    env: { COVERAGE_FILE: `${dir}/data`, COVERAGE_RCFILE: `${dir}/coveragerc` },
    files: [
      { path: `${dir}/coveragerc`, content: NEUTRAL_COVERAGERC },
      { path: `${dir}/extract.py`, content: EXTRACT_SCRIPT },
      { path: `${dir}/import_graph.py`, content: IMPORT_GRAPH_SCRIPT },
      { path: `${dir}/tracegen_collect.py`, content: COLLECT_PLUGIN_SCRIPT },
    ],
    collect: [`${dir}/map.json`],
  };
}
