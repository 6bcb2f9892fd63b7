import { setTimeout as sleep } from "node:timers/promises";
import { create, createFileRegistry } from "@bufbuild/protobuf";
import type { GenService } from "@bufbuild/protobuf/codegenv2";
import {
  FileDescriptorProtoSchema,
  file_google_protobuf_wrappers,
  type StringValueSchema,
} from "@bufbuild/protobuf/wkt";
import { SynthesisService } from "@tracegen/proto";
import { describe, expect, it } from "vitest";
import { Code, RpcError } from "./rpc-error.js";
import type { ServiceImpl } from "./service-impl.js";
import { captureLogs, connect, deferred, startServer } from "./test-harness.test-suite.js";

type SynthesisImpl = ServiceImpl<typeof SynthesisService>;

function synthesis(synthesize: SynthesisImpl["synthesize"]): SynthesisImpl {
  return {
    synthesize,
    listCandidates: async () => {
      throw new RpcError(Code.Unimplemented, "not in this test");
    },
  };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}

describe("server streaming", () => {
  it("streams every message a handler yields", async () => {
    const impl = synthesis(async function* (request) {
      for (let i = 0; i < request.maxCandidates; i++) {
        yield { candidate: { id: `c${i}`, snapshotId: request.target.value ?? "" } };
      }
    });
    const { address } = await startServer({ services: [{ service: SynthesisService, impl }] });
    const client = connect(SynthesisService, address);

    const { items, error } = await collect(
      client.synthesize({ target: { case: "snapshotId", value: "s1" }, maxCandidates: 5 }),
    );
    expect(error).toBeUndefined();
    expect(items.map((item) => item.candidate?.id)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
    expect(items[0]?.candidate?.snapshotId).toBe("s1");
  });

  it.each([
    [
      "an RpcError",
      new RpcError(Code.FailedPrecondition, "snapshot not parsed"),
      Code.FailedPrecondition,
      "snapshot not parsed",
    ],
    ["a plain Error", new Error("secret stack"), Code.Internal, "internal error"],
  ])("delivers the messages before %s mid-stream, then the status", async (_kind, thrown, code, message) => {
    const { logger } = captureLogs();
    const impl = synthesis(async function* () {
      yield { candidate: { id: "c0" } };
      yield { candidate: { id: "c1" } };
      throw thrown;
    });
    const { address } = await startServer({ logger, services: [{ service: SynthesisService, impl }] });
    const client = connect(SynthesisService, address);

    const { items, error } = await collect(client.synthesize({ maxCandidates: 5 }));
    expect(items.map((item) => item.candidate?.id)).toEqual(["c0", "c1"]);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code, message });
  });

  it("cancels on the client's signal and stops a producer that ignores its own", async () => {
    const stopped = deferred<number>();
    let produced = 0;
    const impl = synthesis(async function* () {
      try {
        for (;;) {
          produced++;
          yield { candidate: { id: `c${produced}` } };
          await sleep(20); // ignores the signal on purpose
        }
      } finally {
        stopped.resolve(produced);
      }
    });
    const { address } = await startServer({ services: [{ service: SynthesisService, impl }] });
    const client = connect(SynthesisService, address);

    const controller = new AbortController();
    const received: string[] = [];
    const { error } = await collect(
      (async function* () {
        for await (const item of client.synthesize({}, { signal: controller.signal })) {
          received.push(item.candidate?.id ?? "");
          if (received.length === 3) controller.abort();
          yield item;
        }
      })(),
    );
    expect(error).toMatchObject({ code: Code.Canceled });
    const producedWhenStopped = await stopped.promise;
    await sleep(100);
    expect(produced).toBe(producedWhenStopped);
    expect(produced).toBeLessThanOrEqual(received.length + 2);
  });

  it("ends the call when the consumer stops iterating early", async () => {
    const aborted = deferred<unknown>();
    const impl = synthesis(async function* (_request, { signal }) {
      signal.addEventListener("abort", () => aborted.resolve(signal.reason));
      for (let i = 0; !signal.aborted; i++) {
        yield { candidate: { id: `c${i}` } };
        await sleep(10);
      }
    });
    const { address } = await startServer({ services: [{ service: SynthesisService, impl }] });
    const client = connect(SynthesisService, address);

    for await (const item of client.synthesize({})) {
      if (item.candidate?.id === "c2") break;
    }
    expect(await aborted.promise).toMatchObject({ code: Code.Canceled });
  });

  it("fails a stream past its deadline with DEADLINE_EXCEEDED", async () => {
    const impl = synthesis(async function* (_request, { signal }) {
      yield { candidate: { id: "c0" } };
      await sleep(10_000, undefined, { signal });
    });
    const { address } = await startServer({ services: [{ service: SynthesisService, impl }] });
    const client = connect(SynthesisService, address);

    const { items, error } = await collect(client.synthesize({}, { deadlineMs: 200 }));
    expect(items).toHaveLength(1);
    expect(error).toMatchObject({ code: Code.DeadlineExceeded });
  });
});

// No TraceGen contract streams requests yet, so these use a test-only service over StringValue.
const echoFile = create(FileDescriptorProtoSchema, {
  name: "test/v1/echo.proto",
  package: "test.v1",
  syntax: "proto3",
  dependency: ["google/protobuf/wrappers.proto"],
  service: [
    {
      name: "EchoService",
      method: [
        {
          name: "Join",
          inputType: ".google.protobuf.StringValue",
          outputType: ".google.protobuf.StringValue",
          clientStreaming: true,
        },
        {
          name: "Shout",
          inputType: ".google.protobuf.StringValue",
          outputType: ".google.protobuf.StringValue",
          clientStreaming: true,
          serverStreaming: true,
        },
      ],
    },
  ],
});
type StringValueDesc = typeof StringValueSchema;
const EchoService = createFileRegistry(echoFile, () => file_google_protobuf_wrappers).getService(
  "test.v1.EchoService",
) as GenService<{
  join: { methodKind: "client_streaming"; input: StringValueDesc; output: StringValueDesc };
  shout: { methodKind: "bidi_streaming"; input: StringValueDesc; output: StringValueDesc };
}>;

const echo: ServiceImpl<typeof EchoService> = {
  async join(requests) {
    const parts: string[] = [];
    for await (const request of requests) {
      if (request.value === "fail") throw new RpcError(Code.InvalidArgument, "no fail please");
      parts.push(request.value);
    }
    return { value: parts.join(" ") };
  },
  async *shout(requests) {
    for await (const request of requests) yield { value: request.value.toUpperCase() };
  },
};

async function* words(...values: string[]) {
  for (const value of values) {
    await sleep(5);
    yield { value };
  }
}

describe("request streaming", () => {
  it("collects a client stream into one response", async () => {
    const { address } = await startServer({ services: [{ service: EchoService, impl: echo }] });
    const client = connect(EchoService, address);

    expect((await client.join(words("a", "b", "c"))).value).toBe("a b c");
    await expect(client.join(words("a", "fail"))).rejects.toMatchObject({
      code: Code.InvalidArgument,
      message: "no fail please",
    });
  });

  it("answers a bidi stream message by message", async () => {
    const { address } = await startServer({ services: [{ service: EchoService, impl: echo }] });
    const client = connect(EchoService, address);

    const { items, error } = await collect(client.shout(words("x", "y")));
    expect(error).toBeUndefined();
    expect(items.map((item) => item.value)).toEqual(["X", "Y"]);
  });

  it("rejects with the request source's own error when it fails", async () => {
    const { address } = await startServer({ services: [{ service: EchoService, impl: echo }] });
    const client = connect(EchoService, address);
    const broken = (async function* () {
      yield { value: "a" };
      throw new Error("source broke");
    })();

    await expect(client.join(broken)).rejects.toThrow("source broke");
  });
});
