// What the per-service gRPC end-to-end tests start from: a scratch database, a work folder and
// the ingest service on them, tinyledger imported through it; the service under test is started
// on `common` beside it and registered with `onClose`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchPostgres } from "@tracegen/db/testing";
import { type ClientFor, createGrpcClient } from "@tracegen/grpc";
import { startIngestService } from "@tracegen/ingest";
import { silentLogger } from "@tracegen/log";
import { IngestService } from "@tracegen/proto";
import { readText, tinyledger } from "./fixtures.js";

/** A running ingest service on a scratch database; see {@link startIngestBeside}. */
export interface IngestBeside {
  /** Settings every service's config takes: the scratch database, no NATS, port 0, silent. */
  common: {
    db: string;
    natsUrl: undefined;
    listen: { host: string; port: number };
    logLevel: "silent";
  };
  /** A fresh folder, removed by `close`. */
  work: string;
  /** An ingest client; closed by `close`. */
  ingest: ClientFor<typeof IngestService>;
  /** Imports tinyledger's seeds and repository through the ingest service. */
  importTinyledger(): Promise<void>;
  /** Stops `stop` (before the ingest service and the database) on `close`; last registered, first stopped. */
  onClose(stop: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export async function startIngestBeside(prefix: string): Promise<IngestBeside> {
  const scratch = await createScratchPostgres();
  const work = mkdtempSync(join(tmpdir(), prefix));
  const stops: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop();
    await scratch.drop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const common = {
      db: scratch.url,
      natsUrl: undefined,
      listen: { host: "127.0.0.1", port: 0 },
      logLevel: "silent" as const,
    };
    const service = await startIngestService(
      { ...common, mirrorsDir: join(work, "mirrors") },
      silentLogger(),
    );
    stops.push(service.stop);
    const ingest = createGrpcClient(IngestService, `127.0.0.1:${service.port}`, {
      defaultDeadlineMs: 120_000,
    });
    stops.push(() => ingest.close());
    return {
      common,
      work,
      ingest,
      async importTinyledger() {
        await ingest.importSeeds({
          content: new TextEncoder().encode(readText(tinyledger.seedsJsonl)),
          repos: [{ repo: tinyledger.repo, source: tinyledger.bundle }],
        });
      },
      onClose: (stop) => {
        stops.push(stop);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
