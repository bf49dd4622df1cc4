/**
 * Differential test: generated Prisma Client arguments run through real Prisma Client (adapter-pg)
 * and through the compat facade (Drizzle) on the same data must give identical results, or
 * identical errors (class name, Prisma code, model, constraint). Writes run inside a transaction
 * that is rolled back, so every case sees the same fixed data set.
 * Run counts are bounded so the file finishes in well under a minute on two cores; set
 * COMPAT_DIFF_RUNS to run more (e.g. locally, before a release), COMPAT_DIFF_SEED to replay the
 * seed a failing run printed.
 */
import { Decimal } from "../../src/compat/prisma-runtime.ts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { type ReadCase, type WriteCase, readCaseArb, writeCaseArb } from "./compat-arbitraries.ts";
import { SEED_IDS, T0, seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

const RUNS = Number(process.env.COMPAT_DIFF_RUNS ?? 0);
/** Replays a failure: fast-check prints the seed of a failing run. */
const SEED = process.env.COMPAT_DIFF_SEED === undefined ? {} : { seed: Number(process.env.COMPAT_DIFF_SEED) };
const READ_RUNS = RUNS || 800;
const WRITE_RUNS = RUNS || 250;
/** Large COMPAT_DIFF_RUNS on shared cores need more than the default two minutes. */
const timeoutFor = (runs: number): number => Math.max(120_000, runs * 250);

type AnyClient = Record<string, Record<string, (args: unknown) => Promise<unknown>>> & {
  $transaction<R>(fn: (tx: AnyClient) => Promise<R>): Promise<R>;
};

type Outcome = { ok: unknown } | { error: Record<string, unknown> };

/** What must match in an error: class name, Prisma code, model and (for constraint errors) the constraint. */
function errorShape(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; code?: string; meta?: { modelName?: string; driverAdapterError?: { cause?: { constraint?: { index?: string } } } }; message?: string };
  return {
    name: e.name,
    code: e.code,
    modelName: e.meta?.modelName,
    constraint: e.meta?.driverAdapterError?.cause?.constraint?.index,
    // Validation errors carry no code; their text differs between the clients, their class does not.
    ...(e.code === undefined && e.name !== "PrismaClientValidationError" ? { message: e.message } : {}),
  };
}

/**
 * Values made comparable: Dates as ISO text (or "<now>" for timestamps the write just set), bigint
 * and Decimal as tagged text, ids and sequence numbers the write generated as "<new>".
 */
function canonical(value: unknown, sortLists: boolean, depth = 0): unknown {
  if (value instanceof Date) return value.getTime() > T0 + 86_400_000 ? "<now>" : value.toISOString();
  if (typeof value === "bigint") return value > 3n ? "<new bigint>" : `${value}n`;
  if (value instanceof Decimal) return `decimal:${value.toString()}`;
  if (typeof value === "string" && /^c[a-z0-9]{20,}$/.test(value) && !SEED_IDS.has(value)) return "<new id>";
  if (Array.isArray(value)) {
    const items = value.map((v) => canonical(v, sortLists, depth + 1));
    if (sortLists && items.every((i) => i !== null && typeof i === "object")) return items.map((i) => JSON.stringify(i)).sort().map((s) => JSON.parse(s) as unknown);
    return items;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v, sortLists, depth + 1)]),
    );
  }
  return value;
}

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await work() };
  } catch (error) {
    return { error: errorShape(error) };
  }
}

class Rollback extends Error {
  constructor(readonly result: Outcome) {
    super("rollback");
  }
}

/** Runs a write in a transaction that always rolls back; returns what the write returned or threw. */
async function rolledBack(client: AnyClient, c: WriteCase): Promise<Outcome> {
  try {
    await client.$transaction(async (tx) => {
      throw new Rollback(await outcome(() => tx[c.model]![c.op]!(c.args)));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    return { error: errorShape(error) };
  }
  throw new Error("unreachable: the transaction did not roll back");
}

function describeCase(c: ReadCase | WriteCase): string {
  return `${c.model}.${c.op}(${JSON.stringify(c.args, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))})`;
}

describe("compat differential: facade vs Prisma Client on identical data", () => {
  const db = useTestDatabase();
  let pair: ClientPair;
  let prisma: AnyClient;
  let facade: AnyClient;

  beforeAll(async () => {
    await seed(db);
    pair = openClientPair(db.url);
    prisma = pair.prisma as unknown as AnyClient;
    facade = pair.facade as unknown as AnyClient;
  });
  afterAll(async () => {
    await pair?.close();
  });

  it(`reads: ${READ_RUNS} generated queries give identical results`, async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(readCaseArb, async (c) => {
        const expected = await outcome(() => prisma[c.model]![c.op]!(c.args));
        const actual = await outcome(() => facade[c.model]![c.op]!(c.args));
        const sort = !c.ordered;
        expect(canonical(actual, sort), describeCase(c)).toEqual(canonical(expected, sort));
        compared++;
      }),
      { numRuns: READ_RUNS, ...SEED },
    );
    expect(compared).toBeGreaterThanOrEqual(READ_RUNS);
  }, timeoutFor(READ_RUNS));

  it(`writes: ${WRITE_RUNS} generated writes give identical results and errors`, async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(writeCaseArb, async (c) => {
        const expected = await rolledBack(prisma, c);
        const actual = await rolledBack(facade, c);
        expect(canonical(actual, false), describeCase(c)).toEqual(canonical(expected, false));
        compared++;
      }),
      { numRuns: WRITE_RUNS, ...SEED },
    );
    expect(compared).toBeGreaterThanOrEqual(WRITE_RUNS);
    // Nothing leaked out of the rolled-back transactions.
    expect(await db.query(`SELECT count(*)::int AS n FROM tasks`)).toEqual([{ n: 6 }]);
  }, timeoutFor(WRITE_RUNS));

  it("raw queries: the same rows, value types and errors", async () => {
    type Raw = (client: AnyClient & Record<string, (...args: unknown[]) => Promise<unknown>>) => Promise<unknown>;
    const cases: [string, Raw][] = [
      ["typed values", (c) => c.$queryRaw!`SELECT id, position, created_at, status, assignee_id FROM tasks WHERE position >= ${1} ORDER BY id`],
      ["int8, numeric, json, arrays", (c) => c.$queryRaw!`SELECT count(*) AS n, avg(position)::numeric(10,2) AS avg, jsonb_build_object('a', 1) AS j, ARRAY['x','y'] AS tags, ARRAY[1::int8] AS big FROM tasks`],
      ["timestamps and dates", (c) => c.$queryRaw!`SELECT ${new Date(T0)}::timestamp(3) AS ts, ${new Date(T0)}::timestamptz AS tz, DATE '2026-01-02' AS d`],
      ["Prisma.sql and Prisma.join", (c) => c.$queryRaw!(Prisma.sql`SELECT email FROM users WHERE id IN (${Prisma.join(["u1", "u3"])}) ORDER BY email`)],
      ["Unsafe with placeholders", (c) => c.$queryRawUnsafe!("SELECT name, '$1' AS literal FROM users WHERE id = $1 OR id = $2 ORDER BY id", "u2", "u5")],
      ["executeRaw count", (c) => c.$executeRaw!`UPDATE tasks SET position = position WHERE project_id = ${"p1"}`],
      ["executeRawUnsafe count", (c) => c.$executeRawUnsafe!("UPDATE users SET name = name WHERE email LIKE $1", "%example.org")],
      ["raw error", (c) => c.$queryRaw!`SELECT * FROM no_such_table`],
    ];
    for (const [name, run] of cases) {
      const expected = await outcome(() => run(prisma as never));
      const actual = await outcome(() => run(facade as never));
      expect(canonical(actual, false), name).toEqual(canonical(expected, false));
    }
  });
});
