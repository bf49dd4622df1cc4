/**
 * Pools a test opens, owned as src/db/pool.ts owns the project's: an idle connection's error is
 * absorbed, and closing resolves only once every socket has closed. Test databases are
 * force-dropped right after their pools close; a connection still closing then gets 57P01, which
 * on a pool without an 'error' listener is an unhandled error that fails the whole run.
 */
import { type OwnablePool, ownPool } from "../../src/db/pool.ts";

const closers = new WeakMap<object, () => Promise<void>>();

/** Takes ownership of a pool just created (before its first query); returns the same pool. */
export function owned<P extends OwnablePool>(pool: P): P {
  closers.set(pool, ownPool(pool).close);
  return pool;
}

/** Closes a pool taken with {@link owned}, fully; nothing when the pool was never opened. */
export async function closeOwned(pool: object | undefined): Promise<void> {
  if (pool === undefined) return;
  const close = closers.get(pool);
  if (!close) throw new Error("closeOwned: this pool was not opened with owned()");
  await close();
}
