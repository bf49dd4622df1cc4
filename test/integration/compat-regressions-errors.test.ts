/**
 * Regression tests for issue #11 "Errors and values that differ": each case runs through real
 * Prisma Client 7.10 and through the facade on the same data, and must give the same error (class,
 * code, whole `meta`) or the same typed result; writes run in transactions that roll back. Where
 * the facade deliberately differs (docs/compat.md), the test pins both sides.
 */
import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database.ts";
import { type Outcome, stateQuery } from "../../src/fuzz/compare.ts";
import { FIXTURE_COMPARISON, seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

const { digestState, errorShape, outcome, typed } = FIXTURE_COMPARISON;

/** Either client, loosely typed: the cases include arguments Prisma's types reject on purpose. */
type Fn = (...args: unknown[]) => Promise<unknown>;
type Delegate = Record<"update" | "delete" | "findMany" | "findFirst" | "count" | "groupBy", Fn>;
type Client = Record<"task" | "user" | "project", Delegate> &
  Record<"$transaction" | "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe", Fn>;
type Run = (client: Client) => Promise<unknown>;

class Rollback extends Error {
  constructor(readonly result: Outcome) {
    super("rollback");
  }
}

/** Runs `run` in an interactive transaction that always rolls back. */
async function rolledBack(client: Client, run: Run): Promise<Outcome> {
  try {
    await client.$transaction(async (tx: Client) => {
      throw new Rollback(await outcome(() => run(tx)));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.result;
    return { error: errorShape(error) };
  }
  throw new Error("unreachable: the transaction did not roll back");
}

describe("compat regressions (issue #11): errors and values as Prisma gives them", () => {
  const db = useTestDatabase();
  let pair: ClientPair;

  beforeAll(async () => {
    await seed(db);
    pair = openClientPair(db.url);
  });
  afterAll(async () => {
    await pair?.close();
  });

  const clients = (): { prisma: Client; facade: Client } => ({
    prisma: pair.prisma as unknown as Client,
    facade: pair.facade as unknown as Client,
  });

  /** Runs `run` on both clients (in rolled-back transactions unless `direct`), requires the same outcome, returns Prisma's. */
  async function same(run: Run, direct = false): Promise<Outcome> {
    const exec = (client: Client): Promise<Outcome> => (direct ? outcome(() => run(client)) : rolledBack(client, run));
    const expected = await exec(pair.prisma as unknown as Client);
    const actual = await exec(pair.facade as unknown as Client);
    expect(typed(actual)).toStrictEqual(typed(expected));
    return expected;
  }

  const codeOf = (o: Outcome): unknown => ("error" in o ? o.error.code : "no error");
  const classOf = (o: Outcome): unknown => ("error" in o ? o.error.class : "no error");

  describe("codes", () => {
    it("a numeric value out of range is P2020", async () => {
      expect(codeOf(await same((c) => c.task.update({ where: { id: "t1" }, data: { position: 3_000_000_000 } })))).toBe(
        "P2020",
      );
    });
    it("a NUL byte in a string is P2039", async () => {
      expect(codeOf(await same((c) => c.user.update({ where: { id: "u1" }, data: { name: "a\u0000b" } })))).toBe(
        "P2039",
      );
    });
    it("a NUL byte in Json is P2039", async () => {
      expect(
        codeOf(await same((c) => c.project.update({ where: { id: "p1" }, data: { metadata: { a: "x\u0000" } } }))),
      ).toBe("P2039");
    });
    it("division by zero is P2039", async () => {
      expect(codeOf(await same((c) => c.task.update({ where: { id: "t1" }, data: { position: { divide: 0 } } })))).toBe(
        "P2039",
      );
    });
    it("a negative year is P2039 with the same parameter text in the message", async () => {
      expect(
        codeOf(
          await same((c) =>
            c.user.update({ where: { id: "u1" }, data: { createdAt: new Date("-000100-01-01T00:00:00Z") } }),
          ),
        ),
      ).toBe("P2039");
    });
    it("a query in an aborted transaction is P2039 (25P02)", async () => {
      const run: Run = (tx) =>
        tx
          .$executeRawUnsafe("SELECT 1/0")
          .catch(() => undefined)
          .then(() => tx.task.count());
      const result = await same(run);
      expect(codeOf(result)).toBe("P2039");
    });
    it("an invalid enum value is a validation error, in data and in filters", async () => {
      expect(classOf(await same((c) => c.task.update({ where: { id: "t1" }, data: { status: "NOPE" } })))).toBe(
        "PrismaClientValidationError",
      );
      expect(classOf(await same((c) => c.task.findMany({ where: { status: "NOPE" } }), true))).toBe(
        "PrismaClientValidationError",
      );
      expect(classOf(await same((c) => c.task.findMany({ where: { status: { in: ["TODO", "todo"] } } }), true))).toBe(
        "PrismaClientValidationError",
      );
    });
    it("findFirst with take other than ±1 is P2019; ±1 still reads", async () => {
      for (const take of [2, 0, -3]) expect(codeOf(await same((c) => c.task.findFirst({ take }), true))).toBe("P2019");
      for (const take of [1, -1])
        expect(codeOf(await same((c) => c.task.findFirst({ take, orderBy: { id: "asc" } }), true))).toBe("no error");
    });
    it("groupBy argument errors are P2019", async () => {
      const cases: Run[] = [
        (c) => c.task.groupBy({ by: [], _count: true }),
        (c) => c.task.groupBy({ by: ["status"], take: 1 }),
        (c) => c.task.groupBy({ by: ["status"], skip: 1 }),
        (c) => c.task.groupBy({ by: ["status"], orderBy: { title: "asc" } }),
        (c) => c.task.groupBy({ by: ["status"], having: { title: "x" } }),
      ];
      for (const run of cases) expect(codeOf(await same(run, true))).toBe("P2019");
    });
    it("an unknown isolationLevel is P2023 with providedIsolationLevel", async () => {
      const result = await same(
        (c) => c.$transaction(() => Promise.resolve(1), { isolationLevel: "serializable" }),
        true,
      );
      expect(codeOf(result)).toBe("P2023");
    });
    it("an `in` list beyond the bind parameter limit runs (one array parameter)", async () => {
      const ids = Array.from({ length: 70_000 }, (_, i) => `t${i}`);
      // Prisma splits an unordered findMany into several queries: same rows.
      await same((c) => c.task.findMany({ where: { id: { in: ids } }, select: { id: true } }), true);
      // Deliberate divergence (docs/compat.md): Prisma fails with P2029 where it cannot split.
      const prisma = await outcome(() => clients().prisma.task.count({ where: { id: { in: ids } } }));
      expect(codeOf(prisma)).toBe("P2029");
      expect(await clients().facade.task.count({ where: { id: { in: ids } } })).toBe(6);
      expect(await clients().facade.task.count({ where: { id: { notIn: ids } } })).toBe(0);
    });
  });

  describe("meta as a whole", () => {
    it("P2017 has relation, parent and child", async () => {
      const result = await same((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { delete: { id: "t4" } } } }),
      );
      expect("error" in result && result.error.meta).toEqual({
        modelName: "Project",
        relation: "ProjectToTask",
        parent: "Project",
        child: "Task",
      });
    });
    it("P2018 has expectedRows, relation and relationType", async () => {
      const result = await same((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { connect: [{ id: "t6" }, { id: "tzz" }] } } }),
      );
      expect("error" in result && result.error.meta).toEqual({
        modelName: "Project",
        expectedRows: 2,
        relation: "ProjectToTask",
        relationType: "one-to-many",
      });
    });
    it("nested P2025 has neededFor, null when nothing needed the row", async () => {
      const update = await same((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { tasks: { update: { where: { id: "t4" }, data: { title: "x" } } } },
        }),
      );
      expect("error" in update && (update.error.meta as Record<string, unknown>).neededFor).toBeNull();
      const connect = await same((c) =>
        c.task.update({ where: { id: "t1" }, data: { assignee: { connect: { id: "uzz" } } } }),
      );
      expect("error" in connect && (connect.error.meta as Record<string, unknown>).neededFor).toBe(
        "inline the relation on 'Task' record(s)",
      );
    });
    it("P2002 and P2003 carry a real DriverAdapterError", async () => {
      await same((c) => c.user.update({ where: { id: "u1" }, data: { email: "bob_b@example.com" } }));
      await same((c) => c.task.update({ where: { id: "t1" }, data: { assigneeId: "uzz" } }));
      await same((c) => c.user.delete({ where: { id: "u1" } }));
      const error = (await clients()
        .facade.user.update({ where: { id: "u1" }, data: { email: "bob_b@example.com" } })
        .catch((e: unknown) => e)) as { meta: { driverAdapterError: DriverAdapterError } };
      expect(error.meta.driverAdapterError).toBeInstanceOf(DriverAdapterError);
      expect(error.meta.driverAdapterError.cause).toEqual({
        originalCode: "23505",
        originalMessage: expect.any(String) as unknown,
        kind: "UniqueConstraintViolation",
        constraint: { index: "users_email_key" },
        table: "users",
      });
    });
    it("P2028 after the timeout has modelName, operation, timeout and timeTaken", async () => {
      const run = (client: Client): Promise<Outcome> =>
        outcome(() =>
          client.$transaction(
            async (tx: Client) => {
              await new Promise((resolve) => setTimeout(resolve, 300));
              return tx.task.count();
            },
            { timeout: 100 },
          ),
        );
      const expected = await run(clients().prisma);
      const actual = await run(clients().facade);
      // timeTaken is a measured duration: the same key, a number past the timeout, on both sides.
      const masked = (o: Outcome): unknown =>
        "error" in o
          ? {
              ...o.error,
              meta: {
                ...(o.error.meta as object),
                timeTaken: typeof (o.error.meta as { timeTaken?: unknown }).timeTaken,
              },
            }
          : o;
      expect(masked(actual)).toStrictEqual(masked(expected));
      expect("error" in actual && (actual.error.meta as { timeTaken: number }).timeTaken).toBeGreaterThanOrEqual(100);
    });
    it("P2010 carries the cause fields of the error's kind", async () => {
      expect(codeOf(await same((c) => c.$queryRaw`SELECT * FROM no_such_table`, true))).toBe("P2010");
      expect(codeOf(await same((c) => c.$queryRaw`SELECT 1/0`, true))).toBe("P2010");
      expect(codeOf(await same((c) => c.$executeRaw`UPDATE users SET email = 'ada@example.com' WHERE id = 'u2'`))).toBe(
        "P2010",
      );
    });
    it("an update of a missing row names its first nested write, as Prisma does", async () => {
      const nested: Record<string, unknown>[] = [
        { create: { title: "c", position: 0 } },
        {
          create: [
            { title: "c", position: 0 },
            { title: "d", position: 1 },
          ],
        },
        {
          create: [
            { title: "c", position: 0, assignee: { connect: { id: "u1" } } },
            { title: "d", position: 1 },
          ],
        },
        {
          deleteMany: {},
          upsert: { where: { id: "t1" }, create: { title: "c", position: 0 }, update: { title: "u" } },
        },
        { createMany: { data: [{ title: "c", position: 0 }] } },
        { connect: { id: "t1" } },
        { connectOrCreate: { where: { id: "t1" }, create: { title: "c", position: 0 } } },
        { set: [{ id: "t1" }] },
        { disconnect: { id: "t1" } },
        { delete: { id: "t1" } },
        { deleteMany: {} },
        { update: { where: { id: "t1" }, data: { title: "x" } } },
        { updateMany: { where: {}, data: { title: "x" } } },
        { upsert: { where: { id: "t1" }, create: { title: "c", position: 0 }, update: { title: "u" } } },
      ];
      for (const tasks of [...nested, { set: [] }])
        await same((c) => c.project.update({ where: { id: "pzz" }, data: { tasks } }));
      // Through an optional relation: an empty `set` and a `disconnect` need nothing of the parent.
      for (const assignedTasks of [{ set: [] }, { set: [{ id: "t1" }] }, { disconnect: { id: "t1" } }]) {
        await same((c) => c.user.update({ where: { id: "uzz" }, data: { assignedTasks } }));
      }
      await same((c) => c.task.update({ where: { id: "tzz" }, data: { assignee: { update: { name: "x" } } } }));
      await same((c) => c.task.update({ where: { id: "tzz" }, data: { assignee: { connect: { id: "u1" } } } }));
    });
  });

  describe("state", () => {
    it("a failed nested delete leaves no partial deletes in the caller's transaction", async () => {
      const tables = ["tasks"];
      const run = async (client: Client): Promise<unknown> => {
        let state: unknown;
        await client
          .$transaction(async (tx: Client) => {
            await tx.project
              .update({ where: { id: "p1" }, data: { tasks: { delete: [{ id: "t2" }, { id: "t5" }] } } })
              .catch(() => undefined);
            state = digestState(await tx.$queryRawUnsafe(stateQuery(tables)));
            throw new Error("rollback");
          })
          .catch(() => undefined);
        return state;
      };
      const expected = await run(clients().prisma);
      expect(await run(clients().facade)).toStrictEqual(expected);
      expect(JSON.stringify(expected)).toContain('\\"id\\":\\"t2\\"');
    });
  });

  describe("raw queries", () => {
    it("time, timetz, money, oid and bytea come back typed as Prisma types them", async () => {
      const result = await same(
        (c) =>
          c.$queryRaw`SELECT '12:34:56.789'::time AS t, '12:34:56+02'::timetz AS tz, 12.5::money AS m, 42::oid AS o, '\\xdeadbeef'::bytea AS b, ARRAY['\\x01'::bytea] AS ba, ARRAY['01:02:03'::time] AS ta, ARRAY[1.5::money] AS ma, ARRAY[7::oid] AS oa`,
        true,
      );
      const [row] = ("ok" in result ? result.ok : []) as Record<string, unknown>[];
      expect(row?.b).toBeInstanceOf(Uint8Array);
      expect(typeof row?.o).toBe("bigint");
    });
    it("Date parameters: Prisma's text in timestamp, date, time and timetz contexts", async () => {
      const d = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 123));
      await same(
        (c) =>
          c.$queryRaw`SELECT ${d}::timestamp AS ts, ${d}::timestamptz AS tz, ${d}::date AS dt, ${d}::time AS tm, ${d}::timetz AS ttz`,
        true,
      );
    });
    it("column types Prisma's adapter cannot read fail the whole query with P2010 UnsupportedNativeDataType", async () => {
      for (const column of [
        `interval '1 day' AS i`,
        `'a'::"char" AS c`,
        `'1 2'::int2vector AS v`,
        `'(1,2)'::point AS p`,
        `'[1,2)'::int4range AS r`,
        `ARRAY[interval '1 hour'] AS ai`,
        `ARRAY['01:00+02'::timetz] AS at`,
      ]) {
        const result = await same((c) => c.$queryRawUnsafe(`SELECT 1 AS n, ${column} WHERE false`));
        expect(result).toMatchObject({ error: { code: "P2010" } });
      }
      // User-defined types (enums) and the readable built-ins pass.
      await same(
        (c) =>
          c.$queryRawUnsafe(
            `SELECT 'ACTIVE'::"ProjectStatus" AS e, ARRAY['x'::"char"] AS ac, 'abc'::name AS n, '10.0.0.0/8'::cidr AS c, '1'::bit(1) AS b`,
          ),
        true,
      );
      // $executeRaw reads no columns: it runs.
      await same((c) => c.$executeRawUnsafe(`SELECT interval '1 day'`));
    });
    it("infinite timestamps read as an Invalid Date, as in Prisma", async () => {
      await same(
        (c) =>
          c.$queryRawUnsafe(`SELECT 'infinity'::timestamp AS a, '-infinity'::timestamptz AS b, 'infinity'::date AS d`),
        true,
      );
    });
    it("years beyond 9999 and BC years read as the Date they denote (deliberate: Prisma returns an Invalid Date)", async () => {
      const query = `SELECT '12000-05-06 07:08:09.123'::timestamp AS ts, '12000-05-06 07:08:09.123+00'::timestamptz AS tz, '0044-03-15 12:00:00 BC'::timestamp AS bc, '0001-01-01 BC'::date AS d`;
      const prisma = await outcome(() => clients().prisma.$queryRawUnsafe(query));
      const facade = await outcome(() => clients().facade.$queryRawUnsafe(query));
      const [row] = ("ok" in prisma ? prisma.ok : []) as Record<string, Date>[];
      expect(Number.isNaN(row!.ts!.getTime()) && Number.isNaN(row!.bc!.getTime())).toBe(true);
      expect("ok" in facade && facade.ok).toEqual([
        {
          ts: new Date("+012000-05-06T07:08:09.123Z"),
          tz: new Date("+012000-05-06T07:08:09.123Z"),
          bc: new Date("-000043-03-15T12:00:00.000Z"),
          d: new Date("0000-01-01T00:00:00.000Z"),
        },
      ]);
    });
    it("$executeRawUnsafe with several statements reports 0, as Prisma", async () => {
      const result = await same((c) =>
        c.$executeRawUnsafe(
          "UPDATE tasks SET position = position WHERE id = 't1'; UPDATE tasks SET position = position",
        ),
      );
      expect("ok" in result && result.ok).toBe(0);
    });
    it("$queryRawUnsafe with several statements is refused (deliberate: Prisma fails with a TypeError)", async () => {
      const prisma = await outcome(() => clients().prisma.$queryRawUnsafe("SELECT 1 AS a; SELECT 2 AS b"));
      const facade = await outcome(() => clients().facade.$queryRawUnsafe("SELECT 1 AS a; SELECT 2 AS b"));
      expect(classOf(prisma)).toBe("TypeError");
      expect(classOf(facade)).toBe("PrismaClientUnknownRequestError");
    });
    it("timestamptz in a non-UTC session is the right instant (deliberate: Prisma shifts it by the offset)", async () => {
      const d = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 123));
      const run: Run = async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL TIME ZONE 'America/New_York'");
        return tx.$queryRaw`SELECT '2026-01-01 12:00:00.123+00'::timestamptz AS lit, ${d}::timestamptz AS param, ${d}::timestamp AS ts`;
      };
      const prisma = await rolledBack(clients().prisma, run);
      const facade = await rolledBack(clients().facade, run);
      expect("ok" in facade && facade.ok).toEqual([{ lit: d, param: d, ts: d }]);
      // Prisma reads the literal's wall-clock time in New York as if it were UTC: five hours early.
      expect("ok" in prisma && (prisma.ok as { lit: Date }[])[0]!.lit).toEqual(new Date(d.getTime() - 5 * 3_600_000));
    });
  });
});
