/**
 * Enum labels as the migration history leaves them, so that a removed enum value can be named even
 * when a migration carries no Prisma warning comment (hand-written or edited SQL). Follows
 * CREATE TYPE ... AS ENUM, ADD VALUE (with BEFORE/AFTER), RENAME VALUE, RENAME TO and DROP TYPE;
 * types are keyed by name without schema, as Prisma names them.
 */
import { splitStatements } from "./split.ts";
import { isWord, TokenReader } from "./token-reader.ts";
import { SqlLexError } from "./tokens.ts";

/** Enum name → labels in order. */
export type EnumLabels = ReadonlyMap<string, readonly string[]>;

/** The enums after running `sql` on top of `before` (unchanged when the script cannot be split). */
export function enumsAfter(sql: string, before: EnumLabels = new Map()): Map<string, string[]> {
  const enums = new Map<string, string[]>([...before].map(([k, v]) => [k, [...v]]));
  let statements;
  try {
    statements = splitStatements(sql).statements;
  } catch (error) {
    if (error instanceof SqlLexError) return enums;
    throw error;
  }
  for (const statement of statements) {
    const r = new TokenReader(statement.tokens);
    if (r.accept("create", "type")) {
      const name = r.qualifiedName();
      if (name && r.accept("as", "enum"))
        enums.set(
          name.name,
          r
            .rest()
            .filter((t) => t.kind === "string")
            .map((t) => t.value),
        );
      continue;
    }
    if (r.accept("drop", "type")) {
      r.accept("if", "exists");
      for (const t of r.rest()) if (t.kind === "word" || t.kind === "ident") enums.delete(t.value);
      continue;
    }
    if (!r.accept("alter", "type")) continue;
    const name = r.qualifiedName();
    const labels = name ? enums.get(name.name) : undefined;
    if (!name) continue;
    if (r.accept("rename", "to")) {
      const to = r.identifier();
      if (labels && to !== undefined) {
        enums.delete(name.name);
        enums.set(to, labels);
      }
      continue;
    }
    if (!labels) continue;
    if (r.accept("add", "value")) {
      r.accept("if", "not", "exists");
      const label = r.peek();
      if (label?.kind !== "string" || labels.includes(label.value)) continue;
      r.pos++;
      const where = r.peek();
      const neighbour = r.peek(1);
      const at = neighbour?.kind === "string" ? labels.indexOf(neighbour.value) : -1;
      if (at >= 0 && isWord(where, "before")) labels.splice(at, 0, label.value);
      else if (at >= 0 && isWord(where, "after")) labels.splice(at + 1, 0, label.value);
      else labels.push(label.value);
      continue;
    }
    if (r.accept("rename", "value")) {
      const from = r.peek();
      const to = r.peek(2);
      if (from?.kind === "string" && to?.kind === "string") {
        const at = labels.indexOf(from.value);
        if (at >= 0) labels[at] = to.value;
      }
    }
  }
  return enums;
}

/** The enums after a list of scripts applied in order (e.g. every earlier migration). */
export function enumsAfterAll(scripts: Iterable<string>): Map<string, string[]> {
  let enums = new Map<string, string[]>();
  for (const sql of scripts) enums = enumsAfter(sql, enums);
  return enums;
}
