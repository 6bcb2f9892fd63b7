import { ExportError, ExportErrorCode } from "./export-error.js";

const HUNK_HEADER = /^@@ -(\d+(?:,(\d+))?) \+(\d+(?:,(\d+))?) @@(.*)$/;

/**
 * The reverse of a unified diff: applied to the patched tree it gives the original back. For
 * a bug patch this is the fix, SWE-bench's `patch` field. File headers swap sides (`---`/`+++`,
 * `a/`/`b/`, modes, renames, created/deleted files, `index` ids), hunk headers swap their
 * ranges, and in every run of changed lines the lines the patch added become removals listed
 * first, as git writes them. "\ No newline at end of file" markers stay with their line.
 * Text outside files (a mail header) is kept. Throws BAD_PATCH for binary or copy patches,
 * which cannot be reversed from the text alone, and for hunks shorter than their header says.
 */
export function reversePatch(patch: string): string {
  const lines = patch.split("\n");
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.startsWith("diff --git ")) {
      i = reverseGitHeader(lines, i, out);
    } else if (line.startsWith("--- ") && lines[i + 1]?.startsWith("+++ ")) {
      out.push(`--- ${swapPrefix((lines[i + 1] as string).slice(4), "a/")}`);
      out.push(`+++ ${swapPrefix(line.slice(4), "b/")}`);
      i += 2;
    } else if (HUNK_HEADER.test(line)) {
      i = reverseHunk(lines, i, out);
    } else if (line.startsWith("GIT binary patch") || /^Binary files .* differ$/.test(line)) {
      throw new ExportError(ExportErrorCode.BAD_PATCH, "cannot reverse a binary patch");
    } else {
      out.push(line);
      i++;
    }
  }
  return out.join("\n");
}

/** Reverses `diff --git` and the extended header lines after it; returns the next line's index. */
function reverseGitHeader(lines: string[], start: number, out: string[]): number {
  const header: string[] = [];
  let i = start + 1;
  let from: string | undefined;
  let to: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    const match =
      /^(old mode|new mode|deleted file mode|new file mode|rename from|rename to|copy from|copy to|similarity index|dissimilarity index|index) (.*)$/.exec(
        line,
      );
    if (!match) break;
    const [, key, value = ""] = match;
    if (key === "copy from" || key === "copy to")
      throw new ExportError(
        ExportErrorCode.BAD_PATCH,
        "cannot reverse a copy: the copied file's text is not in the patch",
      );
    if (key === "rename from") from = value;
    if (key === "rename to") to = value;
    header.push(reverseHeaderLine(key as string, value));
  }
  out.push(`diff --git ${reverseGitPaths((lines[start] as string).slice("diff --git ".length), from, to)}`);
  // git lists "old mode" before "new mode" and "rename from" before "rename to".
  out.push(...orderPairs(header, "old mode ", "new mode "));
  return i;
}

function reverseHeaderLine(key: string, value: string): string {
  switch (key) {
    case "old mode":
      return `new mode ${value}`;
    case "new mode":
      return `old mode ${value}`;
    case "deleted file mode":
      return `new file mode ${value}`;
    case "new file mode":
      return `deleted file mode ${value}`;
    case "rename from":
      return `rename to ${value}`;
    case "rename to":
      return `rename from ${value}`;
    case "index": {
      const match = /^([0-9a-f]+)\.\.([0-9a-f]+)(.*)$/.exec(value);
      return match ? `index ${match[2]}..${match[1]}${match[3]}` : `index ${value}`;
    }
    default:
      return `${key} ${value}`;
  }
}

function orderPairs(header: string[], first: string, second: string): string[] {
  const a = header.findIndex((l) => l.startsWith(first));
  const b = header.findIndex((l) => l.startsWith(second));
  const ordered = [...header];
  if (a >= 0 && b >= 0 && b < a) [ordered[a], ordered[b]] = [ordered[b] as string, ordered[a] as string];
  const from = ordered.findIndex((l) => l.startsWith("rename from "));
  const to = ordered.findIndex((l) => l.startsWith("rename to "));
  if (from >= 0 && to >= 0 && to < from)
    [ordered[from], ordered[to]] = [ordered[to] as string, ordered[from] as string];
  return ordered;
}

/**
 * `a/OLD b/NEW` becomes `a/NEW b/OLD`. Paths may hold spaces, so the split is where both
 * halves name the same path, or the rename's paths when the file was renamed.
 */
function reverseGitPaths(paths: string, from: string | undefined, to: string | undefined): string {
  if (from !== undefined && to !== undefined) {
    const quote = (path: string, prefix: string) =>
      path.startsWith('"') ? `"${prefix}${path.slice(1)}` : `${prefix}${path}`;
    return `${quote(to, "a/")} ${quote(from, "b/")}`;
  }
  const quoted = /^"(.*)" "(.*)"$/.exec(paths);
  if (quoted) return `"${swapPrefix(quoted[2] as string, "a/")}" "${swapPrefix(quoted[1] as string, "b/")}"`;
  const half = (paths.length - 1) / 2;
  if (Number.isInteger(half) && paths[half] === " ") {
    const left = paths.slice(0, half);
    const right = paths.slice(half + 1);
    if (left.slice(2) === right.slice(2)) return `${swapPrefix(right, "a/")} ${swapPrefix(left, "b/")}`;
  }
  const at = paths.lastIndexOf(" b/");
  if (at < 0)
    throw new ExportError(ExportErrorCode.BAD_PATCH, `cannot read the paths of "diff --git ${paths}"`);
  return `${swapPrefix(paths.slice(at + 1), "a/")} ${swapPrefix(paths.slice(0, at), "b/")}`;
}

/** `b/x` as `a/x` (and back); `/dev/null` and unprefixed paths unchanged. */
function swapPrefix(marker: string, prefix: "a/" | "b/"): string {
  const tab = marker.indexOf("\t");
  const path = tab < 0 ? marker : marker.slice(0, tab);
  const rest = tab < 0 ? "" : marker.slice(tab);
  if (path === "/dev/null") return marker;
  const swapped = /^[ab]\//.test(path) ? `${prefix}${path.slice(2)}` : path;
  return `${swapped}${rest}`;
}

interface BodyLine {
  text: string;
  /** A "\ No newline at end of file" line that follows it. */
  marker?: string;
}

/** Reverses the hunk whose header is `lines[start]`; returns the index after it. */
function reverseHunk(lines: string[], start: number, out: string[]): number {
  const header = HUNK_HEADER.exec(lines[start] as string) as RegExpExecArray;
  const [, oldRange, oldCount, newRange, newCount, section] = header;
  out.push(`@@ -${newRange} +${oldRange} @@${section}`);
  let oldLeft = oldCount === undefined ? 1 : Number(oldCount);
  let newLeft = newCount === undefined ? 1 : Number(newCount);
  let removed: BodyLine[] = [];
  let added: BodyLine[] = [];
  let last: BodyLine | undefined;
  const flush = () => {
    // What the patch added is removed by its reverse, and git lists removals first.
    for (const line of added) pushLine(out, `-${line.text.slice(1)}`, line.marker);
    for (const line of removed) pushLine(out, `+${line.text.slice(1)}`, line.marker);
    removed = [];
    added = [];
  };
  let i = start + 1;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]?.startsWith("\\")); i++) {
    const text = lines[i] as string;
    if (text.startsWith("\\")) {
      if (last !== undefined) last.marker = text;
      else out.push(text);
      continue;
    }
    // An empty line is an empty context line whose space an editor stripped.
    const mark = text === "" ? " " : text[0];
    if (mark === "-") {
      last = { text };
      removed.push(last);
      oldLeft--;
    } else if (mark === "+") {
      last = { text };
      added.push(last);
      newLeft--;
    } else if (mark === " ") {
      flush();
      last = undefined;
      out.push(text);
      oldLeft--;
      newLeft--;
      // A context line's marker belongs right after it.
      if (lines[i + 1]?.startsWith("\\")) {
        out.push(lines[i + 1] as string);
        i++;
      }
    } else {
      break;
    }
  }
  flush();
  if (oldLeft > 0 || newLeft > 0)
    throw new ExportError(
      ExportErrorCode.BAD_PATCH,
      `hunk "${lines[start]}" ends early (${oldLeft} old and ${newLeft} new lines missing)`,
    );
  return i;
}

function pushLine(out: string[], text: string, marker: string | undefined): void {
  out.push(text);
  if (marker !== undefined) out.push(marker);
}
