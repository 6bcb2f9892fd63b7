import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@tracegen/db";
import { ingestSnapshot } from "@tracegen/ingest";

const mirror = { repo: "debian/python3-stdlib", path: "/work/main/.bench/stdlib-_usr_lib_python3.11.git" };
const database = await openDatabase({ kind: "pglite", dir: mkdtempSync(join(tmpdir(), "p-")) });
await database.db.insertInto("repos").values({ name: mirror.repo, source: "x" }).execute();
(globalThis as any).__prof = true;
const t = performance.now();
await ingestSnapshot(database.db, mirror, "87c3b3bc4cf4eef272c7fdbcdd97eb11b3400d67");
console.log("total", (performance.now() - t).toFixed(0));
