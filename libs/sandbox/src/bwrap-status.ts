/**
 * What bwrap reports on its `--json-status-fd`: one JSON document with `child-pid` (the
 * sandbox's init, as seen from the host) once it is cloned, one with `exit-code` (the
 * command's, 128+n for a signal) when the command ends. A setup failure (a mount, say)
 * exits 1 with no `exit-code`: it must not be mistaken for a failing test.
 */
export class BwrapStatus {
  private text = "";

  /** Appends a chunk read from the status pipe. */
  push(chunk: string): void {
    this.text += chunk;
  }

  /** The sandbox's init pid; undefined until it was cloned. */
  get childPid(): number | undefined {
    return this.field("child-pid");
  }

  /** The command's exit code; undefined until it exited. */
  get exitCode(): number | undefined {
    return this.field("exit-code");
  }

  private field(name: string): number | undefined {
    const match = new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(this.text);
    return match?.[1] !== undefined ? Number(match[1]) : undefined;
  }
}
