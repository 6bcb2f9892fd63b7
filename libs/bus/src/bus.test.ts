import { randomBytes } from "node:crypto";
import { connect } from "nats";
import { describe } from "vitest";
import { type BusHarness, busContract } from "./bus-contract.test-suite.js";
import { createInProcessBus } from "./in-process-bus.js";
import { connectJetStreamBus } from "./jetstream-bus.js";
import type { Bus } from "./types.js";

const natsServers = "127.0.0.1:4222";

/** A scratch stream `T_<random>` over `t<random>.>`, deleted on dispose. */
async function jetStreamHarness(): Promise<BusHarness> {
  const id = randomBytes(4).toString("hex");
  const stream = `T_${id}`;
  const buses: Bus[] = [];
  return {
    async open() {
      const bus = await connectJetStreamBus({ servers: natsServers, stream, subjects: [`t${id}.>`] });
      buses.push(bus);
      return bus;
    },
    subject: (name) => `t${id}.${name}`,
    async dispose() {
      await Promise.all(buses.map((bus) => bus.close()));
      const nc = await connect({ servers: natsServers });
      try {
        const jsm = await nc.jetstreamManager();
        await jsm.streams.delete(stream);
      } finally {
        await nc.close();
      }
    },
  };
}

/** One in-process bus, handed out by every open(). */
async function inProcessHarness(): Promise<BusHarness> {
  const bus = createInProcessBus();
  return {
    open: async () => bus,
    subject: (name) => `t.${name}`,
    dispose: () => bus.close(),
  };
}

describe.each([
  ["jetstream", jetStreamHarness],
  ["in-process", inProcessHarness],
] as const)("%s bus", (_name, harness) => {
  busContract(harness);
});
