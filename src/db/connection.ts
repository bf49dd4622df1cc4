/**
 * How an implementation is told to reach PostgreSQL. It lives here, below every implementation,
 * so the implementations and the composition root (src/implementations.ts) both depend on it
 * without depending on each other.
 */
import type pg from "pg";

/** How an implementation reaches PostgreSQL over node-postgres. */
export interface ConnectionOptions {
  /** Connection URL: the implementation creates its own pool and ends it on `close()`. */
  url?: string;
  /** An existing pool (for example one instrumented by src/capture); `close()` leaves it open. */
  pool?: pg.Pool;
}
