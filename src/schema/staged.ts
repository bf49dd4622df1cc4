/**
 * A generated Drizzle schema (schema.ts + compat.ts) placed where it can be imported: a temporary
 * folder with a `node_modules` link to this package's, so `drizzle-orm` resolves whatever folder
 * the team's copy of the files is written to (their project may not have drizzle-orm installed).
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeSchema } from "../compat/model-meta.ts";
import type { CompatSchema, ModelBinding } from "../compat/model-meta.ts";
import { type GeneratedSchema, writeDrizzleSchema } from "./generate.ts";

/** An importable copy of a generated schema. */
export interface StagedDrizzleSchema {
  /** The importable schema.ts (compat.ts is beside it). */
  readonly schemaPath: string;
  /** Imports both modules and describes the schema for the facade. */
  load(): Promise<{ module: Record<string, unknown>; compatSchema: CompatSchema }>;
  /** Deletes the temporary folder. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * The node_modules folder this package resolves `@prisma/client` and drizzle-orm from: generated
 * code in a temporary folder links to it, so it imports the very runtime this package uses.
 */
export function projectNodeModules(): string {
  const require = createRequire(import.meta.url);
  // .../node_modules/@prisma/client/package.json → .../node_modules
  return dirname(dirname(dirname(require.resolve("@prisma/client/package.json"))));
}

/** Writes `generated` into a new temporary folder that can import this package's drizzle-orm. */
export async function stageDrizzleSchema(generated: GeneratedSchema): Promise<StagedDrizzleSchema> {
  const workDir = await mkdtemp(join(tmpdir(), "orm-switch-drizzle-"));
  const cleanup = (): Promise<void> => rm(workDir, { recursive: true, force: true });
  try {
    await symlink(projectNodeModules(), join(workDir, "node_modules"), "dir");
    const paths = await writeDrizzleSchema(generated, join(workDir, "drizzle"));
    const load = async () => {
      const module = (await import(pathToFileURL(paths.schema).href)) as Record<string, unknown>;
      const compat = (await import(pathToFileURL(paths.compat).href)) as { MODELS: Record<string, ModelBinding> };
      return { module, compatSchema: describeSchema(module, compat.MODELS) };
    };
    return { schemaPath: paths.schema, load, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
