import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyEdits } from "./apply-edits.js";
import { checkMutated } from "./check.js";
import { listMutations, mutateUnit } from "./list-mutations.js";
import { parsePython } from "./parser.js";
import { PyEditError } from "./pyedit-error.js";
import { stdlib } from "./stdlib-fixture.test-suite.js";
import { MUTATORS, type MutatorName, SWE_SMITH_MUTATORS, type UnitSpan } from "./types.js";

describe("the mutator list", () => {
  it("names 19 mutators, SWE-smith's 13 first", () => {
    expect(MUTATORS).toHaveLength(19);
    expect(new Set(MUTATORS).size).toBe(19);
    expect(SWE_SMITH_MUTATORS).toEqual(MUTATORS.slice(0, 13));
    expect(SWE_SMITH_MUTATORS.at(-1)).toBe("swap_operands");
  });
});

describe("listMutations", () => {
  const source = [
    "def first(a, b):",
    "    return a < b",
    "",
    "def second(a, b):",
    "    if a > b:",
    "        return a == b",
    "    return a <= b",
    "",
  ].join("\n");

  it("keeps to the span and lists sites by position", () => {
    expect(listMutations(source, "flip_comparison").map((m) => m.line)).toEqual([2, 5, 6, 7]);
    expect(listMutations(source, "flip_comparison", { startLine: 4, endLine: 7 }).map((m) => m.line)).toEqual(
      [5, 6, 7],
    );
    expect(listMutations(source, "flip_comparison", { startLine: 5, endLine: 6 }).map((m) => m.line)).toEqual(
      [5, 6],
    );
    expect(listMutations(source, "flip_comparison", { startLine: 100, endLine: 200 })).toEqual([]);
  });

  it("is deterministic for a seed, and seeds change the choices", () => {
    const heapq = stdlib("heapq.py");
    const once = listMutations(heapq, "change_constant", undefined, 42);
    expect(listMutations(heapq, "change_constant", undefined, 42)).toEqual(once);
    const choices = new Set(
      Array.from({ length: 8 }, (_, seed) =>
        listMutations(heapq, "change_constant", undefined, seed)
          .map((m) => m.detail.to)
          .join(","),
      ),
    );
    expect(choices.size).toBeGreaterThan(1);
  });

  it("rejects unknown mutators and bad spans", () => {
    expect(() => listMutations(source, "nope" as MutatorName)).toThrow(PyEditError);
    expect(() => listMutations(source, "toString" as MutatorName)).toThrow(/unknown mutator/);
    expect(() => listMutations(source, "flip_comparison", { startLine: 3, endLine: 2 })).toThrow(/span/);
    expect(() => listMutations(source, "flip_comparison", { startLine: 0, endLine: 2 })).toThrow(PyEditError);
  });

  it("lists nothing where nothing applies, including on empty sources", () => {
    expect(listMutations("", "remove_loop")).toEqual([]);
    expect(listMutations("x = 1\n", "remove_loop")).toEqual([]);
  });
});

describe("mutateUnit", () => {
  const bisect = stdlib("bisect.py");

  it("applies one listed mutation, the same one for the same seed", () => {
    const span = findSpans(bisect).find((unit) => unit.name === "bisect_right")!.span;
    const result = mutateUnit(bisect, "flip_comparison", span, 9);
    expect(result).not.toBeNull();
    expect(listMutations(bisect, "flip_comparison", span, 9)).toContainEqual(result!.mutation);
    expect(result!.source).toBe(applyEdits(bisect, result!.mutation.edits));
    expect(mutateUnit(bisect, "flip_comparison", span, 9)).toEqual(result);
    const lines = new Set(
      Array.from(
        { length: 16 },
        (_, seed) => mutateUnit(bisect, "flip_comparison", span, seed)!.mutation.line,
      ),
    );
    expect(lines.size).toBeGreaterThan(1);
  });

  it("returns null when nothing applies", () => {
    expect(mutateUnit(bisect, "remove_base_class", undefined, 1)).toBeNull();
  });
});

/** Every def and class of a file with its span (decorators included). */
function findSpans(source: string): { name: string; kind: string; span: UnitSpan }[] {
  return parsePython(source)
    .rootNode.descendantsOfType(["function_definition", "class_definition"])
    .map((definition) => {
      const site = definition.parent?.type === "decorated_definition" ? definition.parent : definition;
      return {
        name: definition.childForFieldName("name")?.text ?? "",
        kind: definition.type,
        span: { startLine: site.startPosition.row + 1, endLine: site.endPosition.row + 1 },
      };
    });
}

/** Four functions spread over a file, and its smallest class with two methods or more when that is short. */
function sampleUnits(source: string): UnitSpan[] {
  const spans = findSpans(source);
  const functions = spans.filter(
    (s) => s.kind === "function_definition" && s.span.endLine - s.span.startLine >= 3,
  );
  const picked = [0, 1, 2, 3].map((k) => functions[Math.floor((k * functions.length) / 4)]!.span);
  const lines = source.split("\n");
  const classes = spans
    .filter((s) => s.kind === "class_definition" && s.span.endLine - s.span.startLine < 120)
    .filter(
      (s) => lines.slice(s.span.startLine - 1, s.span.endLine).filter((l) => /^\s*def /.test(l)).length >= 2,
    )
    .sort((a, b) => a.span.endLine - a.span.startLine - (b.span.endLine - b.span.startLine));
  return classes[0] === undefined ? picked : [...picked, classes[0].span];
}

describe("every listed mutation is usable (property)", () => {
  const FILES = [
    "textwrap.py",
    "bisect.py",
    "heapq.py",
    "shlex.py",
    "json/decoder.py",
    "glob.py",
    "csv.py",
    "string.py",
    "json/encoder.py",
    "fnmatch.py",
  ];

  it("for ~40 units of 10 stdlib files and all 19 mutators: in span, checkMutated ok, compiled by Python", async () => {
    const started = performance.now();
    const out = mkdtempSync(join(tmpdir(), "pyedit-property-"));
    try {
      const perMutator = new Map<MutatorName, number>();
      let units = 0;
      let written = 0;
      for (const file of FILES) {
        const source = stdlib(file);
        for (const span of sampleUnits(source)) {
          units++;
          for (const mutator of MUTATORS) {
            for (const mutation of listMutations(source, mutator, span, units)) {
              expect(mutation.line).toBeGreaterThanOrEqual(span.startLine);
              expect(mutation.line).toBeLessThanOrEqual(span.endLine);
              const after = applyEdits(source, mutation.edits);
              expect(checkMutated(source, after), `${file}:${mutation.line} ${mutator}`).toBe("ok");
              writeFileSync(join(out, `${written++}.py`), after);
              perMutator.set(mutator, (perMutator.get(mutator) ?? 0) + 1);
              // tree-sitter's native trees are freed by finalizers that run when the event loop turns.
              if (written % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
            }
          }
        }
      }
      expect(units).toBeGreaterThanOrEqual(40);
      expect([...perMutator.keys()].sort()).toEqual([...MUTATORS].sort());
      const failures = execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          "import os, sys\nfor n in sorted(os.listdir(sys.argv[1])):\n    p = os.path.join(sys.argv[1], n)\n    try:\n        compile(open(p).read(), p, 'exec', dont_inherit=True)\n    except SyntaxError as e:\n        print(n, e)\n",
          out,
        ],
        { encoding: "utf8" },
      );
      expect(failures).toBe("");
      console.log(
        `property: ${units} units, ${written} mutations in ${Math.round(performance.now() - started)} ms`,
        Object.fromEntries(perMutator),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});
