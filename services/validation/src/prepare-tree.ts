import { lutimes, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { SandboxError } from "@tracegen/sandbox";
import type { ValidationContext } from "./context.js";
import type { EnvironmentProfile } from "./profile.js";
import { pytestFlags } from "./pytest-flags.js";
import { splitCommand } from "./test-command.js";

/** How preparing an environment's tree went. */
export type PrepareOutcome =
  | { ok: true; logRef: string | null }
  | { ok: false; detail: string; logRef: string | null };

// Every exported file gets this time (2000-01-01), so anything a patch rewrites is newer than
// the bytecode compiled for it: Python and pytest check a .pyc against the source's mtime.
const EXPORT_TIME = new Date("2000-01-01T00:00:00Z");

/**
 * The install commands (each with `sh -c`, output into the log, the first failure ends the
 * script with its status), then a warm-up whose failures do not count: bytecode for every
 * module (`compileall`) and pytest's assertion-rewritten test modules (`--collect-only`), so
 * candidate runs start from compiled code.
 */
const PREPARE_SCRIPT = [
  "n=$1; py=$2; shift 2",
  'while [ "$n" -gt 0 ]; do c=$1; shift; n=$((n - 1)); printf "+ %s\\n" "$c"; sh -c "$c" 2>&1 || { rc=$?; printf "tracegen: install command failed (exit %s): %s\\n" "$rc" "$c"; exit "$rc"; }; done',
  '"$py" -m compileall -q . >/dev/null 2>&1; "$@" >/dev/null 2>&1; exit 0',
].join("\n");

const PYTHON = /^python(\d+(\.\d+)*)?$/;

/**
 * Runs the profile's install commands and the warm-up in the sandbox over a copy of the
 * exported tree (`image`: the base image with the profile's packages under Docker) and saves
 * the resulting tree to `prepared`. Install output goes to the blob store; a failing or
 * timed-out command fails the preparation with the output's tail.
 */
export async function prepareTree(
  ctx: ValidationContext,
  input: { exported: string; prepared: string; profile: EnvironmentProfile; image: string },
): Promise<PrepareOutcome> {
  const { profile } = input;
  await setTimes(input.exported, EXPORT_TIME);
  const test = splitCommand(profile.testCmd);
  const python = PYTHON.test(basename(test[0] ?? "")) ? (test[0] ?? "python3") : "python3";
  const warmUp = [
    ...test,
    "--collect-only",
    "-q",
    "-p",
    "no:cacheprovider",
    ...(await pytestFlags(input.exported, profile)),
  ];
  const install = profile.install;
  const started = Date.now();
  let log: string;
  let failure: string | undefined;
  try {
    const run = await ctx.sandbox.run({
      repoDir: input.exported,
      image: input.image,
      command: [
        "sh",
        "-c",
        PREPARE_SCRIPT,
        "tracegen-prepare",
        String(install.length),
        python,
        ...install,
        ...warmUp,
      ],
      env: profile.env,
      timeoutMs: profile.timeoutS * 1000 * (install.length + 1),
      saveTreeTo: input.prepared,
    });
    log = `$ install (${install.length} commands), exit ${run.exitCode ?? run.signal}\n${run.stdout}${run.stderr ? `\n--- stderr\n${run.stderr}` : ""}`;
    if (run.timedOut) failure = `install commands ran past ${profile.timeoutS * (install.length + 1)} s`;
    else if (run.exitCode !== 0)
      failure = `install failed (exit ${run.exitCode}): ${tail(run.stdout || run.stderr)}`;
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    log = `$ install: ${error.message}`;
    failure = `install could not run: ${error.message}`;
  }
  const logRef = install.length > 0 || failure ? await ctx.blobs.put(log) : null;
  ctx.logger.info(
    { commands: install.length, seconds: (Date.now() - started) / 1000, ok: !failure },
    "environment tree prepared",
  );
  return failure ? { ok: false, detail: failure, logRef } : { ok: true, logRef };
}

/** The last lines of a command's output, for an error message. */
function tail(text: string, lines = 12): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}

async function setTimes(dir: string, time: Date): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true })) await lutimes(join(dir, entry), time, time);
  await lutimes(dir, time, time);
}
