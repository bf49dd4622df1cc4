/**
 * Which column types a raw query may return. Prisma's PostgreSQL adapter reads a fixed set of
 * built-in types and every user-defined one (enums, domains, extension types such as citext, read as
 * text); a result with any other built-in column (`interval`, `"char"`, `point`, `tsvector`, ranges,
 * arrays of those, ...) fails the whole query with P2010 `UnsupportedNativeDataType`. The facade
 * refuses the same columns the same way, so a raw query never works through one client and fails
 * through the other. The set was read off `@prisma/adapter-pg` 7.10's behaviour (the differential
 * test's raw cases pin it).
 */
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { sql } from "drizzle-orm";
import type { Executor } from "./executor.ts";
import { PrismaCompatError } from "./errors.ts";

/** OIDs below this are PostgreSQL's own types; from it on, user-defined ones. */
const FIRST_USER_OID = 16384;

/** Built-in types (by OID) Prisma's adapter reads: scalars, then arrays. */
const READABLE_BUILT_INS: ReadonlySet<number> = new Set([
  // bool, bytea, name, int8, int2, int4, text, oid, json, xml, cidr, float4, float8, money, inet
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869,
  // bpchar, varchar, date, time, timestamp, timestamptz, timetz, bit, varbit, numeric, uuid, jsonb
  1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560, 1562, 1700, 2950, 3802,
  // arrays: xml, json, money, bool, bytea, "char", int2, int4, text, bpchar, varchar, int8, float4,
  // float8, oid, cidr, inet, timestamp, date, time, timestamptz, bit, varbit, numeric, uuid, jsonb
  143, 199, 791, 1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 651, 1041, 1115, 1182, 1183,
  1185, 1561, 1563, 1231, 2951, 3807,
]);

/** The first column of a raw result whose type Prisma cannot read, if any. */
export function unreadableColumn(fields: readonly { dataTypeID: number }[] | undefined): number | undefined {
  return fields?.find((f) => f.dataTypeID < FIRST_USER_OID && !READABLE_BUILT_INS.has(f.dataTypeID))?.dataTypeID;
}

/**
 * P2010 for a raw result with an unreadable column, named as Prisma names it: the type's name from
 * the catalog for a scalar type, "Unknown" for an array type (named `_elem` by PostgreSQL).
 */
export async function unsupportedColumnType(ex: Executor, call: string, oid: number): Promise<PrismaCompatError> {
  const result = await ex.operation((op) =>
    op.raw(sql`SELECT typname, left(typname, 1) = '_' AS is_array FROM pg_type WHERE oid = ${oid}`),
  );
  const row = result.rows[0] as { typname?: string; is_array?: boolean } | undefined;
  const type = row?.typname !== undefined && row.is_array !== true ? row.typname : "Unknown";
  const driverAdapterError = new DriverAdapterError({ kind: "UnsupportedNativeDataType", type });
  return new PrismaCompatError(
    "P2010",
    `Invalid \`${call}\` invocation: Raw query failed. Unsupported column type ${type}`,
    { driverAdapterError },
  );
}
