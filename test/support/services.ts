import { credentials, Metadata, Client as RawClient } from "@grpc/grpc-js";

/** NATS for tests: TRACEGEN_TEST_NATS_URL, else the local server. */
export const testNatsUrl = process.env.TRACEGEN_TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/**
 * Asks `grpc.health.v1.Health/Check` with a plain grpc-js client (hand-encoded protobuf: the
 * request's field 1 is the service name, the response's field 1 the status; 1 = SERVING).
 */
export function healthCheck(address: string, service: string): Promise<number> {
  const client = new RawClient(address, credentials.createInsecure());
  const name = Buffer.from(service, "utf8");
  const request = name.length > 0 ? Buffer.concat([Buffer.from([0x0a, name.length]), name]) : Buffer.alloc(0);
  return new Promise<number>((resolve, reject) => {
    client.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      new Metadata(),
      { deadline: Date.now() + 5000 },
      (error, response) => {
        client.close();
        if (error) reject(error);
        else resolve(response && response.length >= 2 && response[0] === 0x08 ? (response[1] ?? 0) : 0);
      },
    );
  });
}
