import type Parser from "tree-sitter";
import type { SyntaxNode } from "./parser.js";
import { mixSeed, mulberry32, type Random } from "./prng.js";
import { SourceText } from "./source-text.js";
import type { Mutation, MutatorName, TextEdit } from "./types.js";

/** What a mutator sees: the parsed file, the span it must stay inside, and a PRNG per site. */
export class MutatorContext {
  readonly text: SourceText;
  readonly root: SyntaxNode;

  constructor(
    readonly source: string,
    tree: Parser.Tree,
    readonly mutator: MutatorName,
    /** 0-based rows, inclusive. */
    private readonly firstRow: number,
    private readonly lastRow: number,
    private readonly randomSeed: number,
    private readonly mutatorIndex: number,
  ) {
    this.text = new SourceText(source);
    this.root = tree.rootNode;
  }

  /** Whether `node` lies wholly inside the span. */
  inSpan(node: SyntaxNode): boolean {
    return node.startPosition.row >= this.firstRow && node.endPosition.row <= this.lastRow;
  }

  /** Nodes of these types inside the span, in document order. */
  nodes(...types: string[]): SyntaxNode[] {
    const found = this.root.descendantsOfType(
      types,
      { row: this.firstRow, column: 0 },
      { row: this.lastRow + 1, column: 0 },
    );
    return found.filter((node) => this.inSpan(node));
  }

  /** A PRNG for one site: it depends on the seed, the mutator and the site only. */
  random(site: SyntaxNode): Random {
    return mulberry32(mixSeed(this.randomSeed, this.mutatorIndex, site.startIndex, site.endIndex));
  }

  /** Where each mutation's site starts, to list mutations by position. */
  readonly siteStart = new Map<Mutation, number>();

  /** A mutation at `site` (its line is the site's first line). */
  mutation(site: SyntaxNode, edits: TextEdit[], detail: Record<string, string>): Mutation {
    const mutation: Mutation = { mutator: this.mutator, line: site.startPosition.row + 1, edits, detail };
    this.siteStart.set(mutation, site.startIndex);
    return mutation;
  }
}

/** An edit replacing `node`'s text. */
export function replaceNode(node: SyntaxNode, text: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, text };
}
