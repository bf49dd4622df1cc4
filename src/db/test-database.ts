/**
 * Databases the tests and the evaluate job create for themselves. A test never runs against a
 * database whose name does not say it is a test database: that rule is what makes it safe to
 * truncate tables between tests.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseNameOf, quoteIdent, withDatabaseName } from "./urls.ts";

const TEST_NAME = /(^|_)(test|tmp|scratch)(_|$)/i;

/** True when the database name marks it as disposable (`..._test_...`, `test`, `..._tmp`). */
export function isTestDatabaseName(name: string): boolean {
  return TEST_NAME.test(name);
}

/** Throws unless the URL's database name marks it as a test database. */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!isTestDatabaseName(name)) {
    throw new Error(
      `refusing to run tests against database "${name}": its name must contain "test" (e.g. app_test); set DATABASE_URL to a server the tests may create databases on`,
    );
  }
}

/** A fresh database name, unique enough for parallel runs on one server. */
export function uniqueTestDatabaseName(prefix = "orm_switch_test"): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `name` on the server (optionally as a copy of `template`) and returns its URL.
 * `serverUrl` is any database on that server the user may connect to.
 */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  if (!isTestDatabaseName(name)) throw new Error(`refusing to create "${name}": not a test database name`);
  await onServer(serverUrl, (c) =>
    c.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`),
  );
  return withDatabaseName(serverUrl, name);
}

/** Drops a test database this process created, disconnecting anyone still on it. */
export async function dropTestDatabase(serverUrl: string, name: string): Promise<void> {
  if (!isTestDatabaseName(name)) throw new Error(`refusing to drop "${name}": not a test database name`);
  await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
