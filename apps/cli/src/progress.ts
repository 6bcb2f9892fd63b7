import type { Logger } from "@tracegen/log";
import cliProgress from "cli-progress";

/** Live progress of named phases: bars on a terminal, throttled JSON log lines otherwise. */
export interface Progress {
  update(phase: string, done: number, total: number, detail?: string): void;
  stop(): void;
}

/** Bars go to stderr when it is a TTY and output is not JSON; else progress is logged. */
export function createProgress(options: { logger: Logger; interactive: boolean }): Progress {
  return options.interactive ? barProgress() : logProgress(options.logger);
}

function barProgress(): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      clearOnComplete: false,
      hideCursor: true,
      format: "{phase} |{bar}| {value}/{total} {rate}/s {detail}",
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  return {
    update(phase, done, total, detail = "") {
      let entry = bars.get(phase);
      if (!entry) {
        entry = {
          bar: multi.create(total, 0, { phase: phase.padEnd(10), rate: "0", detail }),
          started: Date.now(),
        };
        bars.set(phase, entry);
      }
      const seconds = Math.max((Date.now() - entry.started) / 1000, 0.001);
      entry.bar.setTotal(total);
      entry.bar.update(done, { rate: (done / seconds).toFixed(1), detail: detail.slice(0, 40) });
    },
    stop() {
      multi.stop();
    },
  };
}

function logProgress(logger: Logger): Progress {
  const last = new Map<string, number>();
  return {
    update(phase, done, total, detail) {
      const now = Date.now();
      // One line per phase per second, plus the last one, so logs stay readable.
      if (done < total && now - (last.get(phase) ?? 0) < 1000) return;
      last.set(phase, now);
      logger.info({ progress: phase, done, total, ...(detail ? { detail } : {}) }, "progress");
    },
    stop() {},
  };
}
