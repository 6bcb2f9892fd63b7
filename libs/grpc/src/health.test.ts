import {
  type ClientReadableStream,
  credentials,
  makeClientConstructor,
  type ServiceError,
} from "@grpc/grpc-js";
import { IngestService } from "@tracegen/proto";
import { service as healthService } from "grpc-health-check";
import { describe, expect, it, onTestFinished } from "vitest";
import { Code } from "./rpc-error.js";
import { deferred, ingestImpl, startServer } from "./test-harness.test-suite.js";

const ingest = ingestImpl();

interface HealthClient {
  check(
    request: { service: string },
    options: { deadline: Date },
    callback: (error: ServiceError | null, response?: { status: string }) => void,
  ): void;
  watch(request: { service: string }): ClientReadableStream<{ status: string }>;
  close(): void;
}

// A plain grpc-js client from the health proto shipped with grpc-health-check.
const HealthClientConstructor = makeClientConstructor(healthService, "grpc.health.v1.Health");

function healthClient(address: string): HealthClient {
  const client = new HealthClientConstructor(
    address,
    credentials.createInsecure(),
  ) as unknown as HealthClient;
  onTestFinished(() => client.close());
  return client;
}

function check(client: HealthClient, service: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.check({ service }, { deadline: new Date(Date.now() + 2_000) }, (error, response) =>
      error ? reject(error) : resolve(response?.status ?? ""),
    );
  });
}

describe("grpc.health.v1", () => {
  it("reports every service and the server as SERVING once listening", async () => {
    const { address } = await startServer({ services: [{ service: IngestService, impl: ingest }] });
    const client = healthClient(address);

    expect(await check(client, "tracegen.v1.IngestService")).toBe("SERVING");
    expect(await check(client, "")).toBe("SERVING");
    await expect(check(client, "tracegen.v1.Nope")).rejects.toMatchObject({ code: Code.NotFound });
  });

  it("lets the app change a status", async () => {
    const { server, address } = await startServer({ services: [{ service: IngestService, impl: ingest }] });
    const client = healthClient(address);

    server.setServingStatus("tracegen.v1.IngestService", "NOT_SERVING");
    expect(await check(client, "tracegen.v1.IngestService")).toBe("NOT_SERVING");
  });

  it("goes NOT_SERVING on shutdown, then UNAVAILABLE", async () => {
    const { server, address } = await startServer({ services: [{ service: IngestService, impl: ingest }] });
    const client = healthClient(address);
    const watch = client.watch({ service: "tracegen.v1.IngestService" });
    watch.on("error", () => undefined); // the forced shutdown ends this stream
    const statuses: string[] = [];
    const notServing = deferred<void>();
    watch.on("data", ({ status }) => {
      statuses.push(status);
      if (status === "NOT_SERVING") notServing.resolve();
    });
    await new Promise((resolve) => watch.once("data", resolve));

    // The open watch keeps the graceful phase waiting, so this also exercises the forced cut.
    await server.shutdown(200);
    await notServing.promise;
    expect(statuses).toEqual(["SERVING", "NOT_SERVING"]);
    await expect(check(client, "tracegen.v1.IngestService")).rejects.toMatchObject({
      code: Code.Unavailable,
    });
  });
});
