/**
 * Per-file test databases: each test file gets its own copy of the migrated template, so files run
 * in parallel without seeing each other's rows, and `resetDatabase` empties it between tests.
 */
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import {
  assertTestDatabase,
  createDatabase,
  dropTestDatabase,
  uniqueTestDatabaseName,
} from "../../src/db/test-database.ts";

export interface TestDatabase {
  /** URL of this file's database. Valid inside tests and hooks. */
  readonly url: string;
  /** Empties every application table (not `_prisma_migrations`). */
  reset(): Promise<void>;
  /** Runs SQL as an observer, outside any implementation (for assertions on raw rows). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
}

const APP_TABLES = [
  "audit_logs",
  "downloads",
  "sessions",
  "tasks",
  "projects",
  "memberships",
  "organizations",
  "users",
];

/** Registers hooks that create this file's database before its tests and drop it after. */
export function useTestDatabase(): TestDatabase {
  const serverUrl = inject("pgServerUrl");
  const name = uniqueTestDatabaseName();
  let url = "";
  let observer: pg.Pool | undefined;

  beforeAll(async () => {
    url = await createDatabase(serverUrl, name, inject("pgTemplate"));
    assertTestDatabase(url);
    observer = new pg.Pool({ connectionString: url, max: 2 });
    // The database is force-dropped in afterAll; an idle client then gets 57P01, which must not crash the run.
    observer.on("error", () => {});
  });
  afterAll(async () => {
    await observer?.end();
    await dropTestDatabase(serverUrl, name);
  });

  return {
    get url() {
      if (!url) throw new Error("the test database exists only inside tests and hooks");
      return url;
    },
    async reset() {
      assertTestDatabase(url);
      await observer!.query(`TRUNCATE ${APP_TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY CASCADE`);
    },
    async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]> {
      return (await observer!.query<R>(sql, params)).rows;
    },
  };
}
