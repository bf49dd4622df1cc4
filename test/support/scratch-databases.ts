/**
 * Empty databases on the test server for tests that need a database as it is BEFORE migrations
 * (the migration workflow's tests), dropped after the file; and a one-shot query for assertions.
 */
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";

/** Registers cleanup and returns a function that creates an empty test database and gives its URL. */
export function useEmptyDatabases(): () => Promise<string> {
  const serverUrl = inject("pgServerUrl");
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await dropTestDatabase(serverUrl, name);
  });
  return async () => {
    const name = uniqueTestDatabaseName();
    created.push(name);
    return createDatabase(serverUrl, name);
  };
}

/** Runs one statement on its own connection and returns the rows. */
export async function queryOnce<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}
