/**
 * Prisma removes enum values by recreating the type: CREATE TYPE "E_new" AS ENUM (...kept...),
 * ALTER COLUMN ... TYPE "E_new" USING (...), ALTER TYPE "E" RENAME TO "E_old",
 * ALTER TYPE "E_new" RENAME TO "E", DROP TYPE "E_old". The dance is reported once, as
 * drop-enum-value, instead of as type changes, renames and a dropped type.
 */
import type { LintContext } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import { displayName, splitTopLevel, TokenReader } from "../token-reader.ts";
import type { Token } from "../tokens.ts";
import type { QualifiedName } from "../types.ts";

/** One enum recreation found in a script. */
export interface EnumDance {
  /** Name of the enum being recreated, e.g. `TaskStatus`. */
  enumName: string;
  /** Values of the `_new` type, i.e. the values kept. */
  kept: string[];
  /** Statement that creates `<enum>_new`. */
  createIndex: number;
  columns: { table: QualifiedName; column: string }[];
  /** Every statement of the dance (the create, the column casts, the renames, the drop). */
  statementIndexes: number[];
}

/** The enum recreations of a script, by enum name. */
export function findEnumDances(statements: readonly SqlStatement[]): Map<string, EnumDance> {
  const dances = new Map<string, EnumDance>();
  for (const statement of statements) {
    const r = new TokenReader(statement.tokens);
    if (!r.accept("create", "type")) continue;
    const name = r.qualifiedName();
    if (!name || !name.name.endsWith("_new") || !r.accept("as", "enum")) continue;
    const enumName = name.name.slice(0, -"_new".length);
    const kept = r
      .rest()
      .filter((t) => t.kind === "string")
      .map((t) => t.value);
    dances.set(enumName, { enumName, kept, createIndex: statement.index, columns: [], statementIndexes: [] });
  }
  if (dances.size === 0) return dances;
  for (const statement of statements) collectDanceStep(dances, statement);
  return dances;
}

/** Adds `statement` to the dance it is a step of (rename, drop of `_old`, column cast), if any. */
function collectDanceStep(dances: Map<string, EnumDance>, statement: SqlStatement): void {
  const r = new TokenReader(statement.tokens);
  if (r.accept("alter", "type")) {
    const name = r.qualifiedName();
    if (!name || !r.accept("rename", "to")) return;
    const to = r.identifier() ?? "";
    for (const dance of dances.values()) {
      if (
        (name.name === dance.enumName && to === `${dance.enumName}_old`) ||
        (name.name === `${dance.enumName}_new` && to === dance.enumName)
      )
        dance.statementIndexes.push(statement.index);
    }
  } else if (r.accept("drop", "type")) {
    r.accept("if", "exists");
    const name = r.qualifiedName();
    for (const dance of dances.values())
      if (name?.name === `${dance.enumName}_old`) dance.statementIndexes.push(statement.index);
  } else if (r.accept("alter", "table")) {
    r.accept("if", "exists");
    r.accept("only");
    const table = r.qualifiedName();
    if (!table) return;
    for (const action of splitTopLevel(r.rest())) collectColumnCast(dances, statement, table, action);
  }
}

function collectColumnCast(
  dances: Map<string, EnumDance>,
  statement: SqlStatement,
  table: QualifiedName,
  action: Token[],
): void {
  const a = new TokenReader(action);
  if (!a.accept("alter")) return;
  a.accept("column");
  const column = a.identifier();
  if (column === undefined || !(a.accept("type") || a.accept("set", "data", "type"))) return;
  const type = a.qualifiedName();
  const dance = type && type.name.endsWith("_new") ? dances.get(type.name.slice(0, -"_new".length)) : undefined;
  if (!dance) return;
  dance.columns.push({ table, column });
  dance.statementIndexes.push(statement.index);
}

/**
 * Reports each dance once, at its CREATE TYPE. The removed values come from Prisma's warning
 * comment, else from the enum's labels before this script.
 */
export function reportEnumDances(ctx: LintContext, dances: Map<string, EnumDance>, allComments: Token[]): void {
  const removedValuesNoted = prismaRemovedEnumValues(allComments);
  for (const dance of dances.values()) {
    const statement = ctx.statements[dance.createIndex]!;
    const before = ctx.knownEnums.get(dance.enumName);
    const noted = removedValuesNoted.get(dance.enumName) ?? before?.filter((v) => !dance.kept.includes(v));
    const removed = noted
      ? `removes the value(s) ${noted.map((v) => `'${v}'`).join(", ")}`
      : "removes every value not in the new list";
    const kept = dance.kept.map((v) => `'${v}'`).join(", ");
    const columns = dance.columns.map((c) => `${displayName(c.table)}."${c.column}"`).join(", ") || "its columns";
    ctx.report(
      statement,
      "drop-enum-value",
      MESSAGES.dropEnumValue(dance.enumName, kept, removed, columns),
      HINTS.dropEnumValue,
      dance.columns.map((c) => ({
        kind: "enum-values-outside",
        table: c.table,
        column: c.column,
        enumName: dance.enumName,
        kept: dance.kept,
      })),
    );
  }
}

/** Prisma's warning block names the removed values: "The values [A,B] on the enum `E` will be removed". */
function prismaRemovedEnumValues(comments: Token[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pattern = /The values? \[([^\]]*)\] on the enum `([^`]+)` (?:will|would) be removed/g;
  for (const c of comments) {
    for (const m of c.value.matchAll(pattern)) {
      out.set(
        m[2]!,
        m[1]!
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      );
    }
  }
  return out;
}
