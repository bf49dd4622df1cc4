/**
 * Reads a schema.prisma with Prisma's own parser. `prisma generate` (offline, as
 * scripts/prisma-generate.sh runs it) is pointed at a temporary copy of the schema with one more
 * generator block — ours (dmmf-generator.ts) — and only that generator is run (`--generator`).
 * Prisma validates the schema and hands our generator its DMMF over the generator protocol; the
 * generator writes it to a temporary folder and this module reads it back. No regular expression
 * ever reads the schema here.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { blankedLines } from "./blanked-lines.ts";
import { type SchemaSource, readSchemaSource } from "./source.ts";

const run = promisify(execFile);

/** A `@default(...)` as the DMMF gives it: a constant, a list of constants, or a function call. */
export type DmmfDefault =
  | string
  | number
  | boolean
  | readonly (string | number | boolean)[]
  | { readonly name: string; readonly args: readonly (string | number)[] };

/** One field of a model (scalar, enum or relation), the subset of Prisma's DMMF used here. */
export interface DmmfField {
  readonly name: string;
  /** Column name when `@map`'d. */
  readonly dbName?: string | null;
  readonly kind: "scalar" | "enum" | "object" | "unsupported";
  /** Scalar type (`String`...), enum name or related model name. */
  readonly type: string;
  readonly isList: boolean;
  readonly isRequired: boolean;
  readonly isUnique: boolean;
  readonly isId: boolean;
  readonly isUpdatedAt: boolean;
  readonly hasDefaultValue: boolean;
  readonly default?: DmmfDefault;
  /** `@db.VarChar(120)` is `["VarChar", ["120"]]`. */
  readonly nativeType?: readonly [string, readonly string[]] | null;
  readonly relationName?: string;
  readonly relationFromFields?: readonly string[];
  readonly relationToFields?: readonly string[];
  readonly relationOnDelete?: string;
  readonly relationOnUpdate?: string;
}

export interface DmmfModel {
  readonly name: string;
  /** Table name when `@@map`'d. */
  readonly dbName: string | null;
  /** `@@schema` (multiSchema). */
  readonly schema: string | null;
  readonly fields: readonly DmmfField[];
  readonly primaryKey: { readonly name: string | null; readonly fields: readonly string[] } | null;
}

export interface DmmfEnum {
  readonly name: string;
  readonly dbName?: string | null;
  readonly values: readonly { readonly name: string; readonly dbName: string | null }[];
}

/** One `@id`, `@@id`, `@unique`, `@@unique` or `@@index`, as the DMMF's `indexes` list gives it. */
export interface DmmfIndex {
  readonly model: string;
  readonly type: "id" | "unique" | "normal" | "fulltext";
  readonly isDefinedOnField: boolean;
  /** `name:` (the client-side name of a compound key). */
  readonly name?: string;
  /** `map:` (the database name). */
  readonly dbName?: string;
  /** `type:` (BTree, Hash, Gist, Gin, SpGist, Brin). */
  readonly algorithm?: string;
  readonly fields: readonly {
    readonly name: string;
    readonly sortOrder?: "asc" | "desc";
    readonly length?: number;
    readonly operatorClass?: string;
  }[];
}

export interface DmmfDatamodel {
  readonly enums: readonly DmmfEnum[];
  readonly models: readonly DmmfModel[];
  /** Composite types (MongoDB only; refused). */
  readonly types: readonly { readonly name: string }[];
  readonly indexes: readonly DmmfIndex[];
}

/** What Prisma parsed from one schema.prisma. */
export interface LoadedSchema {
  /** Absolute path of the schema that was read (a file or a folder). */
  readonly path: string;
  /** The schema's text, as read (a folder's files joined: see `source`). */
  readonly text: string;
  /** The file or files read, and where each line of `text` comes from. */
  readonly source: SchemaSource;
  readonly datamodel: DmmfDatamodel;
  readonly datasources: readonly {
    readonly name: string;
    readonly provider: string;
    readonly schemas: readonly string[];
  }[];
}

/** The generator's name in the temporary schema; `--generator` runs only this one. */
const GENERATOR_NAME = "orm_switch_dmmf_reader";

/** The shell command Prisma runs for our generator (the provider string, run with `shell: true`). */
function generatorCommand(): string {
  const require = createRequire(import.meta.url);
  // tsx's package entry is its loader; an absolute path, because the generator runs in a temp folder.
  const tsxLoader = require.resolve("tsx");
  const script = resolve(import.meta.dirname, "dmmf-generator.ts");
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  return `${quote(process.execPath)} --import ${quote(tsxLoader)} ${quote(script)}`;
}

/** A Prisma string literal (JSON's escaping is what Prisma's string literals accept). */
function prismaString(value: string): string {
  return JSON.stringify(value);
}

/** Thrown when Prisma rejects the schema; the message is Prisma's own, trimmed. */
export class SchemaLoadError extends Error {
  override readonly name = "SchemaLoadError";
}

/**
 * Parses `schemaPath` (a schema.prisma, or a folder of .prisma files) with Prisma and returns its
 * DMMF. Prisma's own validation runs first, so an invalid schema is rejected with Prisma's message
 * (naming the file and line). Takes about two seconds (the CLI starts).
 */
export async function loadSchema(schemaPath: string): Promise<LoadedSchema> {
  const source = await readSchemaSource(schemaPath);
  const dir = await mkdtemp(join(tmpdir(), "orm-switch-schema-"));
  try {
    await generateWithOwnGenerator(source, dir, GENERATOR_NAME, { provider: generatorCommand(), output: dir });
    const raw = JSON.parse(await readFile(join(dir, "dmmf.json"), "utf8")) as {
      dmmf: { datamodel: DmmfDatamodel };
      datasources: LoadedSchema["datasources"];
    };
    return {
      path: source.path,
      text: source.text,
      source,
      datamodel: raw.dmmf.datamodel,
      datasources: raw.datasources,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `prisma generate` (offline) on a copy of `source` with one more generator block, `name`
 * with `properties`, and runs only that generator. The copies sit in `<workDir>/schema`, a folder
 * of their own (so no prisma.config.ts is picked up), read by Prisma as a multi-file schema; the
 * schema's own generators stay but are not run. Prisma's messages name the files as the user
 * knows them. Throws {@link SchemaLoadError} when Prisma rejects the schema.
 */
export async function generateWithOwnGenerator(
  source: SchemaSource,
  workDir: string,
  name: string,
  properties: Readonly<Record<string, string>>,
): Promise<void> {
  const copies = join(workDir, "schema");
  for (const file of source.files) {
    await mkdir(dirname(join(copies, file.name)), { recursive: true });
    await writeFile(join(copies, file.name), withoutConnectionUrls(file.text));
  }
  const lines = Object.entries(properties).map(([key, value]) => `  ${key} = ${prismaString(value)}`);
  await writeFile(join(copies, `${name}.prisma`), `generator ${name} {\n${lines.join("\n")}\n}\n`);
  await runPrismaGenerate(copies, workDir, source.isFolder ? `${basename(source.path)}/` : "", name);
}

/** Datasource properties that name connections, not structure; Prisma 7 moved them to prisma.config.ts. */
const CONNECTION_PROPERTIES = new Set(["url", "directUrl", "shadowDatabaseUrl"]);

/**
 * The schema text with Prisma 6's connection properties (`url = env("DATABASE_URL")`...) blanked
 * out of datasource blocks, lines kept, so a schema not yet moved to Prisma 7 reads the same. Prisma
 * 7 rejects them; they say nothing about tables. Works on lines with comments and strings blanked,
 * so only a property at the start of a line inside a datasource block is touched.
 */
export function withoutConnectionUrls(text: string): string {
  const blanked = blankedLines(text);
  let inDatasource = false;
  return text
    .split("\n")
    .map((line, i) => {
      const words = blanked[i]!.trim().split(/[\s=]+/);
      if (words[0] === "datasource") inDatasource = true;
      else if (inDatasource && words[0] === "}") inDatasource = false;
      else if (inDatasource && CONNECTION_PROPERTIES.has(words[0]!)) return "";
      return line;
    })
    .join("\n");
}

async function runPrismaGenerate(schemaPath: string, cwd: string, shownAs: string, generator: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const cli = join(require.resolve("prisma/package.json"), "..", "build", "index.js");
  const env = {
    ...process.env,
    // `generate` never runs the schema engine, but the CLI wants one to exist (PLATFORM.md).
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/true",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    NO_COLOR: "1",
  };
  try {
    await run(process.execPath, [cli, "generate", "--schema", schemaPath, "--generator", generator], {
      cwd,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new SchemaLoadError(prismaMessage(`${stderr ?? ""}\n${stdout ?? ""}`, schemaPath, shownAs));
  }
}

/** Prisma's validation output, without the CLI's banner lines, the copies named as the originals. */
function prismaMessage(output: string, copiesDir: string, shownAs: string): string {
  const lines = output
    .split("\n")
    .map((line) =>
      line
        .replaceAll(`${copiesDir}/`, shownAs)
        .replaceAll(`${basename(copiesDir)}/`, shownAs)
        .trimEnd(),
    )
    .filter((line) => line.trim() !== "" && !line.startsWith("Prisma schema loaded from"));
  return lines.join("\n") || "prisma generate failed without a message";
}
