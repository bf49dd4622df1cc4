/**
 * A {@link SqlExecutor} over postgres.js (the `postgres` package), so the hand-written SQL baseline
 * can be measured on the second popular driver too. Values must come back exactly as over
 * node-postgres, so postgres.js' own parsers are bypassed: rows are fetched raw (`.raw()`, the text
 * bytes of each column) and converted by type-parsers.ts by column type OID, the same functions the
 * pg executor uses. Parameters get the same treatment as there: Dates as UTC ISO strings, arrays as
 * PostgreSQL array literals; JSON arrives as a string the statement casts.
 */
import postgres from "postgres";
import { type SqlExecutor, type SqlResult, textOf } from "./executor.ts";
import { PG_OID, serializeDate, textParserFor } from "./type-parsers.ts";

/** A postgres.js client or transaction: the part of its API the executor uses. */
type PostgresJs = postgres.Sql | postgres.TransactionSql;

/** An array of strings (or nulls) as an array literal, quoted element by element as pg does. */
function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return "NULL";
    if (typeof v !== "string" && typeof v !== "number")
      throw new Error(`postgres.js executor: arrays of ${typeof v} are not supported`);
    return `"${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

function toParam(value: unknown): postgres.ParameterOrJSON<never> {
  if (value instanceof Date) return serializeDate(value);
  if (Array.isArray(value)) return arrayLiteral(value);
  return value as postgres.ParameterOrJSON<never>;
}

/**
 * postgres.js options that make parameters travel as the statements expect: a JSON parameter is
 * already text (the statement casts `$n::jsonb`); postgres.js' default json serializer would
 * JSON.stringify that string a second time.
 */
const POSTGRES_JS_TYPE_OPTIONS = {
  jsonText: {
    to: PG_OID.jsonb,
    from: [PG_OID.json, PG_OID.jsonb],
    serialize: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
    parse: (value: string) => value,
  },
};

async function run<R>(
  sql: PostgresJs,
  text: string,
  params: readonly unknown[],
  prepare: boolean,
): Promise<SqlResult<R>> {
  const result = await sql.unsafe(text, params.map(toParam), { prepare }).raw();
  const columns = result.columns ?? [];
  const parsers = columns.map((c) => textParserFor(c.type));
  const rows = result.map((raw) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = raw[i];
      row[column.name] = cell === null || cell === undefined ? null : parsers[i]!(Buffer.from(cell).toString("utf8"));
    });
    return row as R;
  });
  return { rows, rowCount: result.count ?? rows.length };
}

/**
 * An executor over a postgres.js client. Create the client with `types: POSTGRES_JS_TYPE_OPTIONS`
 * (see {@link createPostgresJsClient}). Transactions use `sql.begin`, which reserves one connection,
 * commits when `work` resolves, and rolls back and rethrows the same error when it throws.
 *
 * Statements are prepared (named, cached per connection) when the client's `prepare` option is on,
 * as postgres.js' tagged templates are by default: `sql.unsafe` alone would not prepare, and
 * postgres.js then describes every parameterized statement before running it, which costs a second
 * round trip per query. With `prepare: false` (needed behind pgbouncer) that second trip remains.
 */
export function postgresJsExecutor(sql: postgres.Sql): SqlExecutor {
  const prepare = sql.options.prepare;
  return {
    inTransaction: false,
    query: (statement, params = []) => run(sql, textOf(statement), params, prepare),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      // sql.begin's return type unwraps arrays of rows; the work's own value is what comes back.
      return (await sql.begin((tx) => work(transactionExecutor(tx, prepare)))) as T;
    },
  };
}

function transactionExecutor(tx: postgres.TransactionSql, prepare: boolean): SqlExecutor {
  const self: SqlExecutor = {
    inTransaction: true,
    query: (statement, params = []) => run(tx, textOf(statement), params, prepare),
    transaction: (work) => work(self),
  };
  return self;
}

/**
 * A postgres.js client set up for {@link postgresJsExecutor}. `prepare: false` is needed behind a
 * transaction-mode pgbouncer (1.18 has no prepared-statement support); otherwise keep the default.
 */
export function createPostgresJsClient(url: string, options: { prepare?: boolean; max?: number } = {}): postgres.Sql {
  return postgres(url, {
    types: POSTGRES_JS_TYPE_OPTIONS,
    prepare: options.prepare ?? true,
    max: options.max ?? 10,
    onnotice: () => {},
  });
}
