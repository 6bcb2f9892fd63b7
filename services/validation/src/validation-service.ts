import { type Bus, openBus, type Subscription } from "@tracegen/bus";
import { openDatabase, parseDatabaseTarget } from "@tracegen/db";
import { createGrpcServer } from "@tracegen/grpc";
import type { Logger } from "@tracegen/log";
import { ValidationService } from "@tracegen/proto";
import { openSandbox, type Sandbox } from "@tracegen/sandbox";
import { consumeCandidates } from "./candidate-consumer.js";
import type { ValidationConfig } from "./config.js";
import { createValidationCore } from "./validation-core.js";
import { validationGrpcImpl } from "./validation-grpc.js";

/** A running validation service. */
export interface RunningValidationService {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the validation service: database, bus, sandbox (orphans reaped), gRPC with health and
 * reflection, and with NATS the worker that validates the candidates announced on the bus.
 */
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
    let worker: Subscription | undefined;
    if (config.worker.enabled) {
      worker = await consumeCandidates(core, database.db, bus, logger, config.worker).catch(
        async (error: unknown) => {
          await server.shutdown();
          throw error;
        },
      );
      logger.info(
        { durable: config.worker.durable, concurrency: config.worker.concurrency },
        "worker started",
      );
    }
    const open = { bus, sandbox };
    return {
      port,
      async stop() {
        // Stops taking candidates and waits for the ones in flight to get their verdicts.
        await worker?.stop();
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
