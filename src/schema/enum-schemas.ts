/**
 * The PostgreSQL schema of each enum under multiSchema. Prisma's DMMF gives a model's `@@schema`
 * (`model.schema`) but not an enum's, although Prisma creates the type in that schema
 * (`CREATE TYPE "auth"."Role"`), so it is read from the enum block Prisma has just validated
 * (block-literals.ts). The value must be one of the datasource's `schemas` (Prisma's own list), and
 * schema:parity proves the placement against Prisma's SQL.
 */
import { readBlockLiteral } from "./block-literals.ts";
import type { DmmfEnum } from "./dmmf.ts";

/** Thrown when an enum's `@@schema` cannot be read (never for a schema Prisma accepted). */
export class EnumSchemaError extends Error {
  override readonly name = "EnumSchemaError";
}

/** Enum name → its PostgreSQL schema; empty when the datasource lists no `schemas`. */
export function enumSchemas(
  text: string,
  enums: readonly DmmfEnum[],
  datasourceSchemas: readonly string[],
): Map<string, string> {
  const out = new Map<string, string>();
  if (datasourceSchemas.length === 0) return out;
  for (const e of enums) {
    const schema = readBlockLiteral(text, { keyword: "enum", name: e.name, attribute: "@@schema(" });
    if (schema === undefined)
      throw new EnumSchemaError(
        `enum ${e.name}: no @@schema("…") found (Prisma requires one when the datasource lists schemas)`,
      );
    if (!datasourceSchemas.includes(schema))
      throw new EnumSchemaError(`enum ${e.name}: @@schema("${schema}") is not one of the datasource's schemas`);
    out.set(e.name, schema);
  }
  return out;
}
