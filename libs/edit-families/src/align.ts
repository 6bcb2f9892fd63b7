import { longestCommonSubsequence } from "./lcs.js";
import type { SyntaxNode } from "./syntax-tree.js";

/** One smallest difference between two aligned trees. */
export type Difference =
  | { kind: "changed"; before: SyntaxNode; after: SyntaxNode }
  | { kind: "removed"; before: SyntaxNode }
  | { kind: "added"; after: SyntaxNode }
  /** Statements of the before side now inside a new compound statement (`try:`, `if x:`). */
  | { kind: "wrapped"; wrapper: SyntaxNode; statements: SyntaxNode[] }
  /** The reverse: a compound statement of the before side is gone, its body kept. */
  | { kind: "unwrapped"; wrapper: SyntaxNode; statements: SyntaxNode[] }
  /** A statement list that kept none of its statements: a rewrite, not an edit. */
  | { kind: "rewritten"; before: SyntaxNode; after: SyntaxNode };

/** Statement lists of at least this many statements on both sides that share none are rewrites. */
const REWRITE_MIN_STATEMENTS = 3;

const STATEMENT_LISTS = new Set(["module", "block"]);
const PUNCTUATION = new Set([",", "(", ")", "[", "]", "{", "}", ":", ".", ";", "->", "="]);
/** Compound statements and the field holding the body a statement can be wrapped into. */
const WRAPPERS: Record<string, string> = {
  if_statement: "consequence",
  try_statement: "body",
  with_statement: "body",
  for_statement: "body",
  while_statement: "body",
};

/**
 * Aligns two trees top-down: children are matched by signature (longest common subsequence),
 * the unmatched ones paired by type, and paired nodes that still differ are descended into,
 * so each difference is reported at the smallest node that differs.
 */
export function diffTrees(before: SyntaxNode, after: SyntaxNode): Difference[] {
  const out: Difference[] = [];
  diffNodes(before, after, out);
  return out;
}

/** Whether the node is a statement of a statement list. */
export function isStatement(node: SyntaxNode): boolean {
  return node.parent !== undefined && STATEMENT_LISTS.has(node.parent.type);
}

/** Whether the node is an anonymous punctuation token. */
export function isPunctuation(node: SyntaxNode): boolean {
  return !node.named && PUNCTUATION.has(node.type);
}

function diffNodes(a: SyntaxNode, b: SyntaxNode, out: Difference[]): void {
  if (a.sig === b.sig) return;
  // Two different nested units: each is classified as a unit of its own.
  if (a.opaque || b.opaque) return;
  if (a.type !== b.type || !a.named || a.children.length === 0 || b.children.length === 0) {
    out.push({ kind: "changed", before: a, after: b });
    return;
  }
  const xs = a.children;
  const ys = b.children;
  const matches = longestCommonSubsequence(
    xs.map((x) => x.sig),
    ys.map((y) => y.sig),
  );
  const statements = STATEMENT_LISTS.has(a.type);
  if (
    statements &&
    matches.length === 0 &&
    xs.length >= REWRITE_MIN_STATEMENTS &&
    ys.length >= REWRITE_MIN_STATEMENTS
  ) {
    out.push({ kind: "rewritten", before: a, after: b });
    return;
  }
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [xs.length, ys.length] as const]) {
    if (mi > i || mj > j) diffRun(xs.slice(i, mi), ys.slice(j, mj), statements, out);
    i = mi + 1;
    j = mj + 1;
  }
}

/** One piece of a run, emitted in after-side order (a removed node where it stood). */
interface RunStep {
  del?: number;
  ins?: number;
  emit: () => void;
}

/** Classifies one gap between matched children: wraps, same-type pairs, then leftovers. */
function diffRun(dels: SyntaxNode[], ins: SyntaxNode[], statements: boolean, out: Difference[]): void {
  const delAt = new Map(dels.map((n, k) => [n, k]));
  const insAt = new Map(ins.map((n, k) => [n, k]));
  const steps: RunStep[] = [];
  const links: [number, number][] = [];
  const pair = (x: SyntaxNode, y: SyntaxNode) => {
    const link: [number, number] = [delAt.get(x) ?? 0, insAt.get(y) ?? 0];
    links.push(link);
    steps.push({ del: link[0], ins: link[1], emit: () => diffNodes(x, y, out) });
  };
  let leftDels = dels;
  let leftIns = ins;
  if (statements) {
    for (const wrap of findWraps(leftIns, leftDels)) {
      const { wrapper, statements: inner } = wrap;
      for (const n of inner) links.push([delAt.get(n) ?? 0, insAt.get(wrapper) ?? 0]);
      steps.push({ ins: insAt.get(wrapper) ?? 0, emit: () => out.push({ kind: "wrapped", ...wrap }) });
      leftDels = leftDels.filter((n) => !inner.includes(n));
      leftIns = leftIns.filter((n) => n !== wrapper);
    }
    for (const wrap of findWraps(leftDels, leftIns)) {
      const { wrapper, statements: inner } = wrap;
      for (const n of inner) links.push([delAt.get(wrapper) ?? 0, insAt.get(n) ?? 0]);
      steps.push({ del: delAt.get(wrapper) ?? 0, emit: () => out.push({ kind: "unwrapped", ...wrap }) });
      leftIns = leftIns.filter((n) => !inner.includes(n));
      leftDels = leftDels.filter((n) => n !== wrapper);
    }
  }
  const sameType = longestCommonSubsequence(leftDels.map(pairingKey), leftIns.map(pairingKey));
  for (const [x, y] of sameType) pair(leftDels[x] as SyntaxNode, leftIns[y] as SyntaxNode);
  const pairedDels = new Set(sameType.map(([x]) => leftDels[x]));
  const pairedIns = new Set(sameType.map(([, y]) => leftIns[y]));
  leftDels = leftDels.filter((n) => !pairedDels.has(n));
  leftIns = leftIns.filter((n) => !pairedIns.has(n));
  if (!statements) {
    // Inside an expression a node of another type in the same place is a replacement.
    const namedDels = leftDels.filter((n) => n.named);
    const namedIns = leftIns.filter((n) => n.named);
    const zipped = Math.min(namedDels.length, namedIns.length);
    for (let k = 0; k < zipped; k++) pair(namedDels[k] as SyntaxNode, namedIns[k] as SyntaxNode);
    leftDels = leftDels.filter((n) => !namedDels.slice(0, zipped).includes(n));
    leftIns = leftIns.filter((n) => !namedIns.slice(0, zipped).includes(n));
  }
  for (const n of leftDels) {
    if (isPunctuation(n) || n.opaque) continue;
    steps.push({
      del: delAt.get(n) ?? 0,
      emit: () => out.push({ kind: "removed", before: n }),
    });
  }
  for (const n of leftIns) {
    if (isPunctuation(n) || n.opaque) continue;
    steps.push({
      ins: insAt.get(n) ?? 0,
      emit: () => out.push({ kind: "added", after: n }),
    });
  }
  const position = (step: RunStep): number => {
    if (step.ins !== undefined) return step.ins;
    const del = step.del ?? 0;
    // A removed node stands after the last after-side node linked to a node before it.
    return Math.max(-1, ...links.filter(([x]) => x < del).map(([, y]) => y)) + 0.5;
  };
  const ordered = steps.map((step, k) => ({ step, at: position(step), k }));
  ordered.sort((p, q) => p.at - q.at || p.k - q.k);
  for (const { step } of ordered) step.emit();
}

/**
 * Compound statements among `wrappers` whose body holds statements of `others` verbatim:
 * the statement was wrapped into (or, the sides swapped, unwrapped from) it.
 */
function findWraps(
  wrappers: SyntaxNode[],
  others: SyntaxNode[],
): { wrapper: SyntaxNode; statements: SyntaxNode[] }[] {
  const found: { wrapper: SyntaxNode; statements: SyntaxNode[] }[] = [];
  let left = others;
  for (const wrapper of wrappers) {
    const field = WRAPPERS[wrapper.type];
    if (!field) continue;
    const body = wrapper.children.find((c) => c.field === field);
    const inside = new Set(body?.children.map((c) => c.sig) ?? []);
    const taken = left.filter((n) => inside.has(n.sig));
    if (taken.length === 0) continue;
    found.push({ wrapper, statements: taken });
    left = left.filter((n) => !taken.includes(n));
  }
  return found;
}

function pairingKey(node: SyntaxNode): string {
  if (node.named) return node.type;
  return isPunctuation(node) ? `'${node.type}` : "'operator";
}
