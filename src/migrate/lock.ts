/**
 * The lock that makes concurrent `db:migrate:apply` runs take turns. It is a session-level
 * PostgreSQL advisory lock on its own connection, held from before the pending migrations are read
 * until after the last one is recorded, so a second run waits, then finds nothing left to apply.
 *
 * Prisma's engine takes its own advisory lock (key 72707369) around `applyMigrations`, but gives
 * up after 10 seconds; a long migration would make the second run fail instead of wait. This
 * lock uses a different key, so the engine's lock still works inside it and the official CLI
 * running at the same time still excludes us through the engine's.
 *
 * Session-level advisory locks do not survive PgBouncer's transaction pooling: use the direct URL.
 */
import pg from "pg";

/** "orm-switch migrate" in hex-speak; any constant other than Prisma's 72707369 works. */
export const MIGRATE_LOCK_KEY = 0x6f726d5f6d6967n;

export interface LockOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Told once when the lock is busy, with the holder's pid and application name when visible. */
  onWait?: (holder: string) => void;
}

export class LockTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(`another migration run still holds the migrate lock after ${Math.round(waitedMs / 1000)} s; try again when it has finished (see pg_stat_activity for who holds it)`);
    this.name = "LockTimeoutError";
  }
}

async function describeHolder(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ pid: number; application_name: string; state: string }>(
    `SELECT a.pid, a.application_name, a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1`,
    [MIGRATE_LOCK_KEY.toString()],
  );
  const h = rows[0];
  return h ? `pid ${h.pid}${h.application_name ? ` (${h.application_name})` : ""}` : "another session";
}

/** Runs `work` while holding the migrate lock on the database at `url`; returns its result. */
export async function withMigrateLock<T>(url: string, work: (waitedMs: number) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "orm-switch migrate lock" });
  client.on("error", () => {});
  await client.connect();
  const started = performance.now();
  try {
    const free = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [MIGRATE_LOCK_KEY.toString()]);
    if (!free.rows[0]?.ok) {
      options.onWait?.(await describeHolder(client));
      await client.query(`SET lock_timeout = ${Math.max(1, Math.round(options.timeoutMs ?? 600_000))}`);
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY.toString()]);
      } catch (error) {
        if ((error as { code?: string }).code === "55P03") throw new LockTimeoutError(performance.now() - started);
        throw error;
      }
    }
    return await work(performance.now() - started);
  } finally {
    // Ending the session releases the lock even if the unlock itself fails.
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY.toString()]).catch(() => {});
    await client.end().catch(() => {});
  }
}
