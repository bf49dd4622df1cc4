/**
 * The PostgreSQL schema of each enum under multiSchema. Prisma's DMMF gives a model's `@@schema`
 * (`model.schema`) but not an enum's, although Prisma creates the type in that schema
 * (`CREATE TYPE "auth"."Role"`). This is the one place the schema text feeds the generator: inside
 * each enum block that Prisma has already parsed and validated, the `@@schema(` attribute is found
 * on the lines with comments and strings blanked, and its string literal is read from the same
 * columns of the original line. The value must be one of the datasource's `schemas` (Prisma's own
 * list), and schema:parity proves the result against Prisma's SQL.
 */
import { blankedLines } from "./blanked-lines.ts";
import type { DmmfEnum } from "./dmmf.ts";

/** Thrown when an enum's `@@schema` cannot be read (never for a schema Prisma accepted). */
export class EnumSchemaError extends Error {
  override readonly name = "EnumSchemaError";
}

/** Enum name → its PostgreSQL schema; empty when the datasource lists no `schemas`. */
export function enumSchemas(text: string, enums: readonly DmmfEnum[], datasourceSchemas: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (datasourceSchemas.length === 0) return out;
  const original = text.split("\n");
  const blanked = blankedLines(text);
  for (const e of enums) {
    const schema = schemaAttribute(original, blanked, e.name);
    if (!datasourceSchemas.includes(schema)) throw new EnumSchemaError(`enum ${e.name}: @@schema("${schema}") is not one of the datasource's schemas`);
    out.set(e.name, schema);
  }
  return out;
}

/** The literal of `@@schema("…")` inside `enum <name> { … }`. */
function schemaAttribute(original: readonly string[], blanked: readonly string[], enumName: string): string {
  const start = blanked.findIndex((line) => {
    const words = line.trim().split(/[\s{]+/);
    return words[0] === "enum" && words[1] === enumName;
  });
  if (start < 0) throw new EnumSchemaError(`enum ${enumName}: block not found`);
  for (let i = start; i < blanked.length; i++) {
    const at = blanked[i]!.indexOf("@@schema(");
    if (at >= 0) return literalAfter(original[i]!, blanked[i]!, at, enumName);
    if (i > start && blanked[i]!.includes("}")) break;
  }
  throw new EnumSchemaError(`enum ${enumName}: no @@schema attribute (Prisma requires one when the datasource lists schemas)`);
}

/** The string literal that follows `@@schema(` at column `at`, read from the original line. */
function literalAfter(original: string, blanked: string, at: number, enumName: string): string {
  const open = blanked.indexOf('"', at);
  const close = open < 0 ? -1 : blanked.indexOf('"', open + 1);
  if (close < 0) throw new EnumSchemaError(`enum ${enumName}: @@schema without a string literal`);
  return JSON.parse(original.slice(open, close + 1)) as string;
}
