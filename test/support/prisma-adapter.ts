/**
 * A PrismaPg adapter on a pool of the test's own. PrismaPg's internal pool has no 'error' listener
 * (prisma/orm#27641), and pg's `end()` resolves before its sockets close: when a test database is
 * force-dropped right after `$disconnect()`, a connection still closing gets 57P01, which would
 * surface as an unhandled error and fail the whole run. Our pool absorbs it and closes fully.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { openPgPool } from "../../src/db/pool.ts";

export interface OwnedPrismaAdapter {
  readonly adapter: PrismaPg;
  /** Call after the client's `$disconnect()`: resolves once no connection is left. */
  close(): Promise<void>;
}

export function ownedPrismaAdapter(url: string, max = 2): OwnedPrismaAdapter {
  const owned = openPgPool(url, { max });
  return { adapter: new PrismaPg(owned.pool), close: owned.close };
}
