/**
 * Closing a node-postgres-compatible pool (pg.Pool, Neon's Pool) so that no connection is left when
 * `close()` resolves: used by the SQL implementation and the benchmark's connection paths.
 */

/** The part of a node-postgres-compatible pool (pg.Pool, Neon's Pool) that {@link endPoolFully} uses. */
export interface EndablePool {
  on(event: "connect", listener: (client: { once(event: "end", listener: () => void): unknown }) => void): unknown;
  end(): Promise<void>;
}

/**
 * `close` for a pool the caller opened. pg's `Pool.end()` resolves once it has asked its connections
 * to close, not once they have: waiting for every socket's 'end' makes `close()` mean "no connection
 * left", so a caller may drop the database right after it. Call it before the pool opens its first
 * connection (it tracks connections from their 'connect' event).
 */
export function endPoolFully(pool: EndablePool): () => Promise<void> {
  const open = new Set<{ once(event: "end", listener: () => void): unknown }>();
  pool.on("connect", (client) => {
    open.add(client);
    client.once("end", () => open.delete(client));
  });
  return async () => {
    const closed = [...open].map((client) => new Promise<void>((resolve) => client.once("end", () => resolve())));
    await pool.end();
    await Promise.all(closed);
  };
}
