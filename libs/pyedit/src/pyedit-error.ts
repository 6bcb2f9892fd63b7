/** Why a pyedit call rejected its input. */
export type PyEditErrorCode = "UNKNOWN_MUTATOR" | "BAD_SPAN" | "BAD_EDIT";

/** The one error pyedit raises, for input it cannot work with. */
export class PyEditError extends Error {
  override readonly name = "PyEditError";
  constructor(
    readonly code: PyEditErrorCode,
    message: string,
  ) {
    super(message);
  }
}
