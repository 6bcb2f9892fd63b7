const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * The added and removed lines of a unified diff, without their `+`/`-` marks, in order.
 * Hunks are read by their header counts, so a removed line that itself starts with `--`
 * is not mistaken for a file header.
 */
export function changedLines(patch: string): string[] {
  const lines = patch.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  const changed: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const header = HUNK_HEADER.exec(lines[i] as string);
    i++;
    if (!header) continue;
    let oldLeft = header[1] === undefined ? 1 : Number(header[1]);
    let newLeft = header[2] === undefined ? 1 : Number(header[2]);
    for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
      const line = lines[i] as string;
      const mark = line[0];
      if (mark === "-") oldLeft--;
      else if (mark === "+") newLeft--;
      else if (mark === " " || line === "") {
        oldLeft--;
        newLeft--;
      } else if (mark !== "\\") break;
      if (mark === "-" || mark === "+") changed.push(line.slice(1));
    }
  }
  return changed;
}
