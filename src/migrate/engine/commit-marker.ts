/**
 * Commit markers: how status tells a committed migration from a rolled-back one when the schema
 * cannot (a data-only migration). When apply sends a migration script to the target, the script
 * is followed, in the same simple-protocol message and so in the same implicit transaction, by an
 * INSERT of the script's SHA-256 into `orm_switch.migration_commits`. The row exists exactly when
 * the script committed. The table lives in a schema of its own, so Prisma's engine (which reads
 * `public`) never reports it as drift.
 *
 * This cannot work for a script that manages its own transactions (`BEGIN`/`COMMIT`/`ROLLBACK` at
 * statement level): the INSERT would commit separately from the statements before it. Such a
 * script gets no marker, and status says so ({@link transactionControlIn}).
 */
import { createHash } from "node:crypto";
import pg from "pg";

export const MARKER_TABLE = `"orm_switch"."migration_commits"`;

const CREATE_MARKER_TABLE = `CREATE SCHEMA IF NOT EXISTS "orm_switch";
CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} ("checksum" TEXT NOT NULL, "committed_at" TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())`;

/** SHA-256 hex of a script, as Prisma records a migration's checksum. */
export function scriptChecksum(script: string): string {
  return createHash("sha256").update(script).digest("hex");
}

/**
 * The first statement-level transaction-control keyword in `script` (`COMMIT`, `BEGIN`...), or
 * undefined. Comments, quoted strings and dollar-quoted bodies (where PL/pgSQL's own `BEGIN` lives)
 * are skipped.
 */
export function transactionControlIn(script: string): string | undefined {
  const code = script
    .replace(/\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?\$\1\$/g, "''")
    .replace(/--[^\n]*/g, "")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/'(?:[^']|'')*'/g, "''");
  const match = /(?:^|;)\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|END|ABORT|SAVEPOINT|RELEASE)\b/i.exec(code);
  return match?.[1]?.toUpperCase().replace(/\s+/, " ");
}

/** The script followed by its commit marker, or the script alone when it manages its own transactions. */
export function withCommitMarker(script: string): string {
  if (transactionControlIn(script)) return script;
  return `${script}\n;\nINSERT INTO ${MARKER_TABLE} ("checksum") VALUES ('${scriptChecksum(script)}');\n`;
}

/** Creates the marker table when it is missing (apply calls this under its lock, before any script). */
export async function ensureMarkerTable(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_MARKER_TABLE);
}

/** What the markers say about a script with `checksum` whose run started at `since`. */
export type CommitMark = "committed" | "not-committed" | "no-markers";

/** True when the marker table exists on the connection's database. */
export async function markerTableExists(client: pg.ClientBase): Promise<boolean> {
  const table = await client.query<{ t: string | null }>(`SELECT to_regclass('${MARKER_TABLE}')::text AS t`);
  return Boolean(table.rows[0]?.t);
}

/** "no-markers" when the table does not exist (a database this tool never applied to). */
export async function readCommitMark(client: pg.ClientBase, checksum: string, since: Date): Promise<CommitMark> {
  if (!(await markerTableExists(client))) return "no-markers";
  const { rows } = await client.query(
    `SELECT 1 FROM ${MARKER_TABLE} WHERE "checksum" = $1 AND "committed_at" >= $2 LIMIT 1`,
    [checksum, since],
  );
  return rows.length > 0 ? "committed" : "not-committed";
}

/** Opens a connection to `url` just long enough to create the marker table. */
export async function ensureMarkerTableAt(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await ensureMarkerTable(client);
  } finally {
    await client.end();
  }
}
