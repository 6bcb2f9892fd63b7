import type { Logger } from "@tracegen/log";
import { createInProcessBus } from "./in-process-bus.js";
import { connectJetStreamBus } from "./jetstream-bus.js";
import type { Bus } from "./types.js";

/**
 * The bus a process's configuration names: NATS JetStream when `natsUrl` is set
 * (distributed mode), else the in-process bus (embedded mode).
 */
export async function openBus(options: {
  natsUrl: string | undefined;
  logger: Logger;
  name: string;
}): Promise<Bus> {
  return options.natsUrl
    ? connectJetStreamBus({ servers: options.natsUrl, logger: options.logger, name: options.name })
    : createInProcessBus({ logger: options.logger });
}
