import { setTimeout as sleep } from "node:timers/promises";
import { IngestService, SeedStatus } from "@tracegen/proto";
import { describe, expect, it } from "vitest";
import { Code, RpcError } from "./rpc-error.js";
import type { ServiceImpl } from "./service-impl.js";
import { captureLogs, connect, deferred, ingestImpl, startServer } from "./test-harness.test-suite.js";

type IngestImpl = ServiceImpl<typeof IngestService>;

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => expect.fail("the call should have failed"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
}

describe("unary calls", () => {
  it("round-trips a request and response, with metadata and a deadline in the context", async () => {
    const seen = deferred<{ tenant: unknown; deadline: Date | undefined }>();
    const impl = ingestImpl({
      async importSeeds(request, context) {
        seen.resolve({ tenant: context.metadata.get("x-tenant")[0], deadline: context.deadline });
        return {
          summary: { rows: request.repos.length, created: 1 },
          rows: [{ row: 1, instanceId: request.sourceName, status: SeedStatus.READY }],
        };
      },
    });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const response = await client.importSeeds(
      {
        content: new TextEncoder().encode("[]"),
        sourceName: "seeds.json",
        repos: [{ repo: "a/b", source: "/x" }],
      },
      { metadata: { "x-tenant": "t1" }, deadlineMs: 5_000 },
    );

    expect(response.summary?.rows).toBe(1);
    expect(response.rows[0]).toMatchObject({ row: 1, instanceId: "seeds.json", status: SeedStatus.READY });
    const { tenant, deadline } = await seen.promise;
    expect(tenant).toBe("t1");
    expect(deadline!.getTime() - Date.now()).toBeGreaterThan(1_000);
  });

  it("sends an RpcError's code and message to the client", async () => {
    const impl = ingestImpl({
      async getSeed(request) {
        throw new RpcError(Code.NotFound, `seed ${request.instanceId} not found`);
      },
    });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const error = await rejection(client.getSeed({ instanceId: "x" }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.message).toBe("seed x not found");
  });

  it.each([
    [
      "throws",
      () => {
        throw new Error("secret: db password is hunter2");
      },
    ],
    ["rejects", () => Promise.reject(new Error("secret: db password is hunter2"))],
  ])("turns a handler that %s a plain Error into INTERNAL without leaking it", async (_kind, fail) => {
    const { logger, lines } = captureLogs();
    const impl = ingestImpl({ getSeed: fail as IngestImpl["getSeed"] });
    const { address } = await startServer({ logger, services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const error = await rejection(client.getSeed({ instanceId: "x" }));
    expect(error.code).toBe(Code.Internal);
    expect(error.message).toBe("internal error");
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("hunter2");
    const logged = lines().find((line) => line.msg === "handler failed");
    expect(logged).toMatchObject({ level: 50, rpc: "/tracegen.v1.IngestService/GetSeed" });
    expect(JSON.stringify(logged)).toContain("hunter2");
  });

  it("fails a slow call with DEADLINE_EXCEEDED and aborts the handler's signal", async () => {
    const aborted = deferred<unknown>();
    const impl = ingestImpl({
      async getSeed(_request, { signal }) {
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        aborted.resolve(signal.reason);
        return {};
      },
    });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const error = await rejection(client.getSeed({ instanceId: "x" }, { deadlineMs: 200 }));
    expect(error.code).toBe(Code.DeadlineExceeded);
    expect(await aborted.promise).toMatchObject({ code: Code.DeadlineExceeded });
  });

  it("applies the client's default deadline", async () => {
    const impl = ingestImpl({ getSeed: (_request, { signal }) => sleep(5_000, {}, { signal }) });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address, { defaultDeadlineMs: 150 });

    const started = Date.now();
    expect((await rejection(client.getSeed({}))).code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("cancels through the client's AbortSignal and aborts the handler's signal", async () => {
    const started = deferred<void>();
    const aborted = deferred<unknown>();
    const impl = ingestImpl({
      async getSeed(_request, { signal }) {
        started.resolve();
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        aborted.resolve(signal.reason);
        throw new Error("stopped");
      },
    });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const controller = new AbortController();
    const call = client.getSeed({ instanceId: "x" }, { signal: controller.signal });
    await started.promise;
    controller.abort();
    expect((await rejection(call)).code).toBe(Code.Canceled);
    expect(await aborted.promise).toMatchObject({ code: Code.Canceled });
  });

  it("survives a handler that ignores the cancel and answers late", async () => {
    const started = deferred<void>();
    const finished = deferred<void>();
    const { logger, lines } = captureLogs();
    const impl = ingestImpl({
      async getSeed(request) {
        if (request.instanceId === "late") {
          started.resolve();
          await sleep(300);
          finished.resolve();
          throw new Error("late failure nobody will see");
        }
        return { seed: { instanceId: request.instanceId } };
      },
    });
    const { address } = await startServer({ logger, services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    const controller = new AbortController();
    const call = client.getSeed({ instanceId: "late" }, { signal: controller.signal });
    await started.promise;
    controller.abort();
    expect((await rejection(call)).code).toBe(Code.Canceled);
    await finished.promise;
    await sleep(20);
    expect((await client.getSeed({ instanceId: "next" })).seed?.instanceId).toBe("next");
    expect(lines().some((line) => line.msg === "handler failed")).toBe(false);
  });

  it("fails a call that was aborted before it started without reaching the server", async () => {
    let calls = 0;
    const impl = ingestImpl({
      async getSeed() {
        calls++;
        return {};
      },
    });
    const { address } = await startServer({ services: [{ service: IngestService, impl }] });
    const client = connect(IngestService, address);

    expect((await rejection(client.getSeed({}, { signal: AbortSignal.abort() }))).code).toBe(Code.Canceled);
    expect(calls).toBe(0);
  });

  it("reports UNAVAILABLE when nothing listens", async () => {
    const { server, address } = await startServer({
      services: [{ service: IngestService, impl: ingestImpl({}) }],
    });
    await server.shutdown();
    const client = connect(IngestService, address, { defaultDeadlineMs: 2_000 });

    expect((await rejection(client.getSeed({}))).code).toBe(Code.Unavailable);
  });

  it("requires every method of the service (type check)", () => {
    // @ts-expect-error listSeeds and getTrace are missing
    const partial: IngestImpl = { importSeeds: async () => ({}), getSeed: async () => ({}) };
    expect(partial).toBeDefined();
  });
});
