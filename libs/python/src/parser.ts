import Parser from "tree-sitter";
import Python from "tree-sitter-python";

let shared: Parser | undefined;

/**
 * Parses Python text with one lazily created, process-wide tree-sitter parser (creating a
 * parser and loading the grammar costs more than parsing a typical file). Parsing is
 * synchronous, so sharing it is safe within a thread.
 *
 * The node binding reads string input in 32 Ki-unit chunks and carries the rest over, so
 * files of any size parse completely without a `bufferSize` option (checked on typing.py).
 */
export function parsePython(text: string): Parser.Tree {
  if (shared === undefined) {
    shared = new Parser();
    shared.setLanguage(Python);
  }
  return shared.parse(text);
}
