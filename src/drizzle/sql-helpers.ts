/** Small SQL building blocks the aggregates share. */
import { type Column, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** `excluded.<column>` in `ON CONFLICT DO UPDATE`: the value the failed insert proposed. */
export function excluded(column: Column): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}

/**
 * One `count(*) FILTER (WHERE column = value)` per value: a whole per-status histogram in one row
 * of one aggregate query, zeros included.
 */
export function countPerValue<V extends string>(column: AnyPgColumn, values: readonly V[]): Record<V, SQL<number>> {
  return Object.fromEntries(
    values.map((value) => [value, sql<number>`count(*) filter (where ${column} = ${value})`.mapWith(Number)]),
  ) as Record<V, SQL<number>>;
}

/**
 * A named placeholder of a prepared statement, encoded by `column` when the statement runs (Dates to
 * ISO strings, arrays to array literals), as a bound value of that column would be. Only for values
 * that are never null: Drizzle hands a placeholder's null to the encoder too (a jsonb column would
 * write JSON `null`, not SQL NULL), so nullable values use a plain `sql.placeholder` with a cast.
 */
export function placeholderOf<C extends AnyPgColumn>(column: C, name: string): SQL {
  return sql`${sql.param(sql.placeholder(name), column)}`;
}

/**
 * {@link countPerValue} for a subquery's select list: each count cast to int (so it arrives as a
 * number without a mapper) and aliased by its value, so an outer query can select it.
 */
export function countPerValueAliased<V extends string>(
  column: AnyPgColumn,
  values: readonly V[],
): Record<V, SQL.Aliased<number>> {
  return Object.fromEntries(
    values.map((value) => [value, sql<number>`(count(*) filter (where ${column} = ${value}))::int`.as(value)]),
  ) as Record<V, SQL.Aliased<number>>;
}
