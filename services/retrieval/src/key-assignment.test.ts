import { describe, expect, it } from "vitest";
import { assignKeys } from "./key-assignment.js";

const row = (id: number, contentHash: string, vectorSha: string) => ({ id, contentHash, vectorSha });

describe("assignKeys", () => {
  it("gives equal vectors one key, keeps keys the index has, and counts vanished ones", () => {
    const rows = [row(5, "a", "v1"), row(3, "b", "v1"), row(9, "c", "v2"), row(12, "d", "v3")];
    const fresh = assignKeys(rows, new Set());
    expect(Object.fromEntries(fresh.keyOfHash)).toEqual({ a: 3, b: 3, c: 9, d: 12 });
    expect(fresh).toMatchObject({ added: [3, 9, 12], orphans: 0 });

    // The index already holds 5 for v1 (embedded first, for another repository): it stays the key.
    const kept = assignKeys(rows, new Set([5, 9]));
    expect(Object.fromEntries(kept.keyOfHash)).toEqual({ a: 5, b: 5, c: 9, d: 12 });
    expect(kept).toMatchObject({ added: [12], orphans: 0 });

    // 7 is in the index but no stored embedding stands behind it.
    expect(assignKeys(rows, new Set([3, 7])).orphans).toBe(1);
  });
});
