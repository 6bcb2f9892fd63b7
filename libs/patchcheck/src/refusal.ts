/** Why `checkPatch` refuses a patch; stable names for callers and metrics. */
export type PatchRefusalCode =
  | "EMPTY"
  | "NOT_A_DIFF"
  | "TOO_LARGE"
  | "TOO_MANY_FILES"
  | "ABSOLUTE_PATH"
  | "PARENT_PATH"
  | "GIT_DIR_PATH"
  | "BAD_PATH"
  | "SYMLINK"
  | "SUBMODULE"
  | "BAD_MODE"
  | "BINARY"
  | "FOREIGN_FORMAT";

/** A refused patch: a code and a sentence naming the offending file or line. */
export interface PatchRefusal {
  ok: false;
  code: PatchRefusalCode;
  reason: string;
}

/** Builds a {@link PatchRefusal}. */
export function refuse(code: PatchRefusalCode, reason: string): PatchRefusal {
  return { ok: false, code, reason };
}
