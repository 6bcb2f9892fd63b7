import { randomBytes } from "node:crypto";
import { connect } from "nats";
import { describe, expect, it } from "vitest";
import { connectJetStreamBus } from "./jetstream-bus.js";

// JetStream-only failures; the shared contract is in bus-contract.test-suite.ts.
describe("connectJetStreamBus", () => {
  it("fails with CONNECT_FAILED when no server answers", async () => {
    await expect(connectJetStreamBus({ servers: "127.0.0.1:1" })).rejects.toMatchObject({
      name: "BusError",
      code: "CONNECT_FAILED",
    });
  });

  it("widens an existing stream and fails with STREAM_SETUP_FAILED on overlapping subjects", async () => {
    const id = randomBytes(4).toString("hex");
    const servers = "127.0.0.1:4222";
    const first = await connectJetStreamBus({ servers, stream: `T_${id}`, subjects: [`t${id}.a.>`] });
    const nc = await connect({ servers });
    const jsm = await nc.jetstreamManager();
    try {
      const second = await connectJetStreamBus({ servers, stream: `T_${id}`, subjects: [`t${id}.b.>`] });
      await second.close();
      const { config } = await jsm.streams.info(`T_${id}`);
      expect(config.subjects.sort()).toEqual([`t${id}.a.>`, `t${id}.b.>`]);
      await expect(
        connectJetStreamBus({ servers, stream: `T_${id}_other`, subjects: [`t${id}.a.>`] }),
      ).rejects.toMatchObject({ code: "STREAM_SETUP_FAILED" });
    } finally {
      await first.close();
      await jsm.streams.delete(`T_${id}`);
      await nc.close();
    }
  });
});
