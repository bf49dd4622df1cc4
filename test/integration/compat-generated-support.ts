/**
 * Comparing real Prisma Client with the facade on a generated schema (test/support/fixture-client.ts):
 * reads compare results with their types kept; writes run in a transaction that always rolls back,
 * and compare what they returned or threw (class, code, whole `meta`) and every table's contents
 * read inside that transaction. Built on src/fuzz/compare.ts, the differential's comparator.
 */
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { FixturePair, LooseClient } from "../support/fixture-client.ts";
import { delegate, openFixturePair } from "../support/fixture-client.ts";
import { type Outcome, stateQuery } from "../../src/fuzz/compare.ts";
import { isObjectEnumValue } from "../../src/prisma-runtime/index.ts";
import { FIXTURE_COMPARISON } from "./compat-fixtures.ts";

const { digestState, errorShape, outcome, typed } = FIXTURE_COMPARISON;

/** One call: `prisma[model][op](args)`. `ordered: false` compares lists of rows as sets. */
export interface Case {
  readonly model: string;
  readonly op: string;
  readonly args?: unknown;
  readonly ordered?: boolean;
}

interface WriteOutcome {
  outcome: Outcome;
  state: unknown;
}

class Rollback extends Error {
  constructor(readonly result: WriteOutcome) {
    super("rollback");
  }
}

export function describeCase(c: Case): string {
  return `${c.model}.${c.op}(${JSON.stringify(c.args, (_k, v: unknown) => readable(v))})`;
}

/** A value as a test name shows it: bigints with `n`, bytes in hex, `Prisma.DbNull` by name. */
function readable(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString("hex")}`;
  if (isObjectEnumValue(value)) return String(value);
  return value;
}

/** The SQL reading every table of the fixture database (join tables included). */
export async function fixtureStateQuery(pair: FixturePair): Promise<string> {
  const tables = await pair.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  return stateQuery(tables.map((t) => t.name));
}

/** Runs `c` through both clients and requires the same result (or the same error). */
export async function expectSameRead(pair: FixturePair, c: Case): Promise<unknown> {
  const expected = await outcome(() => delegate(pair.prisma, c.model)[c.op]!(c.args));
  const actual = await outcome(() => delegate(pair.facade, c.model)[c.op]!(c.args));
  const sort = c.ordered === false;
  expect(typed(actual, sort), describeCase(c)).toStrictEqual(typed(expected, sort));
  return expected;
}

async function readState(tx: LooseClient, query: string): Promise<unknown> {
  const read = await outcome(() => (tx.$queryRawUnsafe as (q: string) => Promise<unknown>)(query));
  return "ok" in read ? digestState(read.ok) : { unreadable: true };
}

async function rolledBack(client: LooseClient, c: Case, stateSql: string): Promise<WriteOutcome> {
  try {
    await client.$transaction(async (tx) => {
      const result = await outcome(() => delegate(tx, c.model)[c.op]!(c.args));
      throw new Rollback({ outcome: result, state: await readState(tx, stateSql) });
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    return { outcome: { error: errorShape(error) }, state: "<transaction failed>" };
  }
  throw new Error("unreachable: the transaction did not roll back");
}

/**
 * Runs the write `c` through both clients, each in a transaction that rolls back, and requires the
 * same outcome and the same table contents afterwards. A database error aborts Prisma's
 * transaction (its state is unreadable); the facade's must then hold the state before the write.
 */
export async function expectSameWrite(pair: FixturePair, c: Case, stateSql: string): Promise<Outcome> {
  const expected = await rolledBack(pair.prisma, c, stateSql);
  const actual = await rolledBack(pair.facade, c, stateSql);
  expect(typed(actual.outcome, c.ordered === false), describeCase(c)).toStrictEqual(
    typed(expected.outcome, c.ordered === false),
  );
  const unreadable = (s: unknown): boolean => (s as { unreadable?: boolean }).unreadable === true;
  const before = digestState(await pair.query(stateSql));
  const expectedState = unreadable(expected.state) && !unreadable(actual.state) ? before : expected.state;
  expect(actual.state, `database state after ${describeCase(c)}`).toStrictEqual(expectedState);
  return expected.outcome;
}

/** What {@link compareCases} runs on one fixture schema. */
export interface FixtureCases {
  /** A file of test/fixtures/schemas/ without `.prisma`. */
  readonly fixture: string;
  /** Writes the data every case sees (before the state query is built). */
  readonly seed: (pair: FixturePair) => Promise<void>;
  readonly reads?: readonly Case[];
  readonly writes?: readonly Case[];
  /**
   * Every read is one Prisma answers: a shared error fails the case too (it would prove little
   * where the cases are meant to exercise results).
   */
  readonly readsAnswered?: boolean;
}

/**
 * Registers, in the calling `describe`, the comparison of real Prisma Client with the facade on a
 * fixture: the pair opened and seeded once before the tests (closed after), one test per read
 * (`reads: …`, {@link expectSameRead}) and then one per write (`writes: …`, {@link expectSameWrite}).
 * Returns the pair, for the block's own tests (valid inside tests and hooks).
 */
export function compareCases(cases: FixtureCases): () => FixturePair {
  let pair: FixturePair | undefined;
  let stateSql = "";
  const opened = (): FixturePair => {
    if (!pair) throw new Error(`the ${cases.fixture} fixture did not open`);
    return pair;
  };

  beforeAll(async () => {
    pair = await openFixturePair(inject("pgServerUrl"), cases.fixture);
    await cases.seed(pair);
    stateSql = await fixtureStateQuery(pair);
  }, 180_000);
  afterAll(async () => {
    await pair?.close();
  });

  for (const c of cases.reads ?? []) {
    it(`reads: ${describeCase(c)}`, async () => {
      const expected = await expectSameRead(opened(), c);
      if (cases.readsAnswered) expect(Object.keys(expected as object)).toEqual(["ok"]);
    });
  }
  for (const c of cases.writes ?? []) {
    it(`writes: ${describeCase(c)}`, async () => {
      await expectSameWrite(opened(), c, stateSql);
    });
  }
  return opened;
}
