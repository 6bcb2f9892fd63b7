import { spawn } from "node:child_process";
import { PatchCheckError, PatchCheckErrorCode } from "./patchcheck-error.js";

/** One run of `git` or `patch`. */
export interface ToolCall {
  command: string;
  args: readonly string[];
  cwd: string;
  /** The whole environment of the child (nothing is inherited). */
  env: Record<string, string>;
  /** Written to stdin, which is then closed. */
  stdin?: string;
  timeoutMs: number;
  /** Output kept beyond this, per stream and for both together, is dropped, not fatal. */
  maxOutputBytes: number;
}

/** How a tool run ended; `output` interleaves stdout and stderr, for logs. */
export interface ToolRun {
  code: number | null;
  stdout: string;
  output: string;
  /** True when part of stdout was dropped at the output limit. */
  truncated: boolean;
  timedOut: boolean;
}

/**
 * Runs a tool without a shell in its own process group, killing the group at the time
 * limit. Resolves whatever the exit code; rejects with TOOL_MISSING only if it cannot start.
 */
export function runTool(call: ToolCall): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(call.command, [...call.args], {
      cwd: call.cwd,
      env: call.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const both = capped(call.maxOutputBytes);
    const stdout = capped(call.maxOutputBytes);
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout.add(chunk);
      both.add(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => both.add(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, call.timeoutMs);
    // The tool may exit before reading all of stdin (an early rejection): ignore EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(call.stdin ?? "");
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new PatchCheckError(PatchCheckErrorCode.TOOL_MISSING, `cannot run ${call.command}: ${error.message}`),
      );
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      let output = both.text();
      if (both.dropped > 0) output += `\n[... ${both.dropped} more bytes of output dropped]`;
      if (timedOut) output += `\n[killed after ${call.timeoutMs} ms]`;
      resolve({ code, stdout: stdout.text(), output, truncated: stdout.dropped > 0, timedOut });
    });
  });
}

function capped(limit: number) {
  const chunks: Buffer[] = [];
  let kept = 0;
  return {
    dropped: 0,
    add(chunk: Buffer) {
      const take = Math.min(chunk.length, Math.max(0, limit - kept));
      if (take > 0) chunks.push(chunk.subarray(0, take));
      kept += take;
      this.dropped += chunk.length - take;
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}
