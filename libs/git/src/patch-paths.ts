/** Path handling for diff headers: C-style quoting, `a/` `b/` prefixes, `/dev/null`. */

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * Reads one path token at the start of `text`: either a C-quoted string (git quotes paths with
 * special or non-ASCII bytes, as octal escapes of their UTF-8 bytes) or everything up to
 * `stopAtSpace ? " " : end`. Returns the path and the rest of the text, or null if a quoted
 * string is not closed.
 */
export function readPathToken(text: string, stopAtSpace: boolean): { path: string; rest: string } | null {
  if (!text.startsWith('"')) {
    const end = stopAtSpace ? text.indexOf(" ") : -1;
    return end === -1 ? { path: text, rest: "" } : { path: text.slice(0, end), rest: text.slice(end + 1) };
  }
  const bytes: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') {
      return { path: Buffer.from(bytes).toString("utf8"), rest: text.slice(i + 1).replace(/^ /, "") };
    }
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = text[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return null;
}

/** Drops the first path component (`a/`, `b/` or any other prefix), as `git apply -p1` does. */
export function stripPrefix(path: string): string {
  const slash = path.indexOf("/");
  return slash === -1 ? path : path.slice(slash + 1);
}

/**
 * The path of a `--- ` or `+++ ` line's value, without its prefix; null for `/dev/null`.
 * Non-git diffs may append a tab and a timestamp, which is dropped.
 */
export function markerPath(value: string): string | null {
  const token = readPathToken(value, false);
  let path = token?.path ?? value;
  if (!value.startsWith('"')) path = path.split("\t")[0] ?? path;
  path = path.trimEnd();
  return path === "/dev/null" ? null : stripPrefix(path);
}

/**
 * Old and new paths from `diff --git <a> <b>`, without prefixes. Unquoted names may contain
 * spaces, so for those the line is split where both halves name the same path (git writes
 * the same name twice unless the file is renamed, and renames carry `rename from/to` lines).
 */
export function gitHeaderPaths(rest: string): { oldPath: string; newPath: string } | null {
  if (rest.startsWith('"')) {
    const first = readPathToken(rest, true);
    const second = first && readPathToken(first.rest, false);
    return first && second ? { oldPath: stripPrefix(first.path), newPath: stripPrefix(second.path) } : null;
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond !== -1) {
    const second = readPathToken(rest.slice(quotedSecond + 1), false);
    if (second)
      return { oldPath: stripPrefix(rest.slice(0, quotedSecond)), newPath: stripPrefix(second.path) };
  }
  if (rest.length % 2 === 1) {
    const half = (rest.length - 1) / 2;
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (rest[half] === " " && stripPrefix(left) === stripPrefix(right)) {
      return { oldPath: stripPrefix(left), newPath: stripPrefix(right) };
    }
  }
  const split = rest.indexOf(" b/");
  if (split === -1) return null;
  return { oldPath: stripPrefix(rest.slice(0, split)), newPath: stripPrefix(rest.slice(split + 1)) };
}
