import { type Bus, openBus } from "@tracegen/bus";
import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { createGrpcServer } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { ValidationService } from "@tracegen/proto";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import type { ValidationConfig } from "./config.js";
import { createValidationCore } from "./validation-core.js";
import { validationGrpcImpl } from "./validation-grpc.js";

/** A running validation service. */
export interface RunningValidationService {
  port: number;
  stop(): Promise<void>;
}

/** Starts the validation service: database, bus, sandbox (orphans reaped), gRPC with health and reflection. */
export async function startValidationService(
  config: ValidationConfig,
  logger: Logger,
): Promise<RunningValidationService> {
  const database = await openDatabase(parseDatabaseTarget(config.db));
  let bus: Bus | undefined;
  let sandbox: Sandbox | undefined;
  try {
    bus = await openBus({ natsUrl: config.natsUrl, logger, name: "tracegen-validation" });
    sandbox = await openSandbox(config.sandbox, { logger });
    const core = createValidationCore({ db: database.db, sandbox, bus, workDir: config.workDir, logger });
    const server = createGrpcServer({
      logger,
      services: [{ service: ValidationService, impl: validationGrpcImpl(core) }],
    });
    const port = await server.listen(config.listen.host, config.listen.port);
    await core.relayEvents();
    const open = { bus, sandbox };
    return {
      port,
      async stop() {
        await server.shutdown();
        await open.sandbox.close();
        await open.bus.close();
        await database.close();
      },
    };
  } catch (error) {
    await sandbox?.close().catch(() => {});
    await bus?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
