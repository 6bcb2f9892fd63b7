import Parser from "tree-sitter";
import Python from "tree-sitter-python";

let shared: Parser | undefined;

/**
 * Parses Python text with one lazily created, process-wide parser (loading the grammar costs
 * more than parsing a unit). Parsing is synchronous, so sharing it is safe within a thread.
 */
export function parsePython(text: string): Parser.Tree {
  if (shared === undefined) {
    shared = new Parser();
    shared.setLanguage(Python);
  }
  return shared.parse(text);
}
