/**
 * A unified diff that replaces line `line` (1-based) of `path` with `replacement` (which may
 * span several lines), with three lines of context, as `git diff` would write it.
 */
export function replaceLinePatch(path: string, text: string, line: number, replacement: string): string {
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  const old = lines[line - 1];
  if (old === undefined) throw new Error(`${path} has no line ${line}`);
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  const before = lines.slice(from - 1, line - 1);
  const after = lines.slice(line, to);
  const added = replacement.split("\n");
  const body = [
    ...before.map((l) => ` ${l}`),
    `-${old}`,
    ...added.map((l) => `+${l}`),
    ...after.map((l) => ` ${l}`),
  ];
  const oldCount = before.length + 1 + after.length;
  const newCount = before.length + added.length + after.length;
  return `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -${from},${oldCount} +${from},${newCount} @@\n${body.join("\n")}\n`;
}
