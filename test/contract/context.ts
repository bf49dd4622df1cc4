/**
 * What every contract test receives: the repositories under test (one implementation), the file's
 * test database for raw assertions, and helpers. Test bodies never ask which implementation runs.
 */
import { expect } from "vitest";
import { type DataError, type DataErrorCode, isDataError } from "../../src/domain/errors.ts";
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
    throw new Error(
      `expected a DataError ${code}, got ${String((failure as Error)?.name)}: ${String((failure as Error)?.message)}`,
      { cause: failure },
    );
  }
  expect(failure.code, failure.message).toBe(code);
}

/**
 * Awaits `work` and asserts it fails with NOT_FOUND naming `entity` in `details.entity`: the one
 * convention every implementation follows (the domain entity's name, PascalCase: "User",
 * "Membership"; the key, where known, beside it under the entity's own field names).
 */
export async function expectNotFound(work: Promise<unknown>, entity: string): Promise<void> {
  const failure = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure, `expected NOT_FOUND, but the call succeeded`).toBeDefined();
  expect(isDataError(failure, "NOT_FOUND"), `expected a DataError NOT_FOUND, got ${String(failure)}`).toBe(true);
  expect((failure as DataError).details.entity, (failure as DataError).message).toBe(entity);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the rows of a table straight from the database, outside the implementation. */
export async function countRows(db: TestDatabase, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return row!.n;
}
