/**
 * What every contract test receives: the repositories under test (one implementation), the file's
 * test database for raw assertions, and helpers. Test bodies never ask which implementation runs.
 */
import { expect } from "vitest";
import { type DataErrorCode, isDataError } from "../../src/domain/errors.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import type { TestDatabase } from "../support/database.ts";

export interface ContractContext {
  /** The implementation under test, opened on this file's database. */
  readonly repos: Repositories;
  readonly db: TestDatabase;
}

/** Awaits `work` and asserts it fails with a DataError of the given code (never a raw driver error). */
export async function expectCode(work: Promise<unknown>, code: DataErrorCode): Promise<void> {
  let failure: unknown;
  try {
    await work;
  } catch (error) {
    failure = error;
  }
  expect(failure, `expected ${code}, but the call succeeded`).toBeDefined();
  if (!isDataError(failure)) {
    throw new Error(`expected a DataError ${code}, got ${String((failure as Error)?.name)}: ${String((failure as Error)?.message)}`, { cause: failure });
  }
  expect(failure.code, failure.message).toBe(code);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the rows of a table straight from the database, outside the implementation. */
export async function countRows(db: TestDatabase, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return row!.n;
}
