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
const MIGRATE_LOCK_KEY = 0x6f726d5f6d6967n;

export interface LockOptions {
  /** Give up after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Told once when the lock is busy, with the holder's pid and application name when visible. */
  onWait?: (holder: string) => void;
}

export class LockTimeoutError extends Error {
  constructor(waitedMs: number) {
    super(
      `another migration run still holds the migrate lock after ${Math.round(waitedMs / 1000)} s; try again when it has finished (see pg_stat_activity for who holds it)`,
    );
    this.name = "LockTimeoutError";
  }
}

/** Prisma's own migration lock key (its engine takes it around applyMigrations). */
const PRISMA_LOCK_KEY = 72707369n;

/** A session holding one of the migration locks on the current database, as the server reports it. */
export interface LockHolder {
  pid: number;
  applicationName: string;
  /** Which lock: this project's migrate lock or Prisma's engine lock. */
  lock: "orm-switch" | "prisma";
  clientAddr: string | null;
  backendStart: Date;
  /** What that session is running right now (first 200 characters) and since when. */
  state: string;
  query: string;
  queryStart: Date | null;
}

/**
 * Every session that holds the migrate lock or Prisma's lock on the database `client` is connected
 * to. Advisory locks are per database, so holders elsewhere on the server are left out.
 */
export async function findLockHolders(client: pg.ClientBase): Promise<LockHolder[]> {
  const { rows } = await client.query<{
    pid: number;
    application_name: string;
    key: string;
    client_addr: string | null;
    backend_start: Date;
    state: string | null;
    query: string;
    query_start: Date | null;
  }>(
    `SELECT a.pid, a.application_name, ((l.classid::bigint << 32) | l.objid::bigint)::text AS key, host(a.client_addr) AS client_addr,
            a.backend_start, a.state, left(a.query, 200) AS query, a.query_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) IN ($1, $2)
      ORDER BY a.backend_start`,
    [MIGRATE_LOCK_KEY.toString(), PRISMA_LOCK_KEY.toString()],
  );
  return rows.map((r) => ({
    pid: r.pid,
    applicationName: r.application_name,
    lock: r.key === MIGRATE_LOCK_KEY.toString() ? "orm-switch" : "prisma",
    clientAddr: r.client_addr,
    backendStart: r.backend_start,
    state: r.state ?? "unknown",
    query: r.query,
    queryStart: r.query_start,
  }));
}

/** One line naming a holder: pid, application, client address, since when. */
export function formatLockHolder(h: LockHolder): string {
  const app = h.applicationName ? ` (${h.applicationName})` : "";
  const from = h.clientAddr ? ` from ${h.clientAddr}` : " over a local socket";
  return `pid ${h.pid}${app}${from}, ${h.lock === "prisma" ? "Prisma's" : "orm-switch's"} migration lock, connected since ${h.backendStart.toISOString()}, ${h.state}`;
}

async function describeHolder(client: pg.Client): Promise<string> {
  const h = (await findLockHolders(client)).find((x) => x.lock === "orm-switch");
  return h ? `pid ${h.pid}${h.applicationName ? ` (${h.applicationName})` : ""}` : "another session";
}

/** Runs `work` while holding the migrate lock on the database at `url`; returns its result. */
export async function withMigrateLock<T>(
  url: string,
  work: (waitedMs: number) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    application_name: `orm-switch migrate lock pid=${process.pid}`,
  });
  client.on("error", () => {});
  await client.connect();
  const started = performance.now();
  try {
    const free = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
      MIGRATE_LOCK_KEY.toString(),
    ]);
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
