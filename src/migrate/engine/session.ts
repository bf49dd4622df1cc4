/**
 * One schema engine bound to one target database (or to none, for commands that must never touch
 * a target) and a shadow provider. Every migrate command opens one, uses it, closes it.
 */
import type { DiffTarget, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import type { MigrationProject } from "../project.ts";
import { pgMigrationAdapterFactory, type ShadowDatabaseProvider } from "./pg-migration-adapter.ts";
import { startSchemaEngine } from "./schema-engine.ts";

/** No externally managed tables or enums: the project owns the whole `public` schema. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** The engine writes this (and only comments) when two schemas are equal. */
export function isEmptyScript(script: string): boolean {
  return script.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

export interface EngineSession {
  readonly engine: SchemaEngine;
  readonly project: MigrationProject;
  /** The live target database as a diff side. */
  readonly live: DiffTarget;
  /** SQL from `from` to `to`; "" when there is nothing to change. */
  diff(from: DiffTarget, to: DiffTarget): Promise<string>;
  /** Human-readable summary of the changes from `from` to `to` ("" when none). */
  summary(from: DiffTarget, to: DiffTarget): Promise<string>;
  /** An engine error's message, without the Rust backtrace and with JS errors looked up by id. */
  explain(error: unknown): string;
  close(): Promise<void>;
}

/** The first paragraph of an engine error: the engine appends a Rust backtrace ("   0: schema_engine_wasm::..."). */
export function engineErrorText(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split(/\n\s+0: /)[0]!
    .trim();
}

/**
 * Opens an engine on `targetUrl`. With `targetUrl` null (commands such as `db:migrate:new` that
 * must never read or write the user's database) the engine's main connection goes to one more
 * scratch database from the shadow provider: the engine connects on start even for operations that
 * only use the shadow.
 */
export async function openEngineSession(
  project: MigrationProject,
  targetUrl: string | null,
  shadow?: ShadowDatabaseProvider,
): Promise<EngineSession> {
  let scratch: { url: string; release(): Promise<void> } | undefined;
  if (targetUrl === null) {
    if (!shadow) throw new Error("an engine session without a target needs a shadow database provider");
    scratch = await shadow.acquire();
  }
  // Migration scripts run on a real target carry a commit marker (commit-marker.ts).
  const factory = pgMigrationAdapterFactory({
    url: targetUrl ?? scratch!.url,
    shadow,
    markCommits: targetUrl !== null,
  });
  let started: Awaited<ReturnType<typeof startSchemaEngine>>;
  try {
    started = await startSchemaEngine(project.schema, factory);
  } catch (error) {
    await factory.disposeAll();
    await scratch?.release();
    throw error;
  }
  const { engine, explain } = started;
  const run = async (from: DiffTarget, to: DiffTarget, script: boolean) => {
    const result = await engine.diff({ from, to, script, exitCode: null, filters: NO_FILTERS });
    return result.stdout ?? "";
  };
  return {
    engine,
    project,
    live: { tag: "schemaDatasource", files: [project.schema], configDir: project.migrationsDir },
    async diff(from, to) {
      const script = await run(from, to, true);
      return isEmptyScript(script) ? "" : script;
    },
    async summary(from, to) {
      const text = await run(from, to, false);
      return /no difference/i.test(text) || text.trim() === "" ? "" : text.trim();
    },
    explain,
    async close() {
      engine.free();
      await factory.disposeAll();
      await scratch?.release();
    },
  };
}
