/**
 * Query capture shared by every implementation: instrument a pg.Pool, open a recording around a
 * repository call, read back every statement and round trip. See query-capture.ts for how calls are
 * counted, sql-text.ts for how statements are normalized for comparison.
 *
 * @example
 * const capture = new QueryCapture();
 * const pool = capture.instrument(new pg.Pool({ connectionString }));
 * const repos = await openRepositories("drizzle", { pool });
 * const rec = capture.start();
 * await repos.projects.getDetail(id);
 * const statements = rec.stop();
 */
import pg from "pg";
import type { QueryCapture } from "./query-capture.ts";

export { QueryCapture, Recording, summarize } from "./query-capture.ts";
export type { CapturedError, CapturedStatement, CaptureSummary } from "./types.ts";
export { formatSql, normalizeSql, sqlShape } from "./sql-text.ts";
export {
  DrizzleQueryLogger,
  logPrismaQueries,
  OrmQueryLog,
  reconcileOrmLog,
  type LogReconciliation,
  type OrmLoggedQuery,
  type PrismaQueryEventSource,
} from "./orm-logs.ts";

/** A new pool, instrumented by `capture`: the usual way to hand an implementation a captured pool. */
export function createCapturedPool(capture: QueryCapture, config: pg.PoolConfig): pg.Pool {
  return capture.instrument(new pg.Pool(config));
}
