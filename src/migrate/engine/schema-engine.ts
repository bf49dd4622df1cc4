/**
 * Prisma's schema engine (the code behind `prisma migrate`) compiled to WebAssembly, loaded so Node
 * can run it. The package's own entry imports its `.wasm` as an ES module, which Node rejects; the
 * wasm-bindgen glue (`schema_engine_bg.js`) is loaded instead and the module is instantiated with
 * the glue as its import object (PLATFORM.md, "Prisma 7"). The native engine cannot be downloaded
 * on these machines; this one ships inside the npm package.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as EngineModuleNamespace from "@prisma/schema-engine-wasm";
import type { DiffTarget, MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import type { MigrationOnDisk } from "../migrations-dir.ts";

type EngineModule = typeof EngineModuleNamespace;

/** The part of the WebAssembly API used here (the project compiles without the DOM typings). */
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let loading: Promise<EngineModule> | undefined;

/** Instantiates the Wasm module once per process (about 10 MB; a few hundred ms). */
function loadEngineModule(): Promise<EngineModule> {
  loading ??= (async () => {
    // The package exports the glue but not the .wasm file; the .wasm sits beside the glue.
    // (createRequire rather than import.meta.resolve, which vitest does not provide.)
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const packageDir = dirname(gluePath);
    const glue = (await import(pathToFileURL(gluePath).href)) as EngineModule & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const bytes = await readFile(join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await wasmApi.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loading;
}

/** The engine's notices (warnings, progress) go here; by default nowhere. */
export type EngineLog = (line: string) => void;

/**
 * Starts a schema engine for `schema` (the text of schema.prisma) on `adapterFactory`. Call
 * `free()` on the result when done; the adapter's connections are opened per operation.
 */
export async function startSchemaEngine(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog = () => {},
): Promise<{ engine: SchemaEngine; explain: (error: unknown) => string }> {
  const module = await loadEngineModule();
  // Without binding, the engine calls the adapter's methods detached from their object, and errors
  // thrown in JS would not reach it as structured errors.
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await module.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (message: string) => log(message),
    bound,
  );
  return {
    engine,
    // A JS error that is not a database error (a dropped connection, say) reaches the engine as a
    // registry id, and its message only says "External error id#N": look the original up.
    explain(error) {
      const text = String((error as Error)?.message ?? error)
        .split(/\n\s+0: /)[0]!
        .trim();
      return text.replace(/External error id#(\d+)/g, (whole, id: string) => {
        const original = bound.errorRegistry.consumeError(Number(id))?.error as Error | undefined;
        return original ? `${original.message}` : whole;
      });
    },
  };
}

/** The engine's view of a migrations folder, built from what migrations-dir.ts read. */
export function migrationList(
  baseDir: string,
  migrations: readonly MigrationOnDisk[],
  lockfileContent: string | null,
): MigrationList {
  return {
    baseDir,
    lockfile: { path: "migration_lock.toml", content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories: migrations.map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
    })),
  };
}

/** A diff target for the datamodel in `schema`. */
export function schemaTarget(schema: { path: string; content: string }): DiffTarget {
  return { tag: "schemaDatamodel", files: [{ path: schema.path, content: schema.content }] };
}
