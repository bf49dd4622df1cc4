/**
 * The one way this project opens a connection pool it owns: idle-connection errors are absorbed
 * and `close()` waits for every socket (see end-pool.ts), so a caller may drop the database right
 * after closing.
 */
import pg from "pg";
import { type EndablePool, endPoolFully } from "./end-pool.ts";

/** A pool together with the full close that releases every connection it opened. */
export interface OwnedPool<P> {
  readonly pool: P;
  /** Ends the pool and resolves once no connection of it is left. */
  readonly close: () => Promise<void>;
}

/** The part of a node-postgres-compatible pool (pg.Pool, Neon's Pool) that {@link ownPool} needs. */
export type OwnablePool = EndablePool & { on(event: "error", listener: (error: Error) => void): unknown };

/**
 * Takes ownership of a pool the caller has just created (before its first query): an idle
 * connection the server, pgbouncer or a proxy drops emits 'error' on the pool, which would crash
 * the process unhandled; the pool discards that connection and the next query opens a fresh one.
 */
export function ownPool<P extends OwnablePool>(pool: P): OwnedPool<P> {
  pool.on("error", () => {});
  return { pool, close: endPoolFully(pool) };
}

/**
 * A node-postgres pool on `url` (`options` are pg's pool settings), owned by the caller. Without a
 * URL, pg falls back to its PG* environment variables.
 */
export function openPgPool(
  url: string | undefined,
  options: Omit<pg.PoolConfig, "connectionString"> = {},
): OwnedPool<pg.Pool> {
  return ownPool(new pg.Pool({ ...options, connectionString: url }));
}
