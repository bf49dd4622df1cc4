/**
 * The side-by-side SQL comparison: seed one database, copy it once per implementation, run the
 * scenario list through each implementation on its copy with driver-level capture, and build the
 * report. The CLI (cli.ts) chooses the server and writes the files.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { openRepositories } from "../implementations.ts";
import type { ImplementationName } from "../repositories/index.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import { generateSeed, plannedRows, seedDatabase } from "../seed/index.ts";
import { buildReport } from "./report.ts";
import { type ImplementationRun, type ImplementationUnderTest, runImplementation } from "./run.ts";
import { buildScenarios } from "./scenarios.ts";
import type { ComparisonReport } from "./types.ts";

export type { ImplementationUnderTest } from "./run.ts";
export { buildScenarios, type Scenario } from "./scenarios.ts";
export type * from "./types.ts";
export { renderMarkdown } from "./markdown.ts";

/** The hand-written SQL implementation: the floor round trips are compared with. */
export const BASELINE = "sql";

/** A registered implementation, opened through src/implementations.ts on the comparison's pool. */
export function registeredImplementation(name: ImplementationName): ImplementationUnderTest {
  return { name, open: (pool) => openRepositories(name, { pool }) };
}

export interface ComparisonOptions {
  /** Any database on the server the comparison may create its databases on. */
  serverUrl: string;
  server: "embedded" | "DATABASE_URL";
  implementations: ImplementationUnderTest[];
  /**
   * Implementations that may be missing (the default list): those whose module cannot be loaded
   * are skipped and reported; an explicitly requested one that fails stops the comparison.
   */
  optional?: boolean;
  scale?: number;
  analyze?: boolean;
  /** Only scenarios whose name starts with one of these (`tasks.` or `tasks.listForProject`). */
  only?: string[];
  log?: (line: string) => void;
}

/** Retries what PostgreSQL refuses while a just-closed connection is still being torn down. */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function isMissingModule(error: unknown): boolean {
  return (error as { code?: string })?.code === "ERR_MODULE_NOT_FOUND";
}

/** Runs the whole comparison and returns the report. Every database it creates is dropped again. */
export async function runComparison(options: ComparisonOptions): Promise<ComparisonReport> {
  const log = options.log ?? (() => {});
  const scale = options.scale ?? 1;
  const timings: Record<string, number> = {};
  const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    log(`[compare] ${label} ...`);
    const result = await work();
    const seconds = Math.round(performance.now() - started) / 1000;
    timings[label] = seconds;
    log(`[compare] ${label}: ${seconds.toFixed(1)} s`);
    return result;
  };

  const data = generateSeed(scale);
  let scenarios = buildScenarios(data);
  if (options.only?.length)
    scenarios = scenarios.filter((s) => options.only!.some((prefix) => s.name.startsWith(prefix)));
  if (scenarios.length === 0) throw new Error(`no scenario matches --only ${options.only?.join(",")}`);
  const maxSeedAuditId = data.auditLogs.reduce((m, a) => (BigInt(a.id) > m ? BigInt(a.id) : m), 0n);

  const seeded = uniqueTestDatabaseName("orm_switch_compare_test");
  const created: string[] = [];
  try {
    const seededUrl = await createDatabase(options.serverUrl, seeded);
    created.push(seeded);
    await step(`migrate and seed (scale ${scale})`, async () => {
      await applyMigrationsPlain(seededUrl);
      await seedDatabase(seededUrl, { scale, demo: false });
    });
    const version = await (async () => {
      const client = new pg.Client({ connectionString: seededUrl });
      await client.connect();
      try {
        return (await client.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v;
      } finally {
        await client.end();
      }
    })();

    const runs = new Map<string, ImplementationRun>();
    const skipped: { name: string; reason: string }[] = [];
    for (const [i, impl] of options.implementations.entries()) {
      // Each implementation gets its own copy of the seeded database: identical starting state,
      // and writes run for real (no wrapping transaction that would change the SQL they send).
      const name = `${seeded}_${i}`;
      const url = await retrying(() => createDatabase(options.serverUrl, name, seeded));
      created.push(name);
      try {
        const result = await step(`run ${impl.name} (${scenarios.length} scenarios)`, () =>
          runImplementation(impl, url, scenarios, {
            analyze: options.analyze ?? false,
            maxSeedAuditId,
            warmUp: (repos) => repos.users.findById(data.users[0]!.id),
            log,
          }),
        );
        runs.set(impl.name, result);
      } catch (error) {
        if (!(options.optional && isMissingModule(error))) throw error;
        const reason = `not available: ${(error as Error).message.split("\n")[0]}`;
        skipped.push({ name: impl.name, reason });
        log(`[compare] skipping ${impl.name}: ${reason}`);
      }
    }
    if (runs.size === 0) throw new Error("no implementation could be run");

    const report = buildReport({
      scenarios,
      runs,
      baseline: runs.has(BASELINE) ? BASELINE : null,
      postgresVersion: version,
      server: options.server,
      scale,
      seedRows: plannedRows(scale),
      analyze: options.analyze ?? false,
      skipped,
      timings,
    });
    return report;
  } finally {
    for (const name of created.reverse())
      await retrying(() => dropTestDatabase(options.serverUrl, name)).catch((error: Error) =>
        log(`[compare] could not drop ${name}: ${error.message}`),
      );
  }
}
export { shapeSnapshot } from "./shapes.ts";
