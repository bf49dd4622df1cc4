/**
 * Named regressions for the write side of issue #11: each case runs through real Prisma Client
 * 7.10 and through the facade on identical freshly seeded data, and must give the same result, or
 * the same error (class, code and the whole `meta`), and leave the same rows behind.
 *
 * - class 3: a nested to-one `update: { where, data }` honours `where` (P2025 when it does not match);
 * - class 4: a nested to-many `set` connects rows whose foreign key is NULL;
 * - class 5: a transaction client used after its transaction ended fails with P2028 and never
 *   reaches the database (see also the leaked-client tests at the end).
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismaCompatClient, createPrismaCompatClient } from "../../src/compat/index.ts";
import { Decimal } from "../../src/compat/prisma-runtime.ts";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { type TestDatabase, useTestDatabase } from "../support/database.ts";
import { T0, seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

/** Both clients driven through the same loosely typed calls, so a case is written once. */
type Fluent = Promise<unknown> &
  Record<"project" | "owner" | "tasks" | "assignee" | "memberships", (args?: unknown) => Fluent>;
type Delegate = Record<
  "create" | "update" | "updateMany" | "count" | "deleteMany" | "findMany" | "findUnique",
  (args?: unknown) => Fluent
>;
interface AnyClient {
  user: Delegate;
  task: Delegate;
  project: Delegate;
  auditLog: Delegate;
  $transaction(
    work: ((tx: AnyClient) => Promise<unknown>) | Promise<unknown>[],
    options?: { timeout?: number; isolationLevel?: string },
  ): Promise<unknown>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  $queryRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<unknown>;
}
type Outcome = { ok: unknown } | { error: { known: boolean; name: unknown; code: unknown; meta: unknown } };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Values made comparable: timestamps the write just set become "<now>", `timeTaken` a type. */
function canonical(value: unknown, key = ""): unknown {
  if (key === "timeTaken") return typeof value;
  if (value instanceof Date) return value.getTime() > T0 + 86_400_000 ? "<now>" : value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Decimal) return `decimal:${value.toString()}`;
  if (typeof value === "string" && /^c[a-z0-9]{20,}$/.test(value)) return "<new id>";
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v, k)]));
  return value;
}

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: canonical(await work()) };
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; meta?: unknown };
    return {
      error: {
        known: error instanceof Prisma.PrismaClientKnownRequestError,
        name: e.name,
        code: e.code,
        meta: canonical(e.meta),
      },
    };
  }
}

/** Rows of the tables a case may touch, in a stable order. */
async function state(db: TestDatabase): Promise<unknown> {
  return canonical({
    users: await db.query("SELECT id, email, name, updated_at FROM users ORDER BY email"),
    projects: await db.query("SELECT id, name, owner_id, updated_at FROM projects ORDER BY id"),
    tasks: await db.query("SELECT id, title, project_id, assignee_id, updated_at FROM tasks ORDER BY id"),
    memberships: await db.query(
      "SELECT organization_id, user_id, role FROM memberships ORDER BY organization_id, user_id",
    ),
    audit: await db.query("SELECT id, action FROM audit_logs ORDER BY id"),
  });
}

describe("compat regressions (writes): facade vs Prisma Client on identical data", () => {
  const db = useTestDatabase();
  let pair: ClientPair;

  beforeAll(() => {
    pair = openClientPair(db.url);
  });
  afterAll(async () => {
    await pair?.close();
  });

  /** Runs `work` on each client after a fresh seed; returns what it gave and the rows it left. */
  async function both(work: (client: AnyClient) => Promise<unknown>): Promise<{ prisma: unknown; facade: unknown }> {
    const run = async (client: AnyClient): Promise<unknown> => {
      await seed(db);
      const result = await outcome(() => work(client));
      // Let anything a leaked client still does land before the rows are read.
      await sleep(50);
      return { result, rows: await state(db) };
    };
    return {
      prisma: await run(pair.prisma as unknown as AnyClient),
      facade: await run(pair.facade as unknown as AnyClient),
    };
  }

  async function expectSame(work: (client: AnyClient) => Promise<unknown>): Promise<unknown> {
    const { prisma, facade } = await both(work);
    expect(facade).toEqual(prisma);
    return prisma;
  }

  describe("class 3: nested to-one update with `where`", () => {
    it("fails with P2025 and writes nothing when `where` does not match the related row (optional relation)", async () => {
      const expected = await expectSame((c) =>
        c.task.update({
          where: { id: "t1" },
          data: { title: "changed", assignee: { update: { where: { name: "Nope" }, data: { name: "X" } } } },
        }),
      );
      expect(expected).toMatchObject({
        result: { error: { code: "P2025", meta: { operation: "a nested update", neededFor: null } } },
      });
    });

    it("fails with P2025 when `where` does not match (required relation)", async () => {
      await expectSame((c) =>
        c.task.update({
          where: { id: "t1" },
          data: { project: { update: { where: { name: "zz" }, data: { name: "X" } } } },
        }),
      );
    });

    it("updates the related row when `where` matches, also through a relation filter", async () => {
      await expectSame((c) =>
        c.task.update({
          where: { id: "t1" },
          data: { project: { update: { where: { name: "Apollo" }, data: { name: "X" } } } },
          include: { project: true },
        }),
      );
      await expectSame((c) =>
        c.task.update({
          where: { id: "t1" },
          data: { assignee: { update: { where: { memberships: { some: { role: "OWNER" } } }, data: { name: "X" } } } },
        }),
      );
      await expectSame((c) =>
        c.task.update({
          where: { id: "t2" },
          data: { assignee: { update: { where: { memberships: { some: { role: "OWNER" } } }, data: { name: "X" } } } },
        }),
      );
    });

    it("fails with P2025 when there is no related row, with or without `where`", async () => {
      await expectSame((c) =>
        c.task.update({
          where: { id: "t3" },
          data: { assignee: { update: { where: { name: "Ada" }, data: { name: "X" } } } },
        }),
      );
      await expectSame((c) => c.task.update({ where: { id: "t3" }, data: { assignee: { update: { name: "X" } } } }));
    });

    it("an invalid `where` is a validation error even when the parent row does not exist", async () => {
      await expectSame((c) =>
        c.task.update({
          where: { id: "tzz" },
          data: { project: { update: { where: { tags: { hasSome: [], isEmpty: false } }, data: { name: "U" } } } },
        }),
      );
    });

    it("nested to-many update with a non-matching `where`: P2025 with Prisma's whole meta", async () => {
      await expectSame((c) =>
        c.user.update({
          where: { id: "u1" },
          data: { ownedProjects: { update: { where: { id: "p1", name: "nope" }, data: { name: "X" } } } },
        }),
      );
    });
  });

  describe("class 4: nested set and rows whose foreign key is NULL", () => {
    it("connects a row whose foreign key is NULL (and keeps, connects or disconnects the others)", async () => {
      const expected = await expectSame((c) =>
        c.user.update({
          where: { id: "u1" },
          data: { assignedTasks: { set: [{ id: "t3" }, { id: "t1" }] } },
          include: { assignedTasks: { orderBy: { id: "asc" } } },
        }),
      );
      const tasks = (expected as { rows: { tasks: { id: string; assignee_id: string | null }[] } }).rows.tasks;
      expect(tasks.find((t) => t.id === "t3")?.assignee_id).toBe("u1");
      await expectSame((c) =>
        c.user.update({ where: { id: "u2" }, data: { assignedTasks: { set: [{ id: "t5" }, { id: "t1" }] } } }),
      );
      await expectSame((c) =>
        c.user.update({
          where: { id: "u6" },
          data: { assignedTasks: { set: [{ id: "t3" }, { id: "t5" }] } },
          select: { assignedTasks: { select: { id: true } } },
        }),
      );
    });
  });

  describe("nested set: missing rows and required relations", () => {
    it("a set naming a row that does not exist connects the others and ignores it", async () => {
      await expectSame((c) =>
        c.user.update({ where: { id: "u1" }, data: { assignedTasks: { set: [{ id: "t3" }, { id: "tzz" }] } } }),
      );
      await expectSame((c) =>
        c.user.update({ where: { id: "u1" }, data: { assignedTasks: { set: [{ id: "tzz" }] } } }),
      );
    });

    it("a set that would leave rows of a required relation without a parent fails with P2014, writing nothing", async () => {
      const expected = await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { name: "renamed", tasks: { set: [] } } }),
      );
      expect(expected).toMatchObject({ result: { error: { code: "P2014" } } });
      await expectSame((c) => c.project.update({ where: { id: "p1" }, data: { tasks: { set: [{ id: "t1" }] } } }));
    });

    it("a set on a required relation that keeps every current row runs, also taking rows from another parent", async () => {
      await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { set: [{ id: "t1" }, { id: "t2" }, { id: "t3" }] } } }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { tasks: { set: [{ id: "t1" }, { id: "t2" }, { id: "t3" }, { id: "t4" }] } },
          include: { tasks: { orderBy: { id: "asc" } } },
        }),
      );
      await expectSame((c) =>
        c.project.update({ where: { id: "p3" }, data: { tasks: { set: [{ id: "t5" }, { id: "tzz" }] } } }),
      );
    });
  });

  describe("nested write errors: Prisma's whole meta", () => {
    it("P2018 for a nested connect of missing rows", async () => {
      await expectSame((c) =>
        c.user.update({ where: { id: "u1" }, data: { assignedTasks: { connect: [{ id: "t3" }, { id: "tzz" }] } } }),
      );
      await expectSame((c) => c.project.update({ where: { id: "p1" }, data: { tasks: { connect: [{ id: "tzz" }] } } }));
    });

    it("nested writes under a row that does not exist fail as Prisma's do, before the update's own P2025", async () => {
      const nested: Record<string, unknown>[] = [
        { delete: { id: "t3" } },
        { update: { where: { id: "t3" }, data: { title: "x" } } },
        { create: { title: "x", position: 0 } },
        { connect: { id: "t3" } },
        { set: [{ id: "t3" }] },
        { deleteMany: {} },
        { updateMany: { where: {}, data: { title: "x" } } },
        { upsert: { where: { id: "t3" }, create: { title: "c", position: 0 }, update: { title: "u" } } },
        { disconnect: { id: "t3" } },
      ];
      for (const tasks of nested)
        await expectSame((c) =>
          c.project.update({ where: { id: "pzz" }, data: { tasks }, include: { tasks: { select: { title: true } } } }),
        );
      await expectSame((c) =>
        c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { delete: { id: "t3" } } } }),
      );
      await expectSame((c) =>
        c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { disconnect: { id: "t3" } } } }),
      );
      await expectSame((c) => c.task.update({ where: { id: "tzz" }, data: { project: { update: { name: "x" } } } }));
    });

    it("an empty list names no row: under a missing parent Prisma reports the update itself, for every nested operation", async () => {
      const ops = [
        "connect",
        "connectOrCreate",
        "create",
        "delete",
        "disconnect",
        "set",
        "update",
        "updateMany",
        "upsert",
        "deleteMany",
      ];
      for (const op of ops) {
        await expectSame((c) => c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { [op]: [] } } }));
        await expectSame((c) => c.project.update({ where: { id: "pzz" }, data: { tasks: { [op]: [] } } }));
        await expectSame((c) =>
          c.project.update({
            where: { id: "p1" },
            data: { tasks: { [op]: [] } },
            include: { tasks: { select: { id: true }, orderBy: { id: "asc" } } },
          }),
        );
      }
    }, 180_000);

    it("operands of the wrong shape for the relation are validation errors before anything runs, whether or not the parent exists", async () => {
      const toMany: Record<string, unknown>[] = [
        { disconnect: true },
        { disconnect: false },
        { delete: true },
        { delete: false },
        { set: { id: "t1" } },
        { createMany: [] },
      ];
      for (const where of [{ id: "p1" }, { id: "pzz" }]) {
        for (const tasks of toMany)
          await expectSame((c) => c.project.update({ where, data: { name: "renamed", tasks } }));
      }
      const toOne: Record<string, unknown>[] = [
        { disconnect: [] },
        { delete: [] },
        { upsert: [] },
        { createMany: { data: [] } },
        { updateMany: [] },
        { deleteMany: [] },
        { set: [] },
        { connect: [] },
        { update: [] },
      ];
      for (const where of [{ id: "t1" }, { id: "tzz" }]) {
        for (const assignee of toOne)
          await expectSame((c) => c.task.update({ where, data: { title: "renamed", assignee } }));
      }
      // A created parent offers only create, connectOrCreate, connect (and createMany to-many).
      const base = { name: "New", organization: { connect: { id: "o1" } }, owner: { connect: { id: "u1" } } };
      for (const tasks of [{ set: [] }, { disconnect: [] }, { update: [] }, { upsert: [] }, { deleteMany: [] }]) {
        await expectSame((c) => c.project.create({ data: { ...base, tasks } }));
      }
      // Unknown fields deep in nested data are validation errors even under a missing parent.
      await expectSame((c) =>
        c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { create: { data: [] } } } }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "pzz" },
          data: {
            tasks: { upsert: { where: { id: "t1" }, create: { title: "c", position: 0, nope: 1 }, update: {} } },
          },
        }),
      );
      // Filters and unique selectors of nested operations are checked before anything runs.
      await expectSame((c) =>
        c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { delete: { data: [] } } } }),
      );
      await expectSame((c) => c.project.update({ where: { id: "pzz" }, data: { tasks: { connect: { title: "x" } } } }));
      await expectSame((c) => c.project.update({ where: { id: "pzz" }, data: { tasks: { deleteMany: { nope: 1 } } } }));
      await expectSame((c) =>
        c.project.update({ where: { id: "pzz" }, data: { tasks: { update: { where: { nope: 1 }, data: {} } } } }),
      );
      // Nested data that is not an object.
      await expectSame((c) =>
        c.user.update({ where: { id: "uzz" }, data: { assignedTasks: { updateMany: { data: [] } } } }),
      );
      await expectSame((c) => c.task.update({ where: { id: "t3" }, data: { assignee: { update: { data: [] } } } }));
      await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { update: { where: { id: "t1" }, data: [] } } } }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { tasks: { connectOrCreate: { where: { id: "t1" }, create: [] } } },
        }),
      );
      // The relation back to the parent is not part of a nested write's input.
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { tasks: { create: { title: "x", position: 0, project: { connect: { id: "p2" } } } } },
        }),
      );
      await expectSame((c) =>
        c.project.create({
          data: { ...base, tasks: { create: [{ title: "x", position: 0, project: { connect: { id: "p2" } } }] } },
        }),
      );
      await expectSame((c) =>
        c.user.update({
          where: { id: "u1" },
          data: { assignedTasks: { update: { where: { id: "t1" }, data: { assignee: { disconnect: true } } } } },
        }),
      );
    }, 180_000);

    it("`disconnect: false` on a to-one relation changes nothing (deliberate: Prisma 7.10 disconnects)", async () => {
      const { prisma, facade } = await both((c) =>
        c.task.update({ where: { id: "t1" }, data: { assignee: { disconnect: false } }, select: { assigneeId: true } }),
      );
      const assigneeOf = (side: unknown): unknown =>
        (side as { rows: { tasks: { id: string; assignee_id: unknown }[] } }).rows.tasks.find((t) => t.id === "t1")
          ?.assignee_id;
      expect(assigneeOf(prisma)).toBeNull();
      expect(assigneeOf(facade)).toBe("u1");
      expect(facade).toMatchObject({ result: { ok: { assigneeId: "u1" } } });
    });

    it("P2017 for a nested delete of a row that is not connected", async () => {
      await expectSame((c) => c.project.update({ where: { id: "p1" }, data: { tasks: { delete: [{ id: "t4" }] } } }));
    });

    it("P2014 for a nested disconnect through a required relation, whichever row it names", async () => {
      await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { disconnect: [{ id: "t1" }] } } }),
      );
      await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { disconnect: [{ id: "t4" }] } } }),
      );
      await expectSame((c) =>
        c.project.update({ where: { id: "p1" }, data: { tasks: { disconnect: [{ id: "tzz" }] } } }),
      );
    });
  });

  describe("database errors Prisma gives a code", () => {
    it("P2020 for a value out of range; P2039 for other database errors, with the driver error in meta", async () => {
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { position: 2147483648 } }));
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { position: { divide: 0 } } }));
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { title: "a\u0000b" } }));
      await expectSame((c) =>
        c.$transaction(async (tx) => {
          await tx.$executeRaw`SELECT 1/0`.catch(() => undefined);
          return tx.user.count();
        }),
      );
    });
  });

  describe("foreign key scalars beside relation writes", () => {
    it("a foreign key scalar mixed with a relation write on the same record is a validation error", async () => {
      await expectSame((c) =>
        c.task.create({ data: { title: "x", position: 0, projectId: "p1", assignee: { connect: { id: "u1" } } } }),
      );
      await expectSame((c) =>
        c.task.create({ data: { title: "x", position: 0, projectId: "p1", project: { connect: { id: "p1" } } } }),
      );
      await expectSame((c) =>
        c.task.update({ where: { id: "t1" }, data: { assigneeId: "u2", project: { connect: { id: "p2" } } } }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: {
            tasks: { create: { title: "n", position: 0, assigneeId: "u2", assignee: { connect: { id: "u1" } } } },
          },
        }),
      );
    });

    it("keys alone, relations alone, and keys beside child relations are accepted", async () => {
      await expectSame((c) =>
        c.task.create({
          data: { title: "x", position: 0, projectId: "p1", assigneeId: "u2" },
          select: { title: true, assigneeId: true },
        }),
      );
      await expectSame((c) =>
        c.task.create({
          data: { title: "x", position: 0, project: { connect: { id: "p1" } }, assignee: { connect: { id: "u2" } } },
          select: { title: true, assigneeId: true },
        }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { ownerId: "u2", tasks: { create: { title: "n", position: 0, assignee: { connect: { id: "u1" } } } } },
          select: { ownerId: true },
        }),
      );
      await expectSame((c) =>
        c.project.update({
          where: { id: "p1" },
          data: { tasks: { create: { title: "n", position: 0, assigneeId: "u3" } } },
          select: { id: true },
        }),
      );
    });
  });

  describe("Int and BigInt values as Prisma accepts them", () => {
    it("a float for an Int is truncated toward zero, in data, operations and filters", async () => {
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { position: 2.7 } }));
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { position: -2.7 } }));
      await expectSame((c) => c.task.update({ where: { id: "t1" }, data: { position: { increment: 1.9 } } }));
      await expectSame((c) =>
        c.task.create({ data: { projectId: "p1", title: "f", position: 3.5 }, select: { position: true } }),
      );
      await expectSame((c) =>
        c.task.findMany({ where: { position: 1.5 }, select: { id: true }, orderBy: { id: "asc" } }),
      );
    });

    it("a BigInt given as a string of digits is accepted; other strings are a validation error", async () => {
      await expectSame((c) => c.auditLog.findMany({ where: { id: "1" }, select: { id: true } }));
      await expectSame((c) =>
        c.auditLog.update({ where: { id: "1" }, data: { action: "x" }, select: { id: true, action: true } }),
      );
      await expectSame((c) => c.auditLog.updateMany({ where: { id: 2 }, data: { id: { increment: "10" } } }));
      await expectSame((c) => c.auditLog.findMany({ where: { id: "abc" }, select: { id: true } }));
      await expectSame((c) => c.auditLog.findMany({ where: { id: 1.5 }, select: { id: true } }));
    });

    it("increment on a bigserial column", async () => {
      await expectSame((c) =>
        c.auditLog.update({ where: { id: 1n }, data: { id: { increment: 10 } }, select: { id: true } }),
      );
    });
  });

  describe("the fluent relation API, chained", () => {
    it("chains through to-one relations, after reads and writes; null anywhere on the way gives null", async () => {
      await expectSame((c) =>
        c.task
          .findUnique({ where: { id: "t1" } })
          .project()
          .owner(),
      );
      await expectSame((c) =>
        c.task
          .findUnique({ where: { id: "tzz" } })
          .project()
          .owner(),
      );
      await expectSame((c) =>
        c.task
          .findUnique({ where: { id: "t1" } })
          .project()
          .tasks({ select: { id: true }, orderBy: { id: "asc" } }),
      );
      await expectSame((c) =>
        c.task
          .findUnique({ where: { id: "t3" } })
          .assignee()
          .memberships(),
      );
      await expectSame((c) =>
        c.task
          .update({ where: { id: "t1" }, data: { title: "F" } })
          .project()
          .owner({ select: { email: true } }),
      );
    });
  });

  describe("transactions inside transactions, and their options", () => {
    it("tx.$transaction inside an interactive transaction joins it; a failing inner one is undone alone", async () => {
      await expectSame((c) => c.$transaction((tx) => tx.$transaction((inner) => inner.user.count())));
      await expectSame((c) =>
        c.$transaction((tx) => tx.$transaction((inner) => inner.user.count(), { isolationLevel: "Serializable" })),
      );
      await expectSame((c) =>
        c.$transaction(async (tx) => {
          await tx.user.update({ where: { id: "u1" }, data: { name: "outer" } });
          const inner = await tx
            .$transaction(async (t2) => {
              await t2.user.update({ where: { id: "u2" }, data: { name: "inner" } });
              throw new Error("inner failed");
            })
            .catch((error: unknown) => String(error));
          return [inner, await tx.user.count()];
        }),
      );
    });

    it("the array form inside an interactive transaction", async () => {
      await expectSame((c) =>
        c.$transaction((tx) =>
          tx.$transaction([tx.user.count(), tx.user.update({ where: { id: "u1" }, data: { name: "batch" } })]),
        ),
      );
    });

    it("an unknown isolation level: P2023 with the level in meta", async () => {
      await expectSame((c) => c.$transaction((tx) => tx.user.count(), { isolationLevel: "Bogus" }));
    });
  });

  describe("class 5: a transaction client used after its transaction ended", () => {
    it("a leaked tx with bad arguments: the validation error comes first, as in Prisma", async () => {
      const leak = async (c: AnyClient): Promise<AnyClient> => {
        let leaked!: AnyClient;
        await c.$transaction((tx: AnyClient) => {
          leaked = tx;
          return Promise.resolve();
        });
        return leaked;
      };
      await expectSame(async (c) =>
        (await leak(c)).project.update({ where: { id: "p1" }, data: { tasks: { create: { data: [] } } } }),
      );
      await expectSame(async (c) => (await leak(c)).task.update({ where: { id: "t1" }, data: { nope: 1 } }));
      await expectSame(async (c) => (await leak(c)).task.update({ where: { id: "t1" }, data: { title: "valid" } }));
      // A bad selector still comes first; then a disconnect through a required relation is refused
      // in Prisma's plan: P2014 before P2028.
      await expectSame(async (c) =>
        (await leak(c)).project.update({ where: { id: "p1" }, data: { tasks: { disconnect: { data: [] } } } }),
      );
      await expectSame(async (c) =>
        (await leak(c)).project.update({ where: { id: "p1" }, data: { tasks: { disconnect: [] } } }),
      );
    });

    it("a leaked tx used after commit: P2028, nothing written", async () => {
      await expectSame(async (c) => {
        let leaked!: AnyClient;
        await c.$transaction(async (tx: AnyClient) => {
          leaked = tx;
          await tx.user.count();
        });
        return leaked.user.create({ data: { email: "leak@example.com", name: "Leak" } });
      });
      await expectSame(async (c) => {
        let leaked!: AnyClient;
        await c.$transaction((tx: AnyClient) => {
          leaked = tx;
          return Promise.resolve();
        });
        return leaked.$executeRaw`UPDATE users SET name = 'raw'`;
      });
    });

    it("a leaked tx's promise handed to a new array transaction runs in that one, as in Prisma", async () => {
      await expectSame(async (c) => {
        let leaked!: AnyClient;
        await c.$transaction((tx: AnyClient) => {
          leaked = tx;
          return Promise.resolve();
        });
        return c.$transaction([
          leaked.user.count(),
          leaked.user.update({ where: { id: "u1" }, data: { name: "batch" } }),
        ]);
      });
    });

    it("a leaked tx used after rollback, or inside another transaction: P2028", async () => {
      await expectSame(async (c) => {
        let leaked!: AnyClient;
        await c
          .$transaction((tx: AnyClient) => {
            leaked = tx;
            return Promise.reject(new Error("boom"));
          })
          .catch(() => undefined);
        return leaked.user.deleteMany({});
      });
      await expectSame(async (c) => {
        let leaked!: AnyClient;
        await c.$transaction((tx: AnyClient) => {
          leaked = tx;
          return Promise.resolve();
        });
        return c.$transaction(async (tx: AnyClient) => {
          await tx.user.update({ where: { id: "u1" }, data: { name: "inner" } });
          return leaked.user.update({ where: { id: "u2" }, data: { name: "leaked" } });
        });
      });
    });

    it("a query started after the callback returned, without being awaited: P2028, nothing written", async () => {
      await expectSame(async (c) => {
        let late: Promise<unknown> | undefined;
        await c.$transaction(async (tx: AnyClient) => {
          await tx.user.count();
          // (Chained on a raw query instead, Prisma reports the raw query's empty meta: not copied.)
          late = sleep(100).then(() =>
            tx.user.create({
              data: {
                email: "late@example.com",
                name: "Late",
                memberships: { create: { organizationId: "o1", role: "OWNER" } },
              },
            }),
          );
          late.catch(() => undefined);
        });
        await sleep(300);
        return late!;
      });
    });

    it("an expired transaction: P2028 with operation, timeout and timeTaken, for queries and for the commit", async () => {
      await expectSame((c) =>
        c.$transaction(
          async (tx: AnyClient) => {
            await sleep(200);
            return tx.user.count();
          },
          { timeout: 100 },
        ),
      );
      await expectSame((c) =>
        c.$transaction(
          async (tx: AnyClient) => {
            await sleep(200);
            return tx.$queryRaw`SELECT 1 AS one`;
          },
          { timeout: 100 },
        ),
      );
      await expectSame((c) =>
        c.$transaction(
          async (tx: AnyClient) => {
            await tx.user.update({ where: { id: "u1" }, data: { name: "slow" } });
            await sleep(200);
          },
          { timeout: 100 },
        ),
      );
    });
  });
});

describe("compat regressions (writes): a leaked transaction client never reaches the database", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let facade: PrismaCompatClient;
  const sent: string[] = [];

  beforeAll(async () => {
    await seed(db);
    // One connection: after the leaked transaction released it, the next caller's transaction gets it.
    pool = owned(new pg.Pool({ connectionString: db.url, max: 1 }));
    facade = createPrismaCompatClient(drizzle(pool, { logger: { logQuery: (query) => sent.push(query) } }));
  });
  afterAll(async () => {
    await closeOwned(pool);
  });

  it("sends no statement for a leaked tx, even while another caller's transaction holds the connection", async () => {
    let leaked: Parameters<Parameters<PrismaCompatClient["$transaction"]>[0]>[0] | undefined;
    await facade.$transaction(async (tx) => {
      leaked = tx;
      await tx.user.count();
    });
    const before = sent.length;
    const other = await facade.$transaction(async (tx) => {
      const attempt = await leaked!.user.create({ data: { email: "leak@example.com", name: "Leak" } }).then(
        () => "ran",
        (error: unknown) => error,
      );
      await tx.user.update({ where: { id: "u1" }, data: { name: "Other" } });
      return attempt;
    });
    expect(other).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(other).toMatchObject({ code: "P2028", meta: { modelName: "User" } });
    // The other transaction's own statements only: none is the leaked INSERT.
    expect(sent.slice(before).filter((q) => /insert/i.test(q))).toEqual([]);
    expect(await db.query("SELECT count(*)::int AS n FROM users WHERE email = 'leak@example.com'")).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT name FROM users WHERE id = 'u1'")).toEqual([{ name: "Other" }]);
  });

  it("an operation already running when the callback returns finishes inside the transaction before it commits", async () => {
    await seed(db);
    let running: Promise<unknown> | undefined;
    await facade.$transaction((tx) => {
      running = tx.user.create({
        data: {
          email: "inflight@example.com",
          name: "In",
          memberships: { create: { organizationId: "o1", role: "OWNER" } },
        },
      });
      running.catch(() => undefined);
      return Promise.resolve();
    });
    const done = sent.length;
    await expect(running).resolves.toMatchObject({ email: "inflight@example.com" });
    // Every statement of it (both INSERTs) was sent before the COMMIT, none after.
    expect(sent.length).toBe(done);
    expect(
      await db.query(
        "SELECT role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'inflight@example.com'",
      ),
    ).toEqual([{ role: "OWNER" }]);
  });
});
