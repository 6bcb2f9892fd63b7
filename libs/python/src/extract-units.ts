import type Parser from "tree-sitter";
import { readDocstring } from "./docstring.js";
import { type LineIndex, sliceRows } from "./line-index.js";
import { makeUnit } from "./make-unit.js";
import { mayDefine } from "./may-define.js";
import { normalizeHeader } from "./signature.js";
import type { CodeUnit, UnitKind } from "./types.js";

/** Where a definition sits, which decides whether it is a unit and of which kind. */
type Scope = "module" | "class" | "function";

/** Statements whose blocks stay in the enclosing scope (`if TYPE_CHECKING: def f(): ...`). */
const TRANSPARENT = new Set([
  "block",
  "if_statement",
  "elif_clause",
  "else_clause",
  "for_statement",
  "while_statement",
  "try_statement",
  "except_clause",
  "finally_clause",
  "with_statement",
  "match_statement",
  "case_clause",
]);

interface Walk {
  cursor: Parser.TreeCursor;
  lines: LineIndex;
  /** Only a tree with errors needs the (costlier) per-unit `hasError` check. */
  checkErrors: boolean;
  units: CodeUnit[];
}

/**
 * Collects the code units of a parsed file in source order, module first. A single tree
 * cursor visits only statement-level nodes, so expressions are never walked; units whose
 * subtree contains a syntax error are left out, but their well-formed members are kept.
 */
export function extractUnits(tree: Parser.Tree, lines: LineIndex): CodeUnit[] {
  const walk: Walk = { cursor: tree.walk(), lines, checkErrors: tree.rootNode.hasError, units: [] };
  const docstring = readDocstring(walk.cursor);
  if (!walk.checkErrors) {
    const source = lines.text;
    const endLine = Math.max(1, lines.lineCount);
    walk.units.push(makeUnit("module", "", 1, endLine, "", docstring, source));
  }
  visitStatements(walk, "module", "");
  return walk.units;
}

/** Visits the children of the node under the cursor, looking for definitions. */
function visitStatements(walk: Walk, scope: Scope, prefix: string): void {
  const { cursor } = walk;
  if (!cursor.gotoFirstChild()) return;
  do {
    const type = cursor.nodeType;
    if (type === "function_definition" || type === "class_definition") {
      visitDefinition(walk, scope, prefix, -1, undefined);
    } else if (type === "decorated_definition") {
      const startRow = cursor.startPosition.row;
      const hasError = walk.checkErrors ? cursor.currentNode.hasError : false;
      cursor.gotoFirstChild();
      while (cursor.nodeType !== "function_definition" && cursor.nodeType !== "class_definition") {
        if (!cursor.gotoNextSibling()) break;
      }
      visitDefinition(walk, scope, prefix, startRow, hasError);
      cursor.gotoParent();
    } else if (TRANSPARENT.has(type)) {
      visitStatements(walk, scope, prefix);
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}

/** Turns the definition under the cursor into a unit if it is one, then visits its body. */
function visitDefinition(
  walk: Walk,
  scope: Scope,
  prefix: string,
  decoratedRow: number,
  decoratedError: boolean | undefined,
): void {
  const { cursor, lines } = walk;
  const isClass = cursor.nodeType === "class_definition";
  if (isClass && scope === "function") return;
  const kind: UnitKind = isClass ? "class" : scope === "class" ? "method" : "function";
  const headerStart = cursor.startIndex;
  const startRow = decoratedRow >= 0 ? decoratedRow : cursor.startPosition.row;
  const end = cursor.endPosition;
  const bodyEnd = kind === "function" ? cursor.endIndex : 0;
  const hasError = decoratedError ?? (walk.checkErrors && cursor.currentNode.hasError);
  if (!cursor.gotoFirstChild()) return;
  let name = "";
  let colon = -1;
  do {
    const type = cursor.nodeType;
    if (type === "identifier" && name === "") name = cursor.nodeText;
    else if (type === ":") colon = cursor.startIndex;
    else if (type === "block" && name !== "" && colon >= 0) {
      const qualifiedName = prefix + name;
      if (!hasError) {
        const endRow = end.column === 0 && end.row > startRow ? end.row - 1 : end.row;
        const signature = normalizeHeader(lines.text.slice(headerStart, colon));
        const source = sliceRows(lines, startRow, endRow);
        const doc = readDocstring(cursor);
        walk.units.push(makeUnit(kind, qualifiedName, startRow + 1, endRow + 1, signature, doc, source));
      }
      if (kind === "class") visitStatements(walk, "class", `${qualifiedName}.`);
      else if (kind === "function" && mayDefine(lines.text, colon, bodyEnd)) {
        visitStatements(walk, "function", `${qualifiedName}.<locals>.`);
      }
      break;
    }
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}
