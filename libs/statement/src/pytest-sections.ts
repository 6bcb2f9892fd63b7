/**
 * The section of pytest's FAILURES (or ERRORS) report about one test, from the run's output:
 * from its `____ test_name ____` header to the next header. Undefined when the output has none
 * (pytest run with `--tb=no` or `-p no:terminal`, or the output is not pytest's).
 */
export function failureSection(output: string | undefined, id: string): string | undefined {
  if (output === undefined) return undefined;
  const parts = id.split("::");
  // pytest titles a section with the node id's part after the file: `test_x`, `TestC.test_x[p]`.
  const title = parts.length > 1 ? parts.slice(1).join(".") : id;
  const lines = output.replace(/\r/g, "").split("\n");
  const header = (line: string) => /^_{3,} (.+?) _{3,}$/.exec(line)?.[1];
  const start = lines.findIndex((line) => {
    const name = header(line);
    return name === title || name === `ERROR at setup of ${title}` || name === `ERROR at call of ${title}`;
  });
  if (start < 0) return undefined;
  let end = start + 1;
  while (
    end < lines.length &&
    header(lines[end] as string) === undefined &&
    !/^={3,}/.test(lines[end] as string)
  )
    end++;
  return lines.slice(start + 1, end).join("\n");
}
