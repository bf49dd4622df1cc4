/**
 * Rows as the emulated referential actions handle them: every scalar as the driver returns it,
 * keyed by Prisma field name, read and addressed with plain SQL (no decoding: the values only go
 * back into statements on the same columns).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Executor, Row } from "../executor.ts";
import type { ModelMeta, ScalarField } from "../model-meta.ts";
import { FALSE, type QueryContext, and, bind, col, or, tableAs } from "../sql-util.ts";

/** `"alias"."column" AS "field", …` for every scalar of `model`. */
export function rawColumns(model: ModelMeta, alias: string): SQL {
  return sql.join(
    model.scalars.map((f) => sql`${col(alias, f)} AS ${sql.identifier(f.name)}`),
    sql`, `,
  );
}

/** Rows whose `fields` equal those of one of `rows` (`sourceFields[i]` of a row matches `fields[i]`). */
export function matchingAny(
  model: ModelMeta,
  alias: string,
  fields: readonly string[],
  rows: readonly Row[],
  sourceFields: readonly string[] = fields,
): SQL {
  const wanted = rows.filter((row) => sourceFields.every((f) => row[f] !== null && row[f] !== undefined));
  if (wanted.length === 0) return FALSE;
  return or(
    wanted.map((row) =>
      and(
        fields.map(
          (name, i) => sql`${col(alias, model.fields.get(name) as ScalarField)} = ${bind(row[sourceFields[i]!])}`,
        ),
      )!,
    ),
  );
}

/** The rows of `model` that `where` (built for the alias given) matches, raw. */
export async function selectRaw(
  db: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  where: (alias: string) => SQL,
): Promise<Row[]> {
  const a = ctx.nextAlias();
  return db.rows(sql`SELECT ${rawColumns(model, a)} FROM ${tableAs(model, a)} WHERE ${where(a)}`);
}

/** Rows of `model` with the primary keys of `rows`. */
export function samePrimaryKeys(model: ModelMeta, rows: readonly Row[]): (alias: string) => SQL {
  return (alias) => matchingAny(model, alias, model.primaryKey, rows);
}
