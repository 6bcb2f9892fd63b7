import type Parser from "tree-sitter";
import { parsePython } from "./parser.js";

/**
 * A tree-sitter node copied into plain objects: the diff visits nodes many times, and a
 * native call per visit costs more than copying the tree once.
 */
export interface SyntaxNode {
  type: string;
  /** false for anonymous tokens (operators, keywords, punctuation), which are kept whole. */
  named: boolean;
  /** The field of the parent this node fills ("condition", "right", ...), if any. */
  field: string | undefined;
  /** UTF-16 offsets into {@link SyntaxNode.source}. */
  start: number;
  end: number;
  /** 1-based start line. */
  line: number;
  /** Children without comments, line continuations and docstrings. */
  children: SyntaxNode[];
  parent: SyntaxNode | undefined;
  /**
   * Equal signatures mean the same code up to layout, comments and docstrings. Interned
   * through one {@link SignatureTable}, so both sides of a diff compare by number.
   */
  sig: number;
  /** A nested definition that is a unit of its own (see ClassifyEditOptions.opaqueDefinitions). */
  opaque: boolean;
  source: string;
}

/** Interns signature strings as small numbers; shared by the two trees of one diff. */
export class SignatureTable {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** The node's source text. */
export function textOf(node: SyntaxNode): string {
  return node.source.slice(node.start, node.end);
}

/** Nodes that carry no behaviour. */
const SKIPPED = new Set(["comment", "line_continuation"]);
/** Literals compared by their text as a whole (an f-string's parts are not descended into). */
const ATOMIC = new Set(["string", "concatenated_string"]);
const DEFINITIONS = new Set(["function_definition", "class_definition", "decorated_definition"]);

/** Parses Python source into a {@link SyntaxNode} tree rooted at the module. */
export function buildSyntaxTree(
  source: string,
  table: SignatureTable,
  opaqueLines: ReadonlySet<number> = new Set(),
): SyntaxNode {
  const cursor = parsePython(source).walk();
  return visit(cursor, { source, table, opaqueLines }, undefined);
}

interface BuildContext {
  source: string;
  table: SignatureTable;
  opaqueLines: ReadonlySet<number>;
}

function visit(cursor: Parser.TreeCursor, ctx: BuildContext, parent: SyntaxNode | undefined): SyntaxNode {
  const node: SyntaxNode = {
    type: cursor.nodeType,
    named: cursor.nodeIsNamed,
    field: cursor.currentFieldName ?? undefined,
    start: cursor.startIndex,
    end: cursor.endIndex,
    line: cursor.startPosition.row + 1,
    children: [],
    parent,
    sig: 0,
    opaque: false,
    source: ctx.source,
  };
  if (!node.named || ATOMIC.has(node.type)) {
    node.sig = ctx.table.id(`${node.named ? node.type : "'"}:${textOf(node)}`);
    return node;
  }
  if (parent && DEFINITIONS.has(node.type) && ctx.opaqueLines.has(node.line)) {
    node.opaque = true;
    node.sig = ctx.table.id(`opaque:${node.type}:${definitionName(cursor.currentNode)}`);
    return node;
  }
  if (cursor.gotoFirstChild()) {
    do {
      if (SKIPPED.has(cursor.nodeType)) continue;
      node.children.push(visit(cursor, ctx, node));
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  dropDocstring(node);
  node.sig =
    node.children.length === 0
      ? ctx.table.id(`${node.type}:${textOf(node)}`)
      : ctx.table.id(`${node.type}(${node.children.map((c) => `${c.field ?? ""}=${c.sig}`).join(",")})`);
  return node;
}

function definitionName(node: Parser.SyntaxNode): string {
  const definition = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
  return definition?.childForFieldName("name")?.text ?? "";
}

/** A docstring is documentation, not behaviour: a module's or definition's leading string statement. */
function dropDocstring(node: SyntaxNode): void {
  const isBody =
    node.type === "module" ||
    (node.type === "block" &&
      (node.parent?.type === "function_definition" || node.parent?.type === "class_definition"));
  const first = node.children[0];
  if (!isBody || first?.type !== "expression_statement") return;
  const only = first.children.length === 1 ? first.children[0] : undefined;
  if (only && ATOMIC.has(only.type)) node.children.shift();
}
