import type { CodeUnit } from "@tracegen/python";

/** A unit a patch changes, with its code before and after. */
export interface UnitChange {
  path: string;
  qualifiedName: string;
  kind: CodeUnit["kind"];
  change: "modified" | "added" | "removed";
  before: string;
  after: string;
  beforeStartLine: number;
  beforeEndLine: number;
  /**
   * 1-based start lines, within `before` / `after`, of the units nested in this one: those
   * are reported (and classified) as units of their own.
   */
  nestedStartLines: { before: number[]; after: number[] };
}

/**
 * Compares one file's units before and after a patch and returns the units whose own code
 * changed. A class or module whose only change is inside one of its methods / functions is
 * not reported: the inner unit is. Units are matched by kind, qualified name and, for names
 * defined twice, order of appearance.
 */
export function changedUnits(path: string, before: CodeUnit[], after: CodeUnit[]): UnitChange[] {
  const afterByKey = keyed(after);
  const beforeByKey = keyed(before);
  const changes: UnitChange[] = [];
  for (const [key, old] of beforeByKey) {
    const now = afterByKey.get(key);
    if (!now) {
      changes.push(change(path, { unit: old, all: before }, undefined));
    } else if (old.contentHash !== now.contentHash && ownCode(old, before) !== ownCode(now, after)) {
      changes.push(change(path, { unit: old, all: before }, { unit: now, all: after }));
    }
  }
  for (const [key, now] of afterByKey) {
    if (!beforeByKey.has(key)) changes.push(change(path, undefined, { unit: now, all: after }));
  }
  return changes;
}

function keyed(units: CodeUnit[]): Map<string, CodeUnit> {
  const seen = new Map<string, number>();
  const out = new Map<string, CodeUnit>();
  for (const unit of units) {
    const base = `${unit.kind}:${unit.qualifiedName}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(`${base}#${n}`, unit);
  }
  return out;
}

/** The unit's source with its directly nested units cut out: what the unit itself says. */
function ownCode(unit: CodeUnit, all: CodeUnit[]): string {
  const lines = unit.source.split("\n");
  const children = all.filter(
    (u) => u !== unit && isDirectChild(unit, u) && u.startLine >= unit.startLine && u.endLine <= unit.endLine,
  );
  for (const child of children) {
    for (let line = child.startLine; line <= child.endLine; line++) lines[line - unit.startLine] = "\u0000";
  }
  // Blank lines are layout, not code.
  return lines.filter((l) => l !== "\u0000" && l.trim() !== "").join("\n");
}

function isDirectChild(parent: CodeUnit, unit: CodeUnit): boolean {
  if (parent.kind === "module") return !unit.qualifiedName.includes(".") && unit.kind !== "module";
  const prefix = `${parent.qualifiedName}.`;
  if (!unit.qualifiedName.startsWith(prefix)) return false;
  const rest = unit.qualifiedName.slice(prefix.length).replace(/^<locals>\./, "");
  return !rest.includes(".");
}

interface UnitOf {
  unit: CodeUnit;
  all: CodeUnit[];
}

function change(path: string, before: UnitOf | undefined, after: UnitOf | undefined): UnitChange {
  const unit = (before ?? after)?.unit as CodeUnit;
  return {
    path,
    qualifiedName: unit.qualifiedName,
    kind: unit.kind,
    change: before && after ? "modified" : before ? "removed" : "added",
    before: before?.unit.source ?? "",
    after: after?.unit.source ?? "",
    beforeStartLine: before?.unit.startLine ?? 0,
    beforeEndLine: before?.unit.endLine ?? 0,
    nestedStartLines: { before: nestedStartLines(before), after: nestedStartLines(after) },
  };
}

function nestedStartLines(side: UnitOf | undefined): number[] {
  if (!side) return [];
  const { unit, all } = side;
  return all
    .filter(
      (u) =>
        u !== unit &&
        u.startLine >= unit.startLine &&
        u.endLine <= unit.endLine &&
        (u.startLine > unit.startLine || u.endLine < unit.endLine),
    )
    .map((u) => u.startLine - unit.startLine + 1);
}
