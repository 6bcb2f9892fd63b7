// Warm-up to a steady state for latency benchmarks. On the 2-vCPU machine these were measured on,
// V8 optimises grpc-js' and our call path only after thousands of calls: a bare grpc-js round
// trip's p50 falls from ~1.2 ms to ~0.2 ms over ~5,000 calls (and stays ~0.85 ms with --no-opt),
// so a fixed warm-up of a few hundred calls measures the JIT's warm-up, not a running service.

/** What {@link warmUp} did: each round's p50 (ms) and the calls made. */
export interface WarmUp {
  roundP50s: number[];
  calls: number;
}

/**
 * When to stop: after `minCalls` (default 4,000: where the curves above flatten), once `patience`
 * rounds in a row (default 5) did not beat the best p50 by 3%; at `maxCalls` (default 12,000) anyway.
 */
export interface WarmUpOptions {
  minCalls?: number;
  maxCalls?: number;
  patience?: number;
}

/**
 * Calls `call(0 … size-1)` in rounds, one call at a time, until the rounds' p50 stops falling.
 * Returns the rounds' p50s, for printing the warm-up curve.
 */
export async function warmUp(
  call: (i: number) => unknown,
  size: number,
  options: WarmUpOptions = {},
): Promise<WarmUp> {
  const minRounds = Math.ceil((options.minCalls ?? 4_000) / size);
  const maxRounds = Math.max(minRounds, Math.ceil((options.maxCalls ?? 12_000) / size));
  const patience = options.patience ?? 5;
  const roundP50s: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let sinceBest = 0;
  while (roundP50s.length < maxRounds) {
    const times: number[] = [];
    for (let i = 0; i < size; i++) {
      const started = performance.now();
      await call(i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)] ?? 0;
    roundP50s.push(p50);
    if (p50 < best * 0.97) {
      best = p50;
      sinceBest = 0;
    } else sinceBest++;
    if (roundP50s.length >= minRounds && sinceBest >= patience) break;
  }
  return { roundP50s, calls: roundP50s.length * size };
}

/** The warm-up curve in one line: `4,000 calls; round p50s 2.48 1.97 1.86 … 1.35 1.33 ms` (first 3, last 5). */
export function warmUpText(w: WarmUp): string {
  const text = (ps: number[]) => ps.map((p) => p.toFixed(2)).join(" ");
  const ps = w.roundP50s;
  const curve = ps.length <= 10 ? text(ps) : `${text(ps.slice(0, 3))} … ${text(ps.slice(-5))}`;
  return `${w.calls.toLocaleString("en")} calls; round p50s ${curve} ms`;
}
