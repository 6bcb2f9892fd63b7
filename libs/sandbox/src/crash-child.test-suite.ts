// Run as a child process by crash.test.ts: starts one long run and waits to be SIGKILLed.
//   CRASH_MARKER=<marker> node --conditions=source --import <tsx> crash-child.test-suite.ts <docker|bwrap> <label> <repoDir> <tmpRoot>
// The marker comes in the environment so that only the sandboxed process shows it in its argv.
import { createBwrapSandbox } from "./bwrap-sandbox.js";
import { createDockerSandbox } from "./docker-sandbox.js";

const [kind, label, repoDir, tmpRoot] = process.argv.slice(2);
const marker = process.env.CRASH_MARKER;
if (repoDir === undefined || label === undefined || tmpRoot === undefined || marker === undefined) {
  throw new Error("usage: CRASH_MARKER=m crash-child <kind> <label> <repoDir> <tmpRoot>");
}
const sandbox =
  kind === "docker" ? await createDockerSandbox({ label, tmpRoot }) : await createBwrapSandbox({ tmpRoot });
await sandbox.run({
  repoDir,
  command: ["python3", "-c", "import time; time.sleep(300)", marker],
  timeoutMs: 300_000,
});
