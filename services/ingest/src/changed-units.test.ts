import { parsePythonFile } from "@tracegen/python";
import { describe, expect, it } from "vitest";
import { changedUnits } from "./changed-units.js";

const units = (source: string) => parsePythonFile("m.py", new TextEncoder().encode(source)).units;

const before = `import math


class Account:
    """An account."""

    def __init__(self, name):
        self.name = name
        self.entries = []

    def balance(self):
        return sum(e for e in self.entries if e > 0)


def total(accounts):
    return sum(a.balance() for a in accounts)
`;

describe("changedUnits", () => {
  it("reports the changed method, not its class or module", () => {
    const after = before.replace("if e > 0", "if e is not None");
    const changes = changedUnits("m.py", units(before), units(after));
    expect(changes.map((c) => [c.qualifiedName, c.kind, c.change])).toEqual([
      ["Account.balance", "method", "modified"],
    ]);
    expect(changes[0]?.before).toContain("if e > 0");
    expect(changes[0]?.after).toContain("if e is not None");
    expect(changes[0]?.beforeStartLine).toBe(11);
  });

  it("reports a class whose own body changed, and added / removed functions", () => {
    const after = before
      .replace('"""An account."""', '"""An account."""\n\n    kind = "asset"')
      .replace(
        "def total(accounts):\n    return sum(a.balance() for a in accounts)\n",
        "def grand_total(accounts):\n    return 0\n",
      );
    const changes = changedUnits("m.py", units(before), units(after));
    expect(changes.map((c) => [c.qualifiedName, c.change]).sort()).toEqual([
      ["Account", "modified"],
      ["grand_total", "added"],
      ["total", "removed"],
    ]);
  });

  it("reports the module for a module-level change and ignores blank-line moves", () => {
    const after = before.replace("import math\n", "import math\nimport os\n\n");
    const changes = changedUnits("m.py", units(before), units(after));
    expect(changes.map((c) => [c.qualifiedName, c.kind])).toEqual([["", "module"]]);
    expect(changedUnits("m.py", units(before), units(before.replace("\n\nclass", "\n\n\nclass")))).toEqual(
      [],
    );
  });
});
