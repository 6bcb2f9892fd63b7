import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect, createServer } from "node:net";
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

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Whether a loopback port can be bound now. */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A base port whose `offsets` are all free, below Linux's ephemeral range (32768+) so outgoing
 * connections of other tests cannot take them meanwhile.
 */
export async function freePortBase(offsets: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await Promise.all(offsets.map((o) => portFree(base + o)));
    if (free.every(Boolean)) return base;
  }
  throw new Error("no free port base found");
}

/** Whether something accepts connections on a loopback port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.end();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

/**
 * A private NATS JetStream server (own port, own store under `dir`): its stream starts empty, so
 * durable consumers see only the test's events, and other tests' events stay out.
 */
export async function startPrivateNats(dir: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const binary = existsSync("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
  const child = spawn(binary, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], {
    stdio: "ignore",
  });
  for (let i = 0; i < 80 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 250));
  if (!(await portOpen(port))) {
    child.kill("SIGKILL");
    throw new Error(`nats-server did not listen on 127.0.0.1:${port}`);
  }
  return { url: `nats://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}
