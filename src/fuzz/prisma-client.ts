/**
 * Real Prisma Client for any schema.prisma, generated offline into a temporary folder: the
 * specification the facade is compared with on a team's own schema (compat:fuzz), and reusable
 * wherever a fixture schema's client is needed (replay, facade tests on fixture schemas).
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateWithOwnGenerator } from "../schema/dmmf.ts";
import { readSchemaSource } from "../schema/source.ts";
import { projectNodeModules } from "../schema/staged.ts";

/** The generator's name in the temporary schema; `--generator` runs only this one. */
const GENERATOR_NAME = "orm_switch_prisma_client";

/** What a generated client module exports that callers use (the rest is reachable through it). */
export interface GeneratedClientModule {
  /** The generated `PrismaClient` class: `new PrismaClient({ adapter })`. */
  readonly PrismaClient: new (options: { adapter: unknown }) => unknown;
  /** The generated `Prisma` namespace (DbNull, JsonNull, Decimal, error classes...). */
  readonly Prisma: Record<string, unknown>;
  readonly [name: string]: unknown;
}

/** A generated client in a temporary folder. */
export interface GeneratedPrismaClient {
  /** The folder holding the generated client (`client.ts` and its siblings). */
  readonly dir: string;
  /** Imports the generated `client.ts` (TypeScript: the process must run under tsx). */
  load(): Promise<GeneratedClientModule>;
  /** Deletes the temporary folder. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * Generates Prisma Client for `schemaPath` (a schema.prisma or a folder of .prisma files) with
 * Prisma's `prisma-client` generator, offline (`prisma generate` with the schema engine check
 * satisfied, as scripts/prisma-generate.sh does), into a new temporary folder. The schema's own
 * generator blocks are left alone (not run, their outputs not touched): a generator block of ours
 * is added to a copy of the schema. The folder gets a `node_modules` link to this project's, so the
 * client imports the very `@prisma/client` runtime the facade's error classes come from
 * (`instanceof` holds across both). Takes a few seconds (the CLI starts). Throws
 * `SchemaLoadError` (src/schema/dmmf.ts) when Prisma rejects the schema. Call `cleanup()` when done.
 */
export async function generatePrismaClient(schemaPath: string): Promise<GeneratedPrismaClient> {
  const source = await readSchemaSource(schemaPath);
  const workDir = await mkdtemp(join(tmpdir(), "orm-switch-client-"));
  const cleanup = (): Promise<void> => rm(workDir, { recursive: true, force: true });
  try {
    await symlink(projectNodeModules(), join(workDir, "node_modules"), "dir");
    const dir = join(workDir, "client");
    await generateWithOwnGenerator(source, workDir, GENERATOR_NAME, {
      provider: "prisma-client",
      output: dir,
      moduleFormat: "esm",
    });
    const load = async (): Promise<GeneratedClientModule> =>
      (await import(pathToFileURL(join(dir, "client.ts")).href)) as GeneratedClientModule;
    return { dir, load, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
