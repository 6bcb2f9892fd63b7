import { type PatchRefusal, refuse } from "./refusal.js";

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };

/**
 * Decodes every C-quoted string in `text` ("a/\303\274.py" → a/ü.py) the way git reads them,
 * so that an octal-escaped `..` or `.git` cannot slip past a check; unquoted text is kept.
 */
export function unquoteAll(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_all, body: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const ch = body[i] as string;
      if (ch !== "\\") {
        bytes.push(...Buffer.from(ch, "utf8"));
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8) & 0xff);
        i += octal[0].length;
      } else {
        const next = body[i + 1] ?? "";
        bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
        i += 1;
      }
    }
    return Buffer.from(bytes).toString("latin1");
  });
}

/**
 * What is wrong with a path named in a patch (raw from a header line, or parsed), or null:
 * control characters, a leading `/` (other than `/dev/null`), a `..` component, or a `.git`
 * component in any letter case. `where` names the place for the refusal's reason.
 */
export function pathProblem(path: string, where: string): PatchRefusal | null {
  if (path === "/dev/null") return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for.
  if (/[\u0000-\u001f\u007f]/.test(path)) return refuse("BAD_PATH", `${where}: control character in path`);
  if (path.startsWith("/")) {
    return refuse("ABSOLUTE_PATH", `${where}: absolute path ${JSON.stringify(path)}`);
  }
  const parts = path.split(/[\\/]/);
  if (parts.includes("..")) return refuse("PARENT_PATH", `${where}: '..' in path ${JSON.stringify(path)}`);
  if (parts.some((part) => part.toLowerCase() === ".git")) {
    return refuse("GIT_DIR_PATH", `${where}: path into .git ${JSON.stringify(path)}`);
  }
  return null;
}

/** Like {@link pathProblem} for text holding several paths (a `diff --git` line): word-wise. */
export function pathsProblem(text: string, where: string): PatchRefusal | null {
  for (const word of text.split(/\s+/)) {
    const problem = word === "" ? null : pathProblem(word, where);
    if (problem) return problem;
  }
  return null;
}
