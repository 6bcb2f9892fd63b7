/** Where a run reports its progress: per stage, done of total (bars on a terminal, log lines otherwise). */
export interface Progress {
  update(stage: string, done: number, total: number, detail?: string): void;
  stop(): void;
}

/** Progress that goes nowhere. */
export const silentProgress: Progress = { update() {}, stop() {} };
