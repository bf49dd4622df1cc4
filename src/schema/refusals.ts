/**
 * Constructs the generator does not support yet, refused with their name and schema line — never
 * turned into a silently different table.
 *
 * Most are seen in the DMMF. Some are not: Prisma's DMMF leaves out `@ignore`d fields, `@@ignore`d
 * models, `Unsupported("…")` fields and the `map:` of a foreign key, although
 * the database has (or lacks) them. Those are found by a token scan of the schema text with comments
 * and string literals blanked out. The scan never feeds the generated schema (save
 * block-literals.ts, which reads an enum's `@@schema` and the datasource's `relationMode`), which
 * comes from Prisma alone. It refuses, and it says when the first three are present
 * ({@link omitsBuiltObjects}): their columns and tables are then read from the database Prisma's
 * own SQL builds (prisma-built.ts), and they are refused only when that was not read. Line numbers
 * also come from this scan.
 */
import type { LoadedSchema } from "./dmmf.ts";
import { blankedLines } from "./blanked-lines.ts";
import { viewNames } from "./views.ts";

export { blankedLines };

/** One refused construct: what it is, where, and why. */
export interface Refusal {
  readonly construct: string;
  /** 1-based line in the schema file (0 when unknown). */
  readonly line: number;
  readonly reason: string;
  /** The file, for a folder of .prisma files (relative to it); the schema file's name otherwise. */
  readonly file?: string;
}

/** Line (1-based) of the block `keyword name {`, 0 when not found. */
export function blockLine(lines: readonly string[], keyword: string, name: string): number {
  const index = lines.findIndex((line) => {
    const words = line.trim().split(/\s+/);
    return words[0] === keyword && (words[1] === name || words[1] === `${name}{`);
  });
  return index + 1;
}

interface TextRule {
  readonly construct: string;
  readonly reason: string;
  /** True when the (blanked) line holds the construct. */
  readonly test: (line: string) => boolean;
  /** The DMMF omits it but Prisma's built database has it: refused only when that was not read. */
  readonly inBuiltDatabase?: boolean;
}

/** `@relation(` with a `map:` argument on the same line (Prisma attributes are one line). */
const relationWithMap = (line: string) => {
  const at = line.indexOf("@relation(");
  return at >= 0 && line.slice(at).includes("map:");
};
const hasWord = (word: string) => (line: string) => line.split(/[^A-Za-z0-9_@]+/).includes(word);

const TEXT_RULES: readonly TextRule[] = [
  {
    construct: 'Unsupported("…") field',
    reason:
      "the DMMF omits Unsupported fields; their columns are read from the database Prisma's SQL builds, which was not given",
    test: (l) => l.includes("Unsupported("),
    inBuiltDatabase: true,
  },
  {
    construct: "@@ignore",
    reason:
      "the DMMF omits @@ignore'd models; their tables are read from the database Prisma's SQL builds, which was not given",
    test: hasWord("@@ignore"),
    inBuiltDatabase: true,
  },
  {
    construct: "@ignore",
    reason:
      "the DMMF omits @ignore'd fields; their columns are read from the database Prisma's SQL builds, which was not given",
    test: hasWord("@ignore"),
    inBuiltDatabase: true,
  },
  { construct: "@relation(map: …)", reason: "the DMMF omits foreign key names given with map:", test: relationWithMap },
  {
    construct: "@@index(where: …)",
    reason: "partial indexes are not supported yet",
    test: (l) => (l.includes("@@index(") || l.includes("@@unique(") || l.includes("@unique(")) && l.includes("where:"),
  },
  { construct: "extensions", reason: "datasource extensions are not supported yet", test: hasWord("extensions") },
];

/**
 * True when `schema` has `@ignore`, `@@ignore` or `Unsupported("…")`: what the DMMF leaves out,
 * so generating it needs the database Prisma's SQL builds (prisma-built.ts).
 */
export function omitsBuiltObjects(schema: LoadedSchema): boolean {
  const rules = TEXT_RULES.filter((r) => r.inBuiltDatabase);
  return blankedLines(schema.text).some((line) => rules.some((r) => r.test(line)));
}

/**
 * Every refused construct in `schema`, in line order, each located in its file. With `builtRead`,
 * the constructs read from Prisma's built database are not refused.
 */
export function findRefusals(schema: LoadedSchema, builtRead = false): Refusal[] {
  return scanRefusals(schema, builtRead).map((r) =>
    r.line > 0 ? { ...r, ...schema.source.locate(r.line) } : { ...r, file: schema.source.label },
  );
}

/** The refusals with lines of the joined text. */
function scanRefusals(schema: LoadedSchema, builtRead: boolean): Refusal[] {
  const lines = blankedLines(schema.text);
  const out: Refusal[] = [];
  const rules = TEXT_RULES.filter((r) => !(builtRead && r.inBuiltDatabase));
  lines.forEach((line, index) => {
    for (const rule of rules)
      if (rule.test(line)) out.push({ construct: rule.construct, line: index + 1, reason: rule.reason });
  });
  out.push(...datamodelRefusals(schema, lines));
  return out.sort((a, b) => a.line - b.line || a.construct.localeCompare(b.construct));
}

function datamodelRefusals(schema: LoadedSchema, lines: readonly string[]): Refusal[] {
  const out: Refusal[] = [];
  for (const source of schema.datasources) {
    if (source.provider !== "postgresql")
      out.push({
        construct: `provider = "${source.provider}"`,
        line: blockLine(lines, "datasource", source.name),
        reason: "only PostgreSQL is supported",
      });
  }
  out.push(...sameTableNameRefusals(schema, lines), ...viewRelationRefusals(schema, lines));
  for (const type of schema.datamodel.types)
    out.push({
      construct: `type ${type.name}`,
      line: blockLine(lines, "type", type.name),
      reason: "composite types exist for MongoDB only",
    });
  for (const index of schema.datamodel.indexes) {
    const line = blockLine(lines, "model", index.model);
    if (index.type === "fulltext")
      out.push({ construct: "@@fulltext", line, reason: "full-text indexes are MySQL/MongoDB only" });
    if (index.fields.some((f) => f.length !== undefined))
      out.push({ construct: "index length:", line, reason: "index prefix lengths are MySQL only" });
  }
  return out;
}

/**
 * Under multiSchema two models may map to the same table name in different schemas; the facade's
 * bindings (`MODELS`) name a model's table without its schema, so such a schema is refused.
 */
function sameTableNameRefusals(schema: LoadedSchema, lines: readonly string[]): Refusal[] {
  const seen = new Map<string, string>();
  const out: Refusal[] = [];
  for (const model of schema.datamodel.models) {
    const table = model.dbName ?? model.name;
    const first = seen.get(table);
    if (first !== undefined)
      out.push({
        construct: `table name "${table}" in two schemas`,
        line: blockLine(lines, "model", model.name),
        reason: `models ${first} and ${model.name} map to the same table name, and the facade binds models to tables by name`,
      });
    else seen.set(table, model.name);
  }
  return out;
}

/** Relations to or from a `view` block: not generated yet (views are generated as plain pgView columns). */
function viewRelationRefusals(schema: LoadedSchema, lines: readonly string[]): Refusal[] {
  const views = viewNames(schema.text);
  const out: Refusal[] = [];
  for (const model of schema.datamodel.models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !(views.has(model.name) || views.has(field.type))) continue;
      const keyword = views.has(model.name) ? "view" : "model";
      out.push({
        construct: `relation ${model.name}.${field.name} on a view`,
        line: blockLine(lines, keyword, model.name),
        reason: "relations to or from views are not generated yet",
      });
    }
  }
  return out;
}

/** `schema.prisma:12: view block is not supported: views are not generated yet (...)`. */
export function formatRefusal(refusal: Refusal): string {
  return `${refusal.file ?? "schema.prisma"}:${refusal.line}: ${refusal.construct} is not supported: ${refusal.reason}`;
}
