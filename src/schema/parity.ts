/**
 * schema:parity's proof: one scratch database built the Prisma way (the migration history when
 * given, else Prisma's own SQL for the schema from empty: the schema engine's `diff`), one built
 * from drizzle-kit's SQL for the generated Drizzle schema (its programmatic `generateMigration`
 * from an empty snapshot, what `drizzle-kit generate` writes as a first migration), and their
 * catalogs compared object by object (src/migrate/catalog.ts).
 *
 * Against a migration history a third database is built from Prisma's SQL for the schema. Where the
 * migrations build something the Prisma schema itself does not describe (a function, a trigger, a
 * CHECK constraint, an index left behind by a rename, a column added later and so placed last),
 * the Drizzle schema, generated from the Prisma schema, cannot describe it either: that is the
 * app's own drift, which `prisma migrate diff` shows too, reported apart from the generator's
 * differences. A column whose only difference is its position is drift of no consequence to
 * either ORM (both name every column) and is only counted.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as drizzleKit from "drizzle-kit/api";
import { is } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import pg from "pg";
import { withScratchDatabase } from "../cli/server.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import {
  type Catalog,
  type CatalogDifference,
  catalogCounts,
  catalogDifferences,
  describeDifference,
  readCatalogAt,
} from "../migrate/catalog.ts";
import { pgMigrationAdapterFactory } from "../migrate/engine/pg-migration-adapter.ts";
import { schemaTarget, startSchemaEngine } from "../migrate/engine/schema-engine.ts";
import { isEmptyScript, NO_FILTERS } from "../migrate/engine/session.ts";
import { readMigrationsDir } from "../migrate/migrations-dir.ts";
import { withoutConnectionUrls } from "./dmmf.ts";
import { readSchemaSource } from "./source.ts";

/** drizzle-kit's programmatic API, typed narrowly (its declared snapshot types come from zod inference). */
type Snapshot = { id: string };
const kit = drizzleKit as unknown as {
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string): Snapshot;
  generateMigration(previous: Snapshot, current: Snapshot): Promise<string[]>;
};

/** What was compared and what differs. */
export interface SchemaParityResult {
  /** The Drizzle schema builds what the Prisma side builds, apart from the app's own drift. */
  readonly identical: boolean;
  /** Objects compared per kind, from the Prisma side (a guard against two empty catalogs). */
  readonly counts: Record<string, number>;
  /** Every difference of the Drizzle schema's own, `kind name: prisma -> drizzle`. */
  readonly differences: readonly string[];
  /**
   * With a migration history: where the migrations build what the Prisma schema does not describe
   * (and the Drizzle schema follows the Prisma schema), `kind name: migrations -> drizzle`.
   */
  readonly drift: readonly string[];
  /** Columns (`table.column`) of that drift whose only difference is their position. */
  readonly columnOrderDrift: readonly string[];
}

export interface SchemaParityOptions {
  /** schema.prisma. */
  readonly schemaPath: string;
  /** A prisma/migrations folder: when given, the Prisma side is its history instead of the schema's SQL. */
  readonly migrationsDir?: string;
  /** The generated schema.ts (or any Drizzle schema module). */
  readonly drizzlePath: string;
  /** A database on the server to create the scratch databases on. */
  readonly serverUrl: string;
}

/** Prisma's SQL for `schema` from an empty database (what `prisma migrate diff --from-empty` prints). */
export async function prismaSqlFromEmpty(schemaPath: string, scratchUrl: string): Promise<string> {
  // A folder of .prisma files is one schema: its files joined read the same.
  const source = await readSchemaSource(schemaPath);
  const content = source.files.map((f) => withoutConnectionUrls(f.text)).join("\n");
  const factory = pgMigrationAdapterFactory({ url: scratchUrl });
  try {
    const { engine, explain } = await startSchemaEngine({ path: schemaPath, content }, factory);
    try {
      const result = await engine.diff({
        from: { tag: "empty" },
        to: schemaTarget({ path: schemaPath, content }),
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      });
      const script = result.stdout ?? "";
      return isEmptyScript(script) ? "" : script;
    } catch (error) {
      throw new Error(`Prisma's schema engine: ${explain(error)}`, { cause: error });
    } finally {
      engine.free();
    }
  } finally {
    await factory.disposeAll();
  }
}

async function importSchemaModule(drizzlePath: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(resolve(drizzlePath)).href)) as Record<string, unknown>;
}

/** drizzle-kit's SQL statements for the Drizzle schema module at `drizzlePath`, from empty. */
export async function drizzleSqlFromEmpty(drizzlePath: string): Promise<string[]> {
  const module = await importSchemaModule(drizzlePath);
  const empty = kit.generateDrizzleJson({});
  return kit.generateMigration(empty, kit.generateDrizzleJson(module, empty.id));
}

/** Column types that exist only once an extension is installed, and that extension. */
const EXTENSION_TYPES: Readonly<Record<string, string>> = { citext: "citext" };

/**
 * The extensions the schema's column types need. Neither Prisma's SQL (without the
 * postgresqlExtensions preview) nor drizzle-kit's creates them: a team's database has them
 * already, so both scratch databases get them first, alike.
 */
export async function neededExtensions(drizzlePath: string): Promise<string[]> {
  const module = await importSchemaModule(drizzlePath);
  const needed = new Set<string>();
  for (const value of Object.values(module)) {
    if (!is(value, PgTable)) continue;
    for (const column of getTableConfig(value).columns) {
      const extension = EXTENSION_TYPES[column.getSQLType().toLowerCase().replace(/\[\]$/, "")];
      if (extension) needed.add(extension);
    }
  }
  return [...needed].sort();
}

async function execute(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A scratch database with the extensions the schema's column types need, dropped afterwards. */
function withScratch<T>(
  serverUrl: string,
  extensions: readonly string[],
  work: (url: string) => Promise<T>,
): Promise<T> {
  const prepare = (url: string): Promise<void> =>
    execute(
      url,
      extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}"`),
    );
  return withScratchDatabase(serverUrl, { prefix: "orm_switch_schema_parity_test", prepare }, work);
}

/** The catalog of a database built the Prisma way. */
async function prismaCatalog(
  options: Pick<SchemaParityOptions, "schemaPath" | "migrationsDir" | "serverUrl">,
  extensions: readonly string[] = [],
): Promise<Catalog> {
  return withScratch(options.serverUrl, extensions, async (url) => {
    if (options.migrationsDir) await applyMigrationsPlain(url, await readMigrationsDir(resolve(options.migrationsDir)));
    else await execute(url, [await prismaSqlFromEmpty(resolve(options.schemaPath), url)]);
    return readCatalogAt(url, "all");
  });
}

/** The catalog of a database built from drizzle-kit's SQL for the schema module at `drizzlePath`. */
export async function drizzleCatalog(
  drizzlePath: string,
  serverUrl: string,
  extensions: readonly string[] = [],
): Promise<Catalog> {
  const statements = await drizzleSqlFromEmpty(drizzlePath);
  return withScratch(serverUrl, extensions, async (url) => {
    await execute(url, statements);
    return readCatalogAt(url, "all");
  });
}

const withoutPosition = (description: string | undefined): string | undefined =>
  description?.replace(/^position \d+ \| /, "");

/** Drift whose only difference is a column's position. */
function isColumnOrderOnly(d: CatalogDifference): boolean {
  return (
    d.kind === "column" &&
    d.expected !== undefined &&
    d.actual !== undefined &&
    withoutPosition(d.expected) === withoutPosition(d.actual)
  );
}

/**
 * Splits the migrations-vs-Drizzle differences: where the database built from the Prisma schema's
 * own SQL (`schemaBuilt`) agrees with Drizzle's, the migrations drifted from the schema; elsewhere
 * the Drizzle schema is at fault. Without a history every difference is the Drizzle schema's.
 */
export function classifyParity(
  expected: Catalog,
  actual: Catalog,
  schemaBuilt: Catalog | undefined,
): Pick<SchemaParityResult, "identical" | "differences" | "drift" | "columnOrderDrift"> {
  const all = catalogDifferences(expected, actual);
  const isDrift = (d: CatalogDifference) => schemaBuilt !== undefined && schemaBuilt[d.kind]?.get(d.key) === d.actual;
  const own = all.filter((d) => !isDrift(d));
  const drift = all.filter(isDrift);
  return {
    identical: own.length === 0,
    differences: own.map(describeDifference),
    drift: drift.filter((d) => !isColumnOrderOnly(d)).map(describeDifference),
    columnOrderDrift: drift.filter(isColumnOrderOnly).map((d) => d.key),
  };
}

/** Builds the databases, compares them, drops them. */
export async function checkGeneratedSchemaParity(options: SchemaParityOptions): Promise<SchemaParityResult> {
  const extensions = await neededExtensions(options.drizzlePath);
  const expected = await prismaCatalog(options, extensions);
  const actual = await drizzleCatalog(options.drizzlePath, options.serverUrl, extensions);
  const counts = catalogCounts(expected);
  if ((counts.table ?? 0) === 0) throw new Error("the Prisma-built database has no tables: nothing to compare");
  const schemaBuilt = options.migrationsDir
    ? await prismaCatalog({ schemaPath: options.schemaPath, serverUrl: options.serverUrl }, extensions)
    : undefined;
  return { counts, ...classifyParity(expected, actual, schemaBuilt) };
}
