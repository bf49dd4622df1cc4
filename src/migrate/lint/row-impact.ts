/**
 * `--database`: counts, on a live database, the rows each destructive statement would lose (or
 * that would make it fail). Everything runs in one READ ONLY transaction that is rolled back, with
 * a statement timeout, and identifiers are quoted: the migration itself is never run.
 */
import pg from "pg";
import { quoteIdent } from "../../db/urls.ts";
import { deleteCascade, describeCascade, dropCascade, regclassOf, truncateCascade } from "./row-cascade.ts";
import type { ImpactTarget, LintFinding, QualifiedName, RowCount } from "./types.ts";

/** Options for {@link countRowImpact}. */
export interface RowImpactOptions {
  /** Per-query limit, so a count on a huge table cannot hang a CI job. Default 60 s. */
  statementTimeoutMs?: number;
}

/**
 * Fills `rowCounts` on every finding that has an impact target, querying the database at `url`.
 * Returns the same findings (new objects). Connection failures throw; a missing table or column
 * becomes a note on that count instead (the migration may already be applied).
 */
export async function countRowImpact(
  findings: LintFinding[],
  url: string,
  options: RowImpactOptions = {},
): Promise<LintFinding[]> {
  if (!findings.some((f) => f.impact?.length)) return findings;
  const client = new pg.Client({ connectionString: url, application_name: "orm-switch db:migrate:lint" });
  await client.connect();
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    await client.query(
      `SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(options.statementTimeoutMs ?? 60_000))}`,
    );
    const serverVersion = Number(
      (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v,
    );
    const out: LintFinding[] = [];
    for (const finding of findings) {
      if (!finding.impact?.length) {
        out.push(finding);
        continue;
      }
      const rowCounts: RowCount[] = [];
      for (const target of finding.impact)
        rowCounts.push(await countInSavepoint(client, finding.ruleId, target, serverVersion));
      out.push({ ...finding, rowCounts });
    }
    return out;
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}

/** `"schema"."table"` or `"table"` (then the server's search_path decides, as it will for the migration). */
function tableSql(table: QualifiedName): string {
  return table.schema === undefined ? quoteIdent(table.name) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

function tableLabel(table: QualifiedName): string {
  return tableSql(table);
}

const MISSING_NOTE = "not in this database (already applied, or a different database?)";

async function tableExists(client: pg.Client, table: QualifiedName): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>("SELECT to_regclass($1) IS NOT NULL AS ok", [tableSql(table)]);
  return rows[0]!.ok;
}

/** The column's type category (`A` for arrays), or undefined when the table or column is missing. */
async function columnCategory(client: pg.Client, table: QualifiedName, column: string): Promise<string | undefined> {
  const { rows } = await client.query<{ category: string }>(
    `SELECT t.typcategory AS category FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
    [tableSql(table), column],
  );
  return rows[0]?.category;
}

/** The root's rows plus what the foreign keys take with them (row-cascade.ts), as one count. */
async function withCascade(
  client: pg.Client,
  table: QualifiedName,
  cascade: "truncate" | "delete" | "drop",
  label: string,
  rootRows: number,
): Promise<RowCount> {
  const root = (await regclassOf(client, tableSql(table)))!;
  const steps =
    cascade === "truncate"
      ? await truncateCascade(client, root)
      : cascade === "delete"
        ? await deleteCascade(client, root)
        : await dropCascade(client, root);
  const { lines, lost, blocked } = describeCascade(steps);
  const total = rootRows + lost;
  const head =
    lost > 0
      ? `${label}: ${total} row(s) would be deleted in all (${rootRows} in ${label}, ${lost} through foreign keys)`
      : `${label}: ${rootRows} row(s) would be deleted`;
  const fails = blocked > 0 ? `; ${blocked} referencing row(s) make it fail` : "";
  return { description: [`${head}${fails}`, ...lines.map((l) => `    ${l}`)].join("\n"), rows: total };
}

async function count(client: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await client.query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

/**
 * One count inside a savepoint: a failing query (a type name the server does not know, a table
 * the user may not read, a timeout) becomes a note on that count instead of aborting the others.
 */
async function countInSavepoint(
  client: pg.Client,
  ruleId: string,
  target: ImpactTarget,
  serverVersion: number,
): Promise<RowCount> {
  await client.query("SAVEPOINT lint_count");
  try {
    const result = await countOne(client, ruleId, target, serverVersion);
    await client.query("RELEASE SAVEPOINT lint_count");
    return result;
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT lint_count");
    const note = `could not count: ${error instanceof Error ? error.message : String(error)}`;
    return { description: `${describeTargetShort(target)}: ${note}`, note };
  }
}

function describeTargetShort(target: ImpactTarget): string {
  if (target.kind === "schema-rows") return `schema ${quoteIdent(target.schema)}`;
  return "column" in target ? `${tableLabel(target.table)}.${quoteIdent(target.column)}` : tableLabel(target.table);
}

async function countOne(
  client: pg.Client,
  ruleId: string,
  target: ImpactTarget,
  serverVersion: number,
): Promise<RowCount> {
  switch (target.kind) {
    case "invalid-for-type": {
      const label = `${tableLabel(target.table)}.${quoteIdent(target.column)}`;
      if (serverVersion < 160000) {
        const note = "checking values against the new type needs PostgreSQL 16+ (pg_input_is_valid)";
        return { description: `${label}: ${note}`, note };
      }
      if ((await columnCategory(client, target.table, target.column)) === undefined)
        return { description: `${label}: ${MISSING_NOTE}`, note: MISSING_NOTE };
      const col = quoteIdent(target.column);
      const rows = await count(
        client,
        `SELECT count(*) AS n FROM ${tableSql(target.table)} WHERE ${col} IS NOT NULL AND NOT pg_input_is_valid(${col}::text, $1)`,
        [target.type],
      );
      return {
        description: `${label}: ${rows} value(s) are not valid ${target.type} as written (the cast may fail on them or change them)`,
        rows,
      };
    }
    case "table-rows": {
      const label = tableLabel(target.table);
      if (!(await tableExists(client, target.table)))
        return { description: `${label}: ${MISSING_NOTE}`, note: MISSING_NOTE };
      const rows = await count(client, `SELECT count(*) AS n FROM ${tableSql(target.table)}`);
      const consequence =
        ruleId === "add-required-column-without-default" ? "the ADD COLUMN fails unless this is 0" : "would be deleted";
      if (!target.cascade) return { description: `${label}: ${rows} row(s) ${consequence}`, rows };
      return withCascade(client, target.table, target.cascade, label, rows);
    }
    case "non-null-values":
    case "null-values": {
      const label = `${tableLabel(target.table)}.${quoteIdent(target.column)}`;
      if ((await columnCategory(client, target.table, target.column)) === undefined)
        return { description: `${label}: ${MISSING_NOTE}`, note: MISSING_NOTE };
      const wantNull = target.kind === "null-values";
      const rows = await count(
        client,
        `SELECT count(*) AS n FROM ${tableSql(target.table)} WHERE ${quoteIdent(target.column)} IS ${wantNull ? "" : "NOT "}NULL`,
      );
      const consequence = wantNull
        ? "are NULL: SET NOT NULL fails unless this is 0"
        : ruleId === "drop-column"
          ? "hold a value that would be lost"
          : "hold a value that would be converted (rows at risk)";
      return { description: `${label}: ${rows} row(s) ${consequence}`, rows };
    }
    case "enum-values-outside": {
      const label = `${tableLabel(target.table)}.${quoteIdent(target.column)}`;
      const category = await columnCategory(client, target.table, target.column);
      if (category === undefined) return { description: `${label}: ${MISSING_NOTE}`, note: MISSING_NOTE };
      const col = quoteIdent(target.column);
      // Enum arrays (Prisma's `Role[]`) are checked element by element.
      const valuesSql =
        category === "A"
          ? `SELECT v AS value FROM ${tableSql(target.table)}, unnest(${col}::text[]) AS v`
          : `SELECT ${col}::text AS value FROM ${tableSql(target.table)}`;
      const { rows: used } = await client.query<{ value: string; n: string }>(
        `SELECT value, count(*) AS n FROM (${valuesSql}) s WHERE value IS NOT NULL AND value <> ALL($1::text[]) GROUP BY value ORDER BY value`,
        [target.kept],
      );
      const rows =
        category === "A"
          ? await count(
              client,
              `SELECT count(*) AS n FROM ${tableSql(target.table)} WHERE EXISTS (SELECT 1 FROM unnest(${col}::text[]) AS v WHERE v <> ALL($1::text[]))`,
              [target.kept],
            )
          : used.reduce((sum, u) => sum + Number(u.n), 0);
      const detail = used.length ? ` (${used.map((u) => `'${u.value}' ×${u.n}`).join(", ")})` : "";
      return {
        description: `${label}: ${rows} row(s) hold a removed "${target.enumName}" value${detail}; the migration fails unless this is 0`,
        rows,
      };
    }
    case "schema-rows": {
      const { rows: tables } = await client.query<{ name: string }>(
        "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1",
        [target.schema],
      );
      const exists = await count(client, "SELECT count(*) AS n FROM pg_namespace WHERE nspname = $1", [target.schema]);
      if (exists === 0)
        return { description: `schema ${quoteIdent(target.schema)}: ${MISSING_NOTE}`, note: MISSING_NOTE };
      let rows = 0;
      for (const t of tables)
        rows += await count(client, `SELECT count(*) AS n FROM ${quoteIdent(target.schema)}.${quoteIdent(t.name)}`);
      return {
        description: `schema ${quoteIdent(target.schema)}: ${tables.length} table(s), ${rows} row(s) would be deleted`,
        rows,
      };
    }
  }
}
