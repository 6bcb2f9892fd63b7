import type Parser from "tree-sitter";

/**
 * Describes the first syntax error in document order, e.g. `line 12: unexpected "+ )"` or
 * `line 3: missing ")"`. Only nodes on the way to the error are visited (`hasError` prunes).
 */
export function describeFirstSyntaxError(root: Parser.SyntaxNode): string {
  let node = root;
  for (;;) {
    if (node.isMissing) return `line ${node.startPosition.row + 1}: missing "${node.type}"`;
    if (node.isError) break;
    const next = node.children.find((c) => c.hasError);
    if (next === undefined) break;
    node = next;
  }
  const snippet = node.text.split("\n", 1)[0]!.trim().slice(0, 40);
  return `line ${node.startPosition.row + 1}: unexpected ${JSON.stringify(snippet)}`;
}
