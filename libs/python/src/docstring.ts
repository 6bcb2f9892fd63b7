import type Parser from "tree-sitter";
import { cleandoc } from "./cleandoc.js";
import { stringLiteralValue } from "./string-literal.js";

/**
 * The cleaned docstring of the body the cursor is on (a `module` or a `block`): its first
 * statement, if that is a lone string literal (implicit concatenation included). Leaves the
 * cursor where it was.
 */
export function readDocstring(cursor: Parser.TreeCursor): string {
  if (!cursor.gotoFirstChild()) return "";
  while (cursor.nodeType === "comment" && cursor.gotoNextSibling()) {}
  let doc: string | undefined;
  if (cursor.nodeType === "expression_statement" && cursor.gotoFirstChild()) {
    const type = typeAt(cursor);
    const alone = !cursor.gotoNextSibling();
    if (alone && type === "string") doc = stringLiteralValue(cursor.nodeText);
    else if (alone && type === "concatenated_string") doc = concatenatedValue(cursor);
    cursor.gotoParent();
  }
  cursor.gotoParent();
  return doc === undefined ? "" : cleandoc(doc);
}

/** Joins the parts of `"a" 'b'`; `undefined` if any part is not a plain str literal. */
function concatenatedValue(cursor: Parser.TreeCursor): string | undefined {
  let value = "";
  cursor.gotoFirstChild();
  do {
    if (cursor.nodeType === "comment") continue;
    const part = cursor.nodeType === "string" ? stringLiteralValue(cursor.nodeText) : undefined;
    if (part === undefined) {
      cursor.gotoParent();
      return undefined;
    }
    value += part;
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
  return value;
}

/** Reads the type afresh; TypeScript would keep narrowing `cursor.nodeType` across moves. */
function typeAt(cursor: Parser.TreeCursor): string {
  return cursor.nodeType;
}
