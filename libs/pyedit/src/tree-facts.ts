import { createHash } from "node:crypto";
import type Parser from "tree-sitter";

/** Node types left out of the normalized AST: they carry no meaning. */
const IGNORED = new Set(["comment", "line_continuation"]);

/**
 * Statements tree-sitter accepts but Python 3 rejects (the grammar still knows Python 2), so a
 * mutation that makes one is as unusable as one with an ERROR node.
 */
const PYTHON2_ONLY = new Set(["print_statement", "exec_statement"]);

/** What one walk over a tree finds: its normalized hash and whether Python would reject it. */
export interface TreeFacts {
  hash: string;
  /** ERROR or MISSING nodes, an empty block (tree-sitter accepts `if x:` with nothing under it), or Python 2 syntax. */
  invalid: boolean;
}

/**
 * Walks the tree once: hashes node types and leaf texts with comments and layout left out (a
 * string literal counts as its whole text, since its content is data), and notes what makes it
 * invalid Python.
 */
export function treeFacts(tree: Parser.Tree): TreeFacts {
  const hash = createHash("sha256");
  let invalid = tree.rootNode.hasError;
  const cursor = tree.walk();
  const parts: string[] = [];
  let depth = 0;
  for (;;) {
    const type = cursor.nodeType;
    if (!IGNORED.has(type)) {
      if (type === "block" && !hasStatement(cursor.currentNode)) invalid = true;
      else if (PYTHON2_ONLY.has(type)) invalid = true;
      if (type !== "string" && cursor.gotoFirstChild()) {
        parts.push(`(${type}\u0002`);
        depth++;
        continue;
      }
      parts.push(`${type}\u0001${cursor.nodeText}\u0002`);
      if (parts.length >= 4096) {
        hash.update(parts.join(""));
        parts.length = 0;
      }
    }
    while (!cursor.gotoNextSibling()) {
      if (depth === 0) {
        hash.update(parts.join(""));
        return { hash: hash.digest("hex"), invalid };
      }
      cursor.gotoParent();
      depth--;
      parts.push(")");
    }
  }
}

function hasStatement(block: Parser.SyntaxNode): boolean {
  for (const child of block.namedChildren) if (child.type !== "comment") return true;
  return false;
}
