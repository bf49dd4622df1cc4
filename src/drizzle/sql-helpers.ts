/** Small SQL building blocks the aggregates share. */
import { type Column, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** `excluded.<column>` in `ON CONFLICT DO UPDATE`: the value the failed insert proposed. */
export function excluded(column: Column): SQL {
  return sql`excluded.${sql.identifier(column.name)}`;
}

/**
 * A bind parameter encoded by `column` (arrays to PostgreSQL array literals, JSON to text, Dates to
 * ISO strings), for values written through `INSERT ... SELECT`, where Drizzle applies no encoder.
 */
export function valueOf<C extends AnyPgColumn>(column: C, value: C["_"]["data"]): SQL {
  return sql`${sql.param(value, column)}`;
}

/**
 * One `count(*) FILTER (WHERE column = value)` per value: a whole per-status histogram in one row
 * of one aggregate query, zeros included.
 */
export function countPerValue<V extends string>(column: AnyPgColumn, values: readonly V[]): Record<V, SQL<number>> {
  return Object.fromEntries(values.map((value) => [value, sql<number>`count(*) filter (where ${column} = ${value})`.mapWith(Number)])) as Record<V, SQL<number>>;
}
