import { pathProblem, pathsProblem, unquoteAll } from "./patch-paths.js";
import { type PatchRefusal, refuse } from "./refusal.js";

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const PATH_HEADER = /^(---|\+\+\+|rename from|rename to|copy from|copy to|Index:) (.*)$/;
const MODE_HEADER = /^(?:old mode|new mode|new file mode|deleted file mode) (\S+)|^index \S+ (\S+)$/;
const BINARY = /^GIT binary patch$|^Binary files .* differ$/;
// Diff formats other than unified that GNU patch would also act on if they hid between files:
// context diffs (`*** file`, `***************`) and normal or ed-script commands (`12,14d`).
const FOREIGN = /^\*\*\* |^\*{15}$|^\d+(?:,\d+)?[acd](?:\d+(?:,\d+)?)?$/;

/**
 * Reads every line of a patch outside its hunk bodies (which are skipped by their header
 * counts, as git does, so content lines are never mistaken for headers) and refuses what
 * `parsePatch` may not reflect: unsafe paths in `diff --git`, `---`/`+++`, `rename`/`copy` and
 * `Index:` lines (C-quoting decoded first), symlink, submodule or unknown modes, binary
 * payloads, and sections in other diff formats that `patch` would apply too.
 */
export function scanRawPatch(patch: string): PatchRefusal | null {
  const lines = patch.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const hunk = HUNK.exec(line);
    if (hunk) {
      i = skipHunk(lines, i, Number(hunk[1] ?? 1), Number(hunk[2] ?? 1));
      continue;
    }
    const problem = lineProblem(line, `line ${i + 1}`);
    if (problem) return problem;
  }
  return null;
}

function lineProblem(line: string, where: string): PatchRefusal | null {
  if (line.startsWith("diff --git ")) return pathsProblem(unquoteAll(line.slice(11)), where);
  const path = PATH_HEADER.exec(line);
  if (path) return pathProblem((unquoteAll(path[2] as string).split("\t")[0] as string).trimEnd(), where);
  const mode = MODE_HEADER.exec(line);
  if (mode) return modeProblem((mode[1] ?? mode[2]) as string, where);
  if (BINARY.test(line)) return refuse("BINARY", `${where}: binary patch`);
  if (FOREIGN.test(line))
    return refuse("FOREIGN_FORMAT", `${where}: not a unified diff: ${line.slice(0, 80)}`);
  return null;
}

/** Refuses symlinks (120000), submodules (160000) and anything but a regular file mode. */
export function modeProblem(mode: string, where: string): PatchRefusal | null {
  if (mode === "120000") return refuse("SYMLINK", `${where}: symlink (mode 120000)`);
  if (mode === "160000") return refuse("SUBMODULE", `${where}: submodule (mode 160000)`);
  if (!/^100(?:644|755|664)$/.test(mode))
    return refuse("BAD_MODE", `${where}: unsupported file mode ${mode}`);
  return null;
}

// Returns the index of the hunk's last body line.
function skipHunk(lines: string[], header: number, oldCount: number, newCount: number): number {
  let oldLeft = oldCount;
  let newLeft = newCount;
  let i = header;
  while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
    const next = lines[i + 1] as string;
    const kind = next === "" ? " " : next[0];
    if (kind === " ") {
      oldLeft--;
      newLeft--;
    } else if (kind === "-") oldLeft--;
    else if (kind === "+") newLeft--;
    else if (kind !== "\\") break;
    i++;
  }
  return i;
}
