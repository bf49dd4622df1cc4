/**
 * `evaluate --project <dir>`: where the team's app keeps what the evaluation reads. Each input is
 * the explicit option when given, else what Prisma itself would use in <dir>: the schema and
 * migrations named by prisma.config.ts (Prisma 7), else package.json's `prisma.schema`, else
 * prisma/schema.prisma (or a prisma/schema/ folder of .prisma files); the migrations beside the
 * schema (prisma/migrations); the source in src/ (else <dir> itself).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { type PrismaConfigPaths, configPathOrThrow, findPrismaConfig, readPrismaConfig } from "./prisma-config.ts";

/** What `--project` and its overrides name. */
export interface ProjectOptions {
  dir: string;
  schema?: string;
  migrations?: string;
  src?: string;
  workload?: string;
}

/** The team's app as the evaluation reads it: absolute paths, each with where it came from. */
export interface ProjectInputs {
  dir: string;
  schema: string;
  /** Null when the app has no migration history (parity then uses Prisma's SQL for the schema). */
  migrations: string | null;
  src: string;
  /** Null when no workload was given (the replay step is skipped). */
  workload: string | null;
  /** For the report: `schema: package.json prisma.schema`, `src: --src`, ... */
  origins: Record<"schema" | "migrations" | "src" | "workload", string>;
}

function mustExist(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what} ${path}: no such file or folder`);
  return path;
}

/** package.json's `prisma.schema`, resolved against <dir>, when set. */
function packageJsonSchema(dir: string): string | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const schema = (parsed as { prisma?: { schema?: unknown } } | null)?.prisma?.schema;
  return typeof schema === "string" ? resolve(dir, schema) : undefined;
}

function findSchema(
  dir: string,
  given: string | undefined,
  config: PrismaConfigPaths | undefined,
): { path: string; origin: string } {
  if (given) return { path: mustExist(resolve(given), "--schema"), origin: "--schema" };
  const fromConfig = config && configPathOrThrow(config, "schema");
  if (config && fromConfig) {
    const from = `${basename(config.file)} schema`;
    return { path: mustExist(fromConfig, from), origin: from };
  }
  const fromPackage = packageJsonSchema(dir);
  if (fromPackage)
    return { path: mustExist(fromPackage, "package.json prisma.schema"), origin: "package.json prisma.schema" };
  for (const candidate of ["prisma/schema.prisma", "prisma/schema", "schema.prisma"]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return { path, origin: `found at ${candidate}` };
  }
  throw new Error(
    `no schema.prisma in ${dir}: looked at package.json's prisma.schema, prisma/schema.prisma, prisma/schema/, schema.prisma (give --schema)`,
  );
}

function findMigrations(
  schema: string,
  given: string | undefined,
  config: PrismaConfigPaths | undefined,
): { path: string | null; origin: string } {
  if (given) return { path: mustExist(resolve(given), "--migrations"), origin: "--migrations" };
  const fromConfig = config && configPathOrThrow(config, "migrations");
  if (config && fromConfig) {
    const from = `${basename(config.file)} migrations.path`;
    return { path: mustExist(fromConfig, from), origin: from };
  }
  // A schema folder (prisma/schema/) may hold its migrations or sit beside them (prisma/migrations).
  const candidates = statSync(schema).isDirectory()
    ? [join(schema, "migrations"), join(dirname(schema), "migrations")]
    : [join(dirname(schema), "migrations")];
  const found = candidates.find((c) => existsSync(c));
  return found
    ? { path: found, origin: "found beside the schema" }
    : { path: null, origin: "none: parity builds Prisma's side from the schema" };
}

/** Resolves the app's inputs; throws one readable line when something named is missing. */
export function resolveProject(options: ProjectOptions): ProjectInputs {
  const dir = resolve(options.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--project ${options.dir}: not a folder`);
  // The config is read only when it can matter: an explicit option wins over it.
  const configFile = options.schema && options.migrations ? undefined : findPrismaConfig(dir);
  const config = configFile ? readPrismaConfig(configFile) : undefined;
  const schema = findSchema(dir, options.schema, config);
  const migrations = findMigrations(schema.path, options.migrations, config);
  const src = options.src
    ? { path: mustExist(resolve(options.src), "--src"), origin: "--src" }
    : existsSync(join(dir, "src"))
      ? { path: join(dir, "src"), origin: "found at src/" }
      : { path: dir, origin: "the project folder (no src/)" };
  const workload = options.workload
    ? { path: mustExist(resolve(options.workload), "--workload"), origin: "--workload" }
    : { path: null, origin: "none given: no replay" };
  return {
    dir,
    schema: schema.path,
    migrations: migrations.path,
    src: src.path,
    workload: workload.path,
    origins: { schema: schema.origin, migrations: migrations.origin, src: src.origin, workload: workload.origin },
  };
}

/** A path as the report shows it: relative to the working directory when inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
