/**
 * Differential test: generated Prisma Client arguments run through real Prisma Client (adapter-pg)
 * and through the compat facade (Drizzle) on the same data must give identical results, or
 * identical errors (class name, Prisma code, model, constraint). Writes run inside a transaction
 * that is rolled back, so every case sees the same fixed data set.
 * Run counts are bounded so the file finishes in well under a minute on two cores; set
 * COMPAT_DIFF_RUNS to run more (e.g. locally, before a release), COMPAT_DIFF_SEED to choose the
 * seed (see SEED below).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { type ReadCase, readCaseArb, writeCaseArb } from "./compat-arbitraries.ts";
import { stateQuery } from "../../src/fuzz/compare.ts";
import { type AnyClient, describeCall, expectedStateAfter, rolledBack } from "../../src/fuzz/rollback.ts";
import { FIXTURE_COMPARISON, T0, seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";
import { documentedRefusal } from "../../src/fuzz/refusal.ts";
import type { Outcome } from "../../src/fuzz/compare.ts";

const RUNS = Number(process.env.COMPAT_DIFF_RUNS ?? 0);
/**
 * A fixed seed, so CI runs the same cases every time; COMPAT_DIFF_SEED=<n> replays the seed a
 * failing run printed, COMPAT_DIFF_SEED=random explores new cases (fast-check prints the seed).
 */
const SEED_SETTING = process.env.COMPAT_DIFF_SEED ?? "20261125";
const SEED = SEED_SETTING === "random" ? {} : { seed: Number(SEED_SETTING) };
const READ_RUNS = RUNS || 800;
const WRITE_RUNS = RUNS || 250;
/** Large COMPAT_DIFF_RUNS on shared cores need more than the default two minutes. */
const timeoutFor = (runs: number): number => Math.max(120_000, runs * 1_000);

const { digestState, outcome, typed } = FIXTURE_COMPARISON;

/**
 * A read's outcome as compared: lists of rows without an `orderBy` have no defined order (neither
 * client promises one; Prisma's nested lists follow its join plan), so they compare as sets — the
 * whole result when the query is unordered, the nested relation lists when no nested selection
 * orders them. The top-level order of an ordered query is always compared.
 */
function comparableRead(o: Outcome, c: ReadCase): unknown {
  if (!c.ordered) return typed(o, true);
  const selection = JSON.stringify({ select: c.args.select, include: c.args.include });
  if (selection.includes('"orderBy"') || !("ok" in o)) return typed(o);
  return { ok: Array.isArray(o.ok) ? o.ok.map((row) => typed(row, true)) : typed(o.ok, true) };
}

describe("compat differential: facade vs Prisma Client on identical data", () => {
  const db = useTestDatabase();
  let pair: ClientPair;
  let prisma: AnyClient;
  let facade: AnyClient;
  let stateSql: string;
  let initialState: unknown;

  beforeAll(async () => {
    await seed(db);
    const tables = await db.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE '\\_%' ORDER BY 1`,
    );
    stateSql = stateQuery(tables.map((t) => t.name));
    initialState = digestState(await db.query(stateSql));
    pair = openClientPair(db.url);
    prisma = pair.prisma as unknown as AnyClient;
    facade = pair.facade as unknown as AnyClient;
  });
  afterAll(async () => {
    await pair?.close();
  });

  it(
    `reads: ${READ_RUNS} generated queries give identical results`,
    async () => {
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(readCaseArb, async (c) => {
          const expected = await outcome(() => prisma[c.model]![c.op]!(c.args));
          const actual = await outcome(() => facade[c.model]![c.op]!(c.args));
          expect(comparableRead(actual, c), describeCall(c)).toStrictEqual(comparableRead(expected, c));
          compared++;
        }),
        { numRuns: READ_RUNS, ...SEED },
      );
      expect(compared).toBeGreaterThanOrEqual(READ_RUNS);
    },
    timeoutFor(READ_RUNS),
  );

  it(
    `writes: ${WRITE_RUNS} generated writes give identical results and errors`,
    async () => {
      let compared = 0;
      const refusals = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(writeCaseArb, async (c) => {
          const expected = await rolledBack(FIXTURE_COMPARISON, prisma, c, stateSql);
          const actual = await rolledBack(FIXTURE_COMPARISON, facade, c, stateSql);
          // A documented refusal (docs/compat.md, the inventory's capability table) is loud, not
          // wrong: it is counted, and it must not have written anything.
          const refusal = documentedRefusal(actual.outcome);
          if (refusal !== undefined) {
            refusals.set(refusal, (refusals.get(refusal) ?? 0) + 1);
            expect(actual.state, `database state after the refused ${describeCall(c)}`).toStrictEqual(initialState);
            compared++;
            return;
          }
          // `*AndReturn` has no orderBy: PostgreSQL returns the rows in the order it wrote them, which
          // neither client fixes, so they compare as sets.
          const unordered = c.op.endsWith("AndReturn");
          expect(typed(actual.outcome, unordered), describeCall(c)).toStrictEqual(typed(expected.outcome, unordered));
          expect(actual.state, `database state after ${describeCall(c)}`).toStrictEqual(
            expectedStateAfter(expected.state, actual.state, initialState),
          );
          compared++;
        }),
        { numRuns: WRITE_RUNS, ...SEED },
      );
      expect(compared).toBeGreaterThanOrEqual(WRITE_RUNS);
      // Refusals stay the exception: the generators aim at what the facade translates.
      const refused = [...refusals.values()].reduce((a, b) => a + b, 0);
      if (refused > 0) console.info(`documented refusals among ${compared} writes:`, Object.fromEntries(refusals));
      expect(refused).toBeLessThan(compared / 20);
      // Nothing leaked out of the rolled-back transactions.
      expect(await db.query(`SELECT count(*)::int AS n FROM tasks`)).toEqual([{ n: 6 }]);
    },
    timeoutFor(WRITE_RUNS),
  );

  it("raw queries: the same rows, value types and errors", async () => {
    type Raw = (client: AnyClient & Record<string, (...args: unknown[]) => Promise<unknown>>) => Promise<unknown>;
    const cases: [string, Raw][] = [
      [
        "typed values",
        (c) =>
          c.$queryRaw!`SELECT id, position, created_at, status, assignee_id FROM tasks WHERE position >= ${1} ORDER BY id`,
      ],
      [
        "int8, numeric, json, arrays",
        (c) =>
          c.$queryRaw!`SELECT count(*) AS n, avg(position)::numeric(10,2) AS avg, jsonb_build_object('a', 1) AS j, ARRAY['x','y'] AS tags, ARRAY[1::int8] AS big FROM tasks`,
      ],
      [
        "timestamps and dates",
        (c) =>
          c.$queryRaw!`SELECT ${new Date(T0)}::timestamp(3) AS ts, ${new Date(T0)}::timestamptz AS tz, DATE '2026-01-02' AS d`,
      ],
      [
        "Prisma.sql and Prisma.join",
        (c) =>
          c.$queryRaw!(Prisma.sql`SELECT email FROM users WHERE id IN (${Prisma.join(["u1", "u3"])}) ORDER BY email`),
      ],
      [
        "Unsafe with placeholders",
        (c) =>
          c.$queryRawUnsafe!(
            "SELECT name, '$1' AS literal FROM users WHERE id = $1 OR id = $2 ORDER BY id",
            "u2",
            "u5",
          ),
      ],
      ["executeRaw count", (c) => c.$executeRaw!`UPDATE tasks SET position = position WHERE project_id = ${"p1"}`],
      [
        "executeRawUnsafe count",
        (c) => c.$executeRawUnsafe!("UPDATE users SET name = name WHERE email LIKE $1", "%example.org"),
      ],
      ["raw error", (c) => c.$queryRaw!`SELECT * FROM no_such_table`],
      ["raw error of the generic kind", (c) => c.$queryRaw!`SELECT 1/0 AS x`],
      [
        "time, timetz, money, oid, bytea",
        (c) =>
          c.$queryRaw!`SELECT '12:34:56.789'::time AS t, '12:34:56+02'::timetz AS tz, 12.5::money AS m, 42::oid AS o, '\\xdeadbeef'::bytea AS b, ARRAY['\\x01'::bytea] AS ba, ARRAY['01:02:03'::time] AS ta, ARRAY[1.5::money] AS ma, ARRAY[7::oid] AS oa`,
      ],
      [
        "Date parameters in every date/time context",
        (c) =>
          c.$queryRaw!`SELECT ${new Date(T0 + 123)}::timestamp AS ts, ${new Date(T0)}::timestamptz AS tz, ${new Date(T0)}::date AS d, ${new Date(T0 + 7)}::time AS t, ${new Date(T0)}::timetz AS ttz`,
      ],
      ["column types Prisma cannot read (P2010)", (c) => c.$queryRaw!`SELECT interval '1 day' AS i, 'a'::"char" AS c`],
      ["arrays of types Prisma cannot read (P2010)", (c) => c.$queryRaw!`SELECT ARRAY['01:00+02'::timetz] AS t`],
      ["infinite timestamps", (c) => c.$queryRaw!`SELECT 'infinity'::timestamp AS a, '-infinity'::date AS b`],
      [
        "executeRawUnsafe with several statements",
        (c) =>
          c.$executeRawUnsafe!(
            "UPDATE tasks SET position = position WHERE id = 't1'; UPDATE tasks SET position = position",
          ),
      ],
    ];
    for (const [name, run] of cases) {
      const expected = await outcome(() => run(prisma as never));
      const actual = await outcome(() => run(facade as never));
      expect(typed(actual), name).toStrictEqual(typed(expected));
    }
  });
});
