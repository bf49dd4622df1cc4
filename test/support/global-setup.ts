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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
