/** How a candidate was made (the proto's Strategy, lower-case). */
export type StrategyName = "transplant" | "procedural" | "combine";

/** A candidate before it is deduplicated and stored: the files it changes, old and new text. */
export interface Draft {
  strategy: StrategyName;
  /** The mutator, or "combine". */
  mutator: string;
  targetPath: string;
  targetUnit: string;
  randomSeed: number;
  traceId?: string;
  seedId?: string;
  detail: Record<string, string>;
  files: Map<string, { before: string; after: string }>;
  combinedFrom?: string[];
}
