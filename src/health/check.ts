/**
 * The database health check behind `GET /health/db` and `npm run db:health`:
 * 1. connectivity: `SELECT 1` on the application (possibly pooled) URL, with latency, retried on
 *    transient errors;
 * 2. schema: on the direct URL (migrations bypass PgBouncer), every migration on disk is applied and
 *    unchanged, none failed, the enum types the code relies on exist (the
 *    `type "public.ProjectStatus" does not exist` class of drift), and the live tables, columns and
 *    enum labels match the code's schema (drift.ts: manual ALTERs that bookkeeping cannot see);
 * 3. each implementation answers a cheap read through its own client.
 */
import type pg from "pg";
import { type OwnedPool, openPgPool } from "../db/pool.ts";
import { openRepositories } from "../implementations.ts";
import { findLockHolders } from "../migrate/lock.ts";
import { readMigrationsDir } from "../migrate/migrations-dir.ts";
import type { ImplementationName, Repositories } from "../repositories/index.ts";
import { compareSchema } from "./drift.ts";
import { withRetry } from "./retry.ts";

const REQUIRED_ENUMS = ["Plan", "MemberRole", "ProjectStatus", "TaskStatus"] as const;

export interface HealthTargets {
  /** What the application queries through (may be a PgBouncer/Neon pooled URL). */
  url: string;
  /** Where schema checks run; defaults to `url`. */
  directUrl?: string;
  /** Implementations to probe; default none. */
  implementations?: ImplementationName[];
}

export interface CheckResult {
  ok: boolean;
  latencyMs?: number;
  attempts?: number;
  error?: string;
}

export interface SchemaCheck extends CheckResult {
  pending: string[];
  failed: string[];
  modifiedAfterApply: string[];
  missingEnums: string[];
  /** Differences between the live schema and the code's that break this code (see drift.ts). */
  drift: string[];
  /**
   * Healthy differences: what newer code's expand migrations added (tables, nullable or defaulted
   * columns, enum labels) and migrations applied that this code does not have on disk. Reported,
   * never a 503: during a rolling deploy the old instances must stay in service.
   */
  expand: string[];
}

export interface HealthReport {
  status: "ok" | "unavailable";
  checkedAt: string;
  database: CheckResult;
  schema: SchemaCheck | null;
  implementations: Partial<Record<ImplementationName, CheckResult>>;
}

/**
 * One health checker per process: it keeps one small pool per URL and one repositories instance per
 * implementation (the singleton clients the application itself would hold), and reuses them.
 */
export class HealthChecker {
  private readonly pools = new Map<string, OwnedPool<pg.Pool>>();
  private readonly repos = new Map<ImplementationName, Promise<Repositories>>();

  constructor(private readonly targets: HealthTargets) {}

  private pool(url: string): pg.Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      // A restarting server kills idle clients; that is reported by the next check, not a crash.
      pool = openPgPool(url, { max: 2, connectionTimeoutMillis: 3000, idleTimeoutMillis: 10_000 });
      this.pools.set(url, pool);
    }
    return pool.pool;
  }

  private repositories(name: ImplementationName): Promise<Repositories> {
    let repos = this.repos.get(name);
    if (!repos) {
      repos = openRepositories(name, { url: this.targets.url });
      this.repos.set(name, repos);
    }
    return repos;
  }

  /** Runs every check; never throws. */
  async check(): Promise<HealthReport> {
    const database = await timed(() => this.pool(this.targets.url).query("SELECT 1"));
    const schema = database.ok ? await this.checkSchema() : null;
    const implementations: HealthReport["implementations"] = {};
    if (database.ok) {
      for (const name of this.targets.implementations ?? []) {
        implementations[name] = await timed(async () =>
          (await this.repositories(name)).users.findById("chealthcheck000000000000"),
        );
      }
    }
    const ok = database.ok && (schema?.ok ?? false) && Object.values(implementations).every((r) => r.ok);
    return {
      status: ok ? "ok" : "unavailable",
      checkedAt: new Date().toISOString(),
      database,
      schema,
      implementations,
    };
  }

  private async checkSchema(): Promise<SchemaCheck> {
    const pool = this.pool(this.targets.directUrl ?? this.targets.url);
    const empty = { pending: [], failed: [], modifiedAfterApply: [], missingEnums: [], drift: [], expand: [] };
    try {
      const started = performance.now();
      const onDisk = await readMigrationsDir();
      const table = await pool.query<{ exists: boolean }>(
        `SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS exists`,
      );
      const rows = table.rows[0]?.exists
        ? (
            await pool.query<{
              migration_name: string;
              checksum: string;
              finished_at: Date | null;
              rolled_back_at: Date | null;
            }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`)
          ).rows
        : [];
      const applied = new Map(
        rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r.checksum]),
      );
      const unfinished = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
      // An unfinished row while a migration lock is held is a deploy applying it, not a failure.
      const applying = unfinished.length > 0 && (await lockHeld(pool));
      const failed = applying ? [] : unfinished;
      const pending = onDisk.filter((m) => !applied.has(m.name)).map((m) => m.name);
      const modifiedAfterApply = onDisk
        .filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum)
        .map((m) => m.name);
      const enums = await pool.query<{ typname: string }>(
        `SELECT typname FROM pg_type WHERE typtype = 'e' AND typnamespace = 'public'::regnamespace`,
      );
      const present = new Set(enums.rows.map((r) => r.typname));
      const missingEnums = REQUIRED_ENUMS.filter((e) => !present.has(e));
      const { drift, expand } = await compareSchema(pool);
      const known = new Set(onDisk.map((m) => m.name));
      const newer = [...applied.keys()].filter((name) => !known.has(name)).sort();
      if (newer.length > 0) expand.unshift(`migrations applied that this code does not have: ${newer.join(", ")}`);
      if (applying) expand.unshift(`being applied right now (a migration lock is held): ${unfinished.join(", ")}`);
      const ok =
        pending.length === 0 &&
        failed.length === 0 &&
        modifiedAfterApply.length === 0 &&
        missingEnums.length === 0 &&
        drift.length === 0;
      return {
        ok,
        latencyMs: round(performance.now() - started),
        pending,
        failed,
        modifiedAfterApply,
        missingEnums,
        drift,
        expand,
      };
    } catch (error) {
      return { ok: false, error: describe(error), ...empty };
    }
  }

  /** Ends the pools and the implementations' clients. */
  async close(): Promise<void> {
    for (const pool of this.pools.values()) await pool.close();
    for (const repos of this.repos.values()) await (await repos.catch(() => undefined))?.close();
    this.pools.clear();
    this.repos.clear();
  }
}

async function lockHeld(pool: pg.Pool): Promise<boolean> {
  const client = await pool.connect();
  try {
    return (await findLockHolders(client)).length > 0;
  } finally {
    client.release();
  }
}

async function timed(work: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const { attempts } = await withRetry(work);
    return { ok: true, latencyMs: round(performance.now() - started), attempts };
  } catch (error) {
    return {
      ok: false,
      latencyMs: round(performance.now() - started),
      attempts: (error as { attempts?: number }).attempts,
      error: describe(error),
    };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(": ") || String(error);
}
