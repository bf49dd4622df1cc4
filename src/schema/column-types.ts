/**
 * Prisma scalar type + `@db.*` native type → the Drizzle column builder that makes the same
 * PostgreSQL column, and that column's SQL type (for casts in list defaults). The SQL types are
 * the ones Prisma Migrate writes (String is TEXT, DateTime is TIMESTAMP(3), Decimal is
 * DECIMAL(65,30), Json is JSONB...); types drizzle-orm 0.45 has no builder for become a
 * `customType` with the exact SQL type, so the DDL is still the same.
 */
import type { DmmfField } from "./dmmf.ts";

/** How one column is built in the generated schema. */
export interface ColumnType {
  /** Builder call without the column name: `varchar(NAME, { length: 120 })` with NAME a placeholder. */
  readonly builder: string;
  /** drizzle-orm/pg-core imports the builder needs. */
  readonly imports: readonly string[];
  /** Helpers of the generated file the builder needs (see helpers.ts). */
  readonly helpers: readonly string[];
  /** The column's SQL type, as Prisma spells it in its DDL. */
  readonly sqlType: string;
}

/** Thrown for a type/native-type pair the generator does not know. */
export class UnsupportedTypeError extends Error {}

const NAME = "NAME";
const plain = (fn: string, sqlType: string, options = ""): ColumnType => ({
  builder: `${fn}(${NAME}${options ? `, ${options}` : ""})`,
  imports: [fn],
  helpers: [],
  sqlType,
});
/**
 * A customType column. drizzle-kit writes a custom type double-quoted unless it starts with a type
 * name it knows, so the spelling given here is lowercase (a quoted lowercase name still resolves)
 * and parameterised types start with a known name (`bit varying(16)`, not `varbit(16)`).
 */
const native = (sqlType: string, tsType: string, kitSpelling = sqlType.toLowerCase()): ColumnType => ({
  builder: `nativeType<${tsType}>(${JSON.stringify(kitSpelling)})(${NAME})`,
  imports: [],
  helpers: ["nativeType"],
  sqlType,
});
const intArg = (args: readonly string[], index: number): number | undefined =>
  args[index] === undefined ? undefined : Number(args[index]);

/** The column type of a scalar field (not enums: see enumColumn). `serial` variants for autoincrement(). */
export function scalarColumnType(field: DmmfField): ColumnType {
  const [nativeName, args] = field.nativeType ?? [undefined, [] as readonly string[]];
  const autoincrement =
    typeof field.default === "object" &&
    field.default !== null &&
    !Array.isArray(field.default) &&
    (field.default as { name: string }).name === "autoincrement";
  const type = pick(field.type, nativeName, args, autoincrement);
  if (!type)
    throw new UnsupportedTypeError(
      `${field.type}${nativeName ? ` @db.${nativeName}` : ""}${autoincrement ? " with autoincrement()" : ""}`,
    );
  return type;
}

function pick(
  type: string,
  nativeName: string | undefined,
  args: readonly string[],
  autoincrement: boolean,
): ColumnType | undefined {
  switch (type) {
    case "String":
      return stringType(nativeName, args);
    case "Int":
      if (autoincrement)
        return nativeName === "SmallInt"
          ? plain("smallserial", "SMALLSERIAL")
          : nativeName === undefined || nativeName === "Integer"
            ? plain("serial", "SERIAL")
            : undefined;
      return nativeName === "SmallInt"
        ? plain("smallint", "SMALLINT")
        : nativeName === "Oid"
          ? native("oid", "number")
          : nativeName === undefined || nativeName === "Integer"
            ? plain("integer", "INTEGER")
            : undefined;
    case "BigInt":
      if (autoincrement)
        return nativeName === undefined || nativeName === "BigInt"
          ? plain("bigserial", "BIGSERIAL", `{ mode: "bigint" }`)
          : undefined;
      return nativeName === undefined || nativeName === "BigInt"
        ? plain("bigint", "BIGINT", `{ mode: "bigint" }`)
        : undefined;
    case "Float":
      return nativeName === "Real"
        ? plain("real", "REAL")
        : nativeName === undefined || nativeName === "DoublePrecision"
          ? plain("doublePrecision", "DOUBLE PRECISION")
          : undefined;
    case "Decimal":
      return decimalType(nativeName, args);
    case "Boolean":
      return nativeName === undefined || nativeName === "Boolean" ? plain("boolean", "BOOLEAN") : undefined;
    case "DateTime":
      return dateTimeType(nativeName, args);
    case "Json":
      return nativeName === "Json"
        ? plain("json", "JSON")
        : nativeName === undefined || nativeName === "JsonB"
          ? plain("jsonb", "JSONB")
          : undefined;
    case "Bytes":
      return nativeName === undefined || nativeName === "ByteA"
        ? { builder: `bytes(${NAME})`, imports: [], helpers: ["bytes"], sqlType: "BYTEA" }
        : undefined;
    default:
      return undefined;
  }
}

function stringType(nativeName: string | undefined, args: readonly string[]): ColumnType | undefined {
  const length = intArg(args, 0);
  switch (nativeName) {
    case undefined:
    case "Text":
      return plain("text", "TEXT");
    case "VarChar":
      return length === undefined
        ? plain("varchar", "VARCHAR")
        : plain("varchar", `VARCHAR(${length})`, `{ length: ${length} }`);
    case "Char":
      return length === undefined ? plain("char", "CHAR") : plain("char", `CHAR(${length})`, `{ length: ${length} }`);
    case "Uuid":
      return plain("uuid", "UUID");
    case "Inet":
      return plain("inet", "INET");
    case "Citext":
      return native("CITEXT", "string");
    case "Xml":
      return native("XML", "string");
    case "Bit":
      return native(length === undefined ? "BIT" : `BIT(${length})`, "string");
    case "VarBit":
      return native(
        length === undefined ? "VARBIT" : `VARBIT(${length})`,
        "string",
        length === undefined ? "bit varying" : `bit varying(${length})`,
      );
    default:
      return undefined;
  }
}

function decimalType(nativeName: string | undefined, args: readonly string[]): ColumnType | undefined {
  if (nativeName === "Money") return native("MONEY", "string");
  if (nativeName !== undefined && nativeName !== "Decimal") return undefined;
  // Prisma's plain Decimal is DECIMAL(65,30); `@db.Decimal` without arguments is unconstrained.
  const [precision, scale] = nativeName === undefined ? [65, 30] : [intArg(args, 0), intArg(args, 1)];
  if (precision === undefined) return plain("numeric", "DECIMAL");
  return plain("numeric", `DECIMAL(${precision},${scale ?? 0})`, `{ precision: ${precision}, scale: ${scale ?? 0} }`);
}

function dateTimeType(nativeName: string | undefined, args: readonly string[]): ColumnType | undefined {
  const precision = nativeName === undefined ? 3 : intArg(args, 0);
  const p = precision === undefined ? "" : `precision: ${precision}, `;
  const sqlP = precision === undefined ? "" : `(${precision})`;
  switch (nativeName) {
    case undefined:
    case "Timestamp":
      return plain("timestamp", `TIMESTAMP${sqlP}`, `{ ${p}mode: "date" }`);
    case "Timestamptz":
      return plain("timestamp", `TIMESTAMPTZ${sqlP}`, `{ ${p}withTimezone: true, mode: "date" }`);
    case "Date":
      return plain("date", "DATE", `{ mode: "date" }`);
    case "Time":
      return plain("time", `TIME${sqlP}`, precision === undefined ? "" : `{ precision: ${precision} }`);
    case "Timetz":
      return plain("time", `TIMETZ${sqlP}`, `{ ${p}withTimezone: true }`);
    default:
      return undefined;
  }
}

/** Replaces the builder's name placeholder with the column name literal. */
export function withColumnName(type: ColumnType, column: string): string {
  return type.builder.replace(NAME, JSON.stringify(column));
}
