import Parser from "tree-sitter";
import Python from "tree-sitter-python";

let shared: Parser | undefined;

/**
 * Parses Python text with one lazily created, process-wide tree-sitter parser (creating a
 * parser and loading the grammar costs more than parsing a file). Node offsets of the tree are
 * JS string (UTF-16) indexes, the same unit as {@link TextEdit}.
 */
export function parsePython(text: string): Parser.Tree {
  if (shared === undefined) {
    shared = new Parser();
    shared.setLanguage(Python);
  }
  return shared.parse(text);
}

export type SyntaxNode = Parser.SyntaxNode;

let last: { text: string; tree: Parser.Tree } | undefined;

/**
 * {@link parsePython} remembering the last text: callers list mutations of one file for several
 * mutators in a row. The tree must be treated as read-only.
 */
export function parsePythonCached(text: string): Parser.Tree {
  if (last?.text !== text) last = { text, tree: parsePython(text) };
  return last.tree;
}
