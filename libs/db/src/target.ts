import { resolve } from "node:path";

/** Where the database lives: a Postgres server, or an embedded PGlite (a directory, or memory). */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string | null };

/**
 * Reads a `--db` value: `postgres://` / `postgresql://` URLs select Postgres, `memory:` an
 * in-memory PGlite, anything else is a directory for PGlite (created when missing).
 */
export function parseDatabaseTarget(value: string): DatabaseTarget {
  const trimmed = value.trim();
  if (trimmed === "") throw new Error("database target is empty: pass a postgres:// URL or a directory");
  if (/^postgres(ql)?:\/\//.test(trimmed)) return { kind: "postgres", url: trimmed };
  if (trimmed === "memory:" || trimmed === "memory://") return { kind: "pglite", dir: null };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new Error(`unsupported database URL scheme in "${trimmed}": use postgres:// or a directory`);
  }
  return { kind: "pglite", dir: resolve(trimmed) };
}

/** A target for logs and messages: the password of a URL is masked. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return target.dir === null ? "pglite (memory)" : `pglite ${target.dir}`;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "postgres (unparseable url)";
  }
}
