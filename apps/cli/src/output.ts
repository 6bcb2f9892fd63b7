/** How a command reports: one JSON document on stdout, or text for people. */
export interface Output {
  json: boolean;
  /** Prints the command's result: `value` as JSON, or `text()` for a terminal. */
  result(value: unknown, text: () => string): void;
}

/** Builds the output for `--json` or text mode. */
export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout): Output {
  return {
    json,
    result(value, text) {
      stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
  };
}
