import { type Bus, openBus } from "@tracegen/bus";
import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { createGrpcServer } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { SynthesisService } from "@tracegen/proto";
import type { SynthesisConfig } from "./config.js";
import { createSynthesisCore, type SynthesisCoreOptions } from "./synthesis-core.js";
import { synthesisGrpcImpl } from "./synthesis-grpc.js";

/** A running synthesis service. */
export interface RunningSynthesisService {
  port: number;
  stop(): Promise<void>;
}

/** Starts the synthesis service: database, bus, gRPC with health and reflection. */
export async function startSynthesisService(
  config: SynthesisConfig,
  logger: Logger,
  extra: Pick<SynthesisCoreOptions, "ensureCoverage"> = {},
): Promise<RunningSynthesisService> {
  const database = await openDatabase(parseDatabaseTarget(config.db));
  let bus: Bus | undefined;
  try {
    bus = await openBus({ natsUrl: config.natsUrl, logger, name: "tracegen-synthesis" });
    const core = createSynthesisCore({ db: database.db, bus, logger, ...extra });
    const server = createGrpcServer({
      logger,
      services: [{ service: SynthesisService, impl: synthesisGrpcImpl(core) }],
    });
    const port = await server.listen(config.listen.host, config.listen.port);
    await core.relayEvents();
    const open = { bus };
    return {
      port,
      async stop() {
        await server.shutdown();
        await open.bus.close();
        await database.close();
      },
    };
  } catch (error) {
    await bus?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
