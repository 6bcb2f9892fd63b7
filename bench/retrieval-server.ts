// The retrieval gRPC server in a process of its own, for bench:retrieval: prints {"port": N}
// on stdout once listening and stops on SIGTERM.
//   node --conditions=source --import tsx bench/retrieval-server.ts --db URL --index-dir DIR --settings JSON
import { parseArgs } from "node:util";
import { silentLogger } from "@tracegen/log";
import { type IndexSettings, startRetrievalService } from "@tracegen/retrieval";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    "index-dir": { type: "string" },
    settings: { type: "string", default: "{}" },
  },
});
const service = await startRetrievalService(
  {
    db: values.db ?? "",
    listen: { host: "127.0.0.1", port: 0 },
    indexDir: values["index-dir"] ?? "",
    embedder: { kind: "local" },
    logLevel: "silent",
  },
  silentLogger(),
  { index: JSON.parse(values.settings) as IndexSettings },
);
process.stdout.write(`${JSON.stringify({ port: service.port })}\n`);
process.once("SIGTERM", () => {
  service.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
