/**
 * What the inventory knows from the app's `schema.prisma` without running Prisma: model delegate
 * names (evidence that `x.user.findMany(...)` is a Prisma call even when types do not resolve, and
 * that `client.customers.create(...)` of another SDK is not) and each field's kind (so a value of
 * unknown type in a filter can be judged: any value fits a plain scalar field; a relation or Json
 * field could hold a filter the facade refuses).
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SKIP_DIRS } from "./files.ts";

/** How a field is stored, as far as call-site judgement needs. */
export type FieldKind = "scalar" | "list" | "json" | "relation" | "unsupported";

/** One model: its delegate name on the client (`user` for `User`) and its fields' kinds. */
export interface SchemaModel {
  name: string;
  delegate: string;
  fields: Map<string, FieldKind>;
  /** Optional fields and relations (`String?`, `author User?`). */
  nullable: Set<string>;
  /** Relation fields holding many records (`posts Post[]`). */
  toMany: Set<string>;
}

/** The models of the app's schema, keyed by delegate name, and the files read. */
export interface AppSchema {
  files: string[];
  models: Map<string, SchemaModel>;
}

/** Every `.prisma` file under `root` (or the given file or folder), parsed together; undefined if none. */
export function loadAppSchema(root: string, explicit?: string): AppSchema | undefined {
  const at = explicit ?? root;
  const files = at.endsWith(".prisma") ? [at] : findPrismaFiles(at, []);
  if (files.length === 0) return undefined;
  return { files, models: parseModels(files.map((f) => readFileSync(f, "utf8")).join("\n")) };
}

function findPrismaFiles(dir: string, out: string[]): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (SKIP_DIRS.has(entry.name) || entry.name === "migrations") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) findPrismaFiles(path, out);
    else if (entry.isFile() && entry.name.endsWith(".prisma")) out.push(path);
  }
  return out.sort();
}

/** Models and their fields' kinds from schema text (one or several files concatenated). */
export function parseModels(text: string): Map<string, SchemaModel> {
  const source = text.replace(/\/\/.*$/gm, "");
  const blocks = [...source.matchAll(/^\s*(model|enum|type|view)\s+(\w+)\s*\{([^}]*)\}/gm)];
  const modelNames = new Set(blocks.filter((b) => b[1] === "model" || b[1] === "view").map((b) => b[2]!));
  const typeNames = new Set(blocks.filter((b) => b[1] === "type").map((b) => b[2]!));
  const models = new Map<string, SchemaModel>();
  for (const [, keyword, name, body] of blocks) {
    if (keyword !== "model" && keyword !== "view") continue;
    const fields = new Map<string, FieldKind>();
    const nullable = new Set<string>();
    const toMany = new Set<string>();
    for (const line of body!.split("\n")) {
      const match = line.trim().match(/^(\w+)\s+(Unsupported\(|\w+)(\[\])?(\?)?/);
      if (!match) continue;
      const [, field, type, list, optional] = match;
      // @db.Date / @db.Time columns map to Drizzle types the facade has no codec for (model-meta.ts).
      const kind = /@db\.(Date|Time|Timetz)\b/.test(line)
        ? "unsupported"
        : fieldKind(type!, list !== undefined, modelNames, typeNames);
      fields.set(field!, kind);
      if (optional) nullable.add(field!);
      if (kind === "relation" && list) toMany.add(field!);
    }
    const delegate = name!.charAt(0).toLowerCase() + name!.slice(1);
    models.set(delegate, { name: name!, delegate, fields, nullable, toMany });
  }
  return models;
}

function fieldKind(type: string, list: boolean, models: Set<string>, types: Set<string>): FieldKind {
  if (models.has(type)) return "relation";
  // The facade reads and writes neither Prisma's Unsupported(...) nor bytea columns.
  if (type === "Unsupported(" || type === "Bytes") return "unsupported";
  if (type === "Json" || types.has(type)) return "json";
  if (list) return "list";
  // Scalars and enums alike: any value of one is a plain equality.
  return "scalar";
}
