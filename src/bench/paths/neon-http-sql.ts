/**
 * The hand-written SQL implementation's executor over Neon's SQL-over-HTTP (`neon()`): one HTTP
 * request per statement. Values come back through the same per-query parsers as over node-postgres
 * (type-parsers.ts; the driver accepts a pg-style `types` option), and parameters are serialized by
 * the driver with pg's own `prepareValue`, so results match the pg path. Interactive transactions do
 * not exist over HTTP: `transaction` fails with {@link NotSupportedOnPathError}.
 */
import type { NeonQueryFunction } from "@neondatabase/serverless";
import { type SqlExecutor, type SqlText, textOf } from "../../sql/executor.ts";
import { PG_QUERY_TYPES, serializeDate } from "../../sql/type-parsers.ts";
import { NotSupportedOnPathError } from "./types.ts";

/** The reason every interactive transaction fails on the HTTP path. */
export const NO_INTERACTIVE_TRANSACTIONS =
  "SQL-over-HTTP runs each request in its own session, so a transaction whose statements depend on earlier results cannot span requests (only non-interactive batches can: sql.transaction([...]))";

/** An executor over a `neon()` query function. */
export function neonHttpExecutor(sql: NeonQueryFunction<false, false>): SqlExecutor {
  return {
    inTransaction: false,
    // A session-less driver: every statement is sent unnamed, whatever the repository asks.
    async query<R>(statement: SqlText, params: readonly unknown[] = []) {
      const values = params.map((v) => (v instanceof Date ? serializeDate(v) : v));
      const result = await sql.query(textOf(statement), values, { fullResults: true, types: PG_QUERY_TYPES });
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
    transaction() {
      return Promise.reject(
        new NotSupportedOnPathError("neon-http", "interactive transaction", NO_INTERACTIVE_TRANSACTIONS),
      );
    },
  };
}
