/**
 * Which implementation runs on which path, and why not where it doesn't. Decided by the drivers
 * that exist: Prisma reaches PostgreSQL only through its driver adapters (pg, Neon WebSocket, Neon
 * HTTP; pgbouncer is the pg adapter pointed at the pooler); Drizzle and the SQL baseline have a
 * driver for every path; the Prisma facade runs on whatever Drizzle runs on.
 */
import type { ImplementationName } from "../../repositories/index.ts";
import { NotSupportedOnPathError, type PathName } from "./types.ts";

const PRISMA_UNSUPPORTED: Partial<Record<PathName, string>> = {
  "postgres-js":
    "Prisma 7 has no driver adapter for postgres.js (its PostgreSQL adapters are @prisma/adapter-pg and @prisma/adapter-neon)",
};

/**
 * Which implementations can run on which path (prisma: pg, neon-ws, neon-http, pgbouncer; drizzle
 * and sql: all five; prisma-on-drizzle: whatever drizzle runs on). `true`, or the reason it cannot.
 */
export function supports(impl: ImplementationName, path: PathName): true | string {
  switch (impl) {
    case "prisma":
      return PRISMA_UNSUPPORTED[path] ?? true;
    case "drizzle":
    case "sql":
    case "prisma-on-drizzle":
      return true;
    default:
      return `unknown implementation "${String(impl)}"`;
  }
}

/**
 * The {@link NotSupportedOnPathError} behind `error`, looking along the `cause` chain (the
 * implementations wrap driver errors in a DataError whose cause is the original), or undefined.
 */
export function notSupportedOnPath(error: unknown): NotSupportedOnPathError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof NotSupportedOnPathError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
