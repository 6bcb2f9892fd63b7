import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";

/** A unified diff of a unit's source before → after the fix, 3 lines of context. */
export function rawDiff(before: string, after: string): string {
  return createTwoFilesPatch("before", "after", before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
