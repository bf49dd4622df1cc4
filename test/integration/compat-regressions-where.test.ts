/**
 * Named regressions for issue #11, silent-wrong classes 1, 2, 6 and 7 (the `where` side of the
 * facade): each case runs through real Prisma Client 7.10 and through the facade on the same seeded
 * data and must give the same result (or the same error class and code). Writes run inside a
 * transaction that is rolled back; the table state they leave inside it is compared too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database.ts";
import { seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

type AnyClient = Record<string, Record<string, (args: unknown) => Promise<unknown>>> & {
  $transaction<R>(fn: (tx: AnyClient) => Promise<R>): Promise<R>;
  $queryRawUnsafe(query: string): Promise<unknown>;
};

/** One call: model delegate, operation, arguments. */
type Call = [model: string, op: string, args: Record<string, unknown>];

type Outcome = { ok: unknown } | { error: { name: string; code?: string } };

/** JSON-comparable form of a result: Dates as ISO text, bigints tagged, keys sorted. */
function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, comparable(v)]),
    );
  }
  return value;
}

async function outcome(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: comparable(await work()) };
  } catch (error) {
    const e = error as { name: string; code?: string };
    return { error: { name: e.name, ...(e.code === undefined ? {} : { code: e.code }) } };
  }
}

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}

/** Runs `call` in a rolled-back transaction; returns its outcome and what `stateQuery` reads after it. */
async function rolledBack(
  client: AnyClient,
  [model, op, args]: Call,
  stateQuery: string,
): Promise<{ result: Outcome; state: unknown }> {
  try {
    await client.$transaction(async (tx) => {
      const result = await outcome(() => tx[model]![op]!(args));
      throw new Rollback({ result, state: comparable(await tx.$queryRawUnsafe(stateQuery)) });
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as { result: Outcome; state: unknown };
    throw error;
  }
  throw new Error("unreachable: the transaction did not roll back");
}

const byId = { select: { id: true }, orderBy: { id: "asc" } };
const tasks = (where: unknown): Call => ["task", "findMany", { where, ...byId }];
const users = (where: unknown): Call => ["user", "findMany", { where, ...byId }];
const projects = (where: unknown): Call => ["project", "findMany", { where, ...byId }];
const label = ([model, op, args]: Call): string =>
  `${model}.${op}(${JSON.stringify(args, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))})`;

describe("compat regressions: where (issue #11 classes 1, 2, 6, 7)", () => {
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

  /** Every read gives the facade exactly Prisma's outcome. */
  async function expectSameReads(calls: Call[]): Promise<Outcome[]> {
    const seen: Outcome[] = [];
    for (const call of calls) {
      const [model, op, args] = call;
      const expected = await outcome(() => prisma[model]![op]!(args));
      const actual = await outcome(() => facade[model]![op]!(args));
      expect(actual, label(call)).toEqual(expected);
      seen.push(expected);
    }
    return seen;
  }

  /** Every write returns what Prisma's returns and leaves the table as Prisma's leaves it. */
  async function expectSameWrites(calls: Call[], stateQuery: string): Promise<void> {
    for (const call of calls) {
      const expected = await rolledBack(prisma, call, stateQuery);
      const actual = await rolledBack(facade, call, stateQuery);
      expect(actual, label(call)).toEqual(expected);
    }
  }

  it("class 1: a relation filter with nothing defined in it is no filter (to-one bare), and is/isNot/some/every/none keep their meaning", async () => {
    const [bare] = await expectSameReads([
      tasks({ assignee: {} }),
      tasks({ assignee: { email: undefined } }),
      tasks({ assignee: { is: undefined } }),
      tasks({ assignee: { is: undefined, isNot: undefined } }),
      tasks({ assignee: { is: {} } }),
      tasks({ assignee: { is: { email: undefined } } }),
      tasks({ assignee: { isNot: {} } }),
      tasks({ assignee: { is: {}, isNot: {} } }),
      tasks({ assignee: { email: {} } }),
      tasks({ assignee: { AND: [] } }),
      tasks({ assignee: { OR: [] } }),
      tasks({ assignee: { memberships: {} } }),
      tasks({ project: {} }),
      tasks({ project: { isNot: {} } }),
      users({ memberships: {} }),
      users({ memberships: { some: undefined } }),
      users({ memberships: { some: {} } }),
      users({ memberships: { some: { role: undefined } } }),
      users({ memberships: { every: {} } }),
      users({ memberships: { none: {} } }),
      users({ memberships: { some: {}, none: {} } }),
      users({ memberships: { some: { organization: {} } } }),
      users({ memberships: { some: { organization: { is: {} } } } }),
      ["task", "findFirst", { where: { assignee: {}, id: "t3" }, select: { id: true } }],
      ["task", "findUnique", { where: { assignee: { email: undefined }, id: "t3" }, select: { id: true } }],
    ]);
    // The tasks without an assignee (t3, t5) are in: the filter is no filter.
    expect(bare).toEqual({ ok: ["t1", "t2", "t3", "t4", "t5", "t6"].map((id) => ({ id })) });
  });

  it("class 1: count, aggregate, groupBy, filtered _count and include where", async () => {
    await expectSameReads([
      ["task", "count", { where: { assignee: {} } }],
      ["task", "count", { where: { assignee: { email: undefined } }, select: { _all: true, assigneeId: true } }],
      ["task", "aggregate", { where: { assignee: {} }, _count: true, _max: { position: true } }],
      ["task", "groupBy", { by: ["status"], where: { assignee: {} }, _count: true, orderBy: { status: "asc" } }],
      [
        "project",
        "findMany",
        {
          select: { id: true, _count: { select: { tasks: { where: { assignee: { email: undefined } } } } } },
          orderBy: { id: "asc" },
        },
      ],
      [
        "project",
        "findMany",
        {
          select: { id: true, _count: { select: { tasks: { where: { NOT: { assignee: {} } } } } } },
          orderBy: { id: "asc" },
        },
      ],
      [
        "project",
        "findMany",
        {
          select: { id: true, tasks: { where: { assignee: {} }, select: { id: true }, orderBy: { id: "asc" } } },
          orderBy: { id: "asc" },
        },
      ],
      [
        "user",
        "findMany",
        {
          select: {
            id: true,
            memberships: { where: { organization: { slug: undefined } }, select: { id: true }, orderBy: { id: "asc" } },
          },
          orderBy: { id: "asc" },
        },
      ],
    ]);
  });

  it("class 1: updateMany, deleteMany and unique updates touch the rows Prisma touches", async () => {
    const state = "SELECT id, position FROM tasks ORDER BY id";
    await expectSameWrites(
      [
        ["task", "updateMany", { where: { assignee: {} }, data: { position: 9 } }],
        ["task", "updateMany", { where: { assignee: { email: undefined }, position: 1 }, data: { position: 8 } }],
        ["task", "deleteMany", { where: { assignee: { email: undefined } } }],
        ["task", "deleteMany", { where: { assignee: { is: {} } } }],
        ["task", "updateManyAndReturn", { where: { assignee: {} }, data: { position: 7 }, select: { id: true } }],
        ["task", "update", { where: { id: "t3", assignee: {} }, data: { position: 3 }, select: { id: true } }],
        ["task", "delete", { where: { id: "t5", assignee: { email: undefined } }, select: { id: true } }],
      ],
      state,
    );
  });

  it("class 2: empty relation filters inside AND/OR/NOT at every depth are dropped like empty objects", async () => {
    const [orWithPosition] = await expectSameReads([
      tasks({ OR: [{ project: { name: undefined } }, { position: 5 }] }),
      users({ OR: [{ memberships: {} }] }),
      users({ OR: [{ memberships: {} }, { id: "u5" }] }),
      users({ OR: [{ memberships: { some: undefined } }] }),
      users({ OR: [{ memberships: { some: {} } }] }),
      users({ OR: [{ memberships: { every: {} } }] }),
      users({ OR: [{ memberships: { none: {} } }] }),
      users({ OR: [{ AND: [{ memberships: {} }] }] }),
      users({ OR: [{ NOT: { memberships: {} } }] }),
      users({ NOT: { memberships: {} } }),
      users({ memberships: { some: { OR: [{ organization: {} }] } } }),
      users({ ownedProjects: { some: { OR: [{ tasks: {} }, { name: "Gemini" }] } } }),
      tasks({ OR: [{ assignee: { is: undefined } }] }),
      tasks({ OR: [{ assignee: { is: {} } }] }),
      tasks({ OR: [{ assignee: { isNot: {} } }] }),
      tasks({ OR: [{ assignee: { email: {} } }] }),
      tasks({ NOT: { assignee: {} } }),
      tasks({ NOT: [{ assignee: {} }, { position: 5 }] }),
      tasks({ NOT: { assignee: { is: {} } } }),
      tasks({ AND: [{ assignee: {} }] }),
      tasks({ AND: { assignee: { is: {} } } }),
      tasks({ project: { OR: [{ owner: {} }, { tasks: { some: { assignee: {} } } }] } }),
      ["task", "count", { where: { OR: [{ assignee: {} }] } }],
      [
        "project",
        "findMany",
        {
          select: { id: true, tasks: { where: { OR: [{ assignee: {} }] }, select: { id: true } } },
          orderBy: { id: "asc" },
        },
      ],
    ]);
    expect(orWithPosition).toEqual({ ok: [{ id: "t5" }] });
    await expectSameWrites(
      [
        ["task", "deleteMany", { where: { OR: [{ assignee: {} }] } }],
        [
          "task",
          "updateMany",
          { where: { NOT: [{ assignee: { email: undefined } }, { position: 5 }] }, data: { position: 4 } },
        ],
      ],
      "SELECT id, position FROM tasks ORDER BY id",
    );
  });

  it("class 6: `not` with several operators negates each of them; nested `not` and NULLs as Prisma", async () => {
    const [range] = await expectSameReads([
      tasks({ position: { not: { gte: 1, lt: 5 } } }),
      tasks({ position: { not: { in: [0, 2], gt: 1 } } }),
      tasks({ position: { not: { equals: 1, lt: 2 } } }),
      tasks({ position: { not: { in: [], gt: 1 } } }),
      tasks({ position: { not: { notIn: [], gt: 1 } } }),
      tasks({ position: { not: { notIn: [1], lt: 5 } } }),
      tasks({ position: { not: { not: 1 } } }),
      tasks({ position: { not: { not: { gte: 1, lt: 5 } } } }),
      tasks({ position: { not: { not: { not: { gte: 1, lt: 5 } } } } }),
      tasks({ position: { not: {} } }),
      tasks({ position: { not: { not: {} } } }),
      tasks({ OR: [{ position: { not: { not: {} } } }] }),
      tasks({ assigneeId: { not: { gte: "u2", lt: "u4" } } }),
      tasks({ assigneeId: { not: { in: ["u1"], gt: "u3" } } }),
      tasks({ assigneeId: { not: { equals: null } } }),
      tasks({ assigneeId: { not: { not: null } } }),
      tasks({ assigneeId: { not: { not: "u1" } } }),
      tasks({ assigneeId: { not: { equals: "u1", not: "u2" } } }),
      tasks({ assigneeId: { not: { in: ["u1", "u2"], not: null } } }),
      tasks({ assigneeId: { not: { contains: "1", startsWith: "u" } } }),
      tasks({ assigneeId: { not: { mode: "insensitive" } } }),
      tasks({ title: { not: { contains: "E", endsWith: "n" }, mode: "insensitive" } }),
      tasks({ title: { not: { equals: "DESIGN", mode: "insensitive" } } }),
      tasks({ title: { not: { not: "DESIGN" }, mode: "insensitive" } }),
      tasks({ title: { not: { gte: "b", lt: "q" }, mode: "insensitive" } }),
      tasks({ status: { not: { in: ["TODO"], notIn: ["DONE"] } } }),
      tasks({ createdAt: { not: { gte: new Date("2026-01-01T12:30:00Z"), lte: new Date("2026-01-01T12:40:00Z") } } }),
    ]);
    expect(range).toEqual({ ok: [] });
  });

  it("class 7: a NULL String[] reads as [] everywhere, and filters on it match as in Prisma", async () => {
    await expectSameReads([
      ["project", "findUnique", { where: { id: "p5" }, select: { tags: true } }],
      ["project", "findMany", { select: { id: true, tags: true }, orderBy: { id: "asc" } }],
      [
        "organization",
        "findUnique",
        { where: { id: "o2" }, select: { projects: { select: { id: true, tags: true }, orderBy: { id: "asc" } } } },
      ],
      ["project", "groupBy", { by: ["tags"], _count: true, orderBy: { tags: "asc" } }],
      ["project", "count", { select: { tags: true, _all: true } }],
      projects({ tags: { isEmpty: true } }),
      projects({ tags: { isEmpty: false } }),
      projects({ tags: { equals: [] } }),
      projects({ tags: { equals: null } }),
      projects({ tags: { hasEvery: [] } }),
      projects({ NOT: { tags: { hasEvery: [] } } }),
      projects({ NOT: { tags: { isEmpty: true } } }),
      projects({ tags: null }),
    ]);
  });

  it("Prisma accepts: Json equals/not null (JSON null), has: null, in/notIn: null on optional fields, orderBy on Json, cursor ordered by nullable keys", async () => {
    await db.query(
      `INSERT INTO audit_logs (entity_type, entity_id, action, before, created_at) VALUES ('user', 'u9', 'json-null', 'null'::jsonb, '2026-01-01T13:00:00Z')`,
    );
    try {
      const cursor = (id: string, orderBy: unknown[], take?: number): Call => [
        "task",
        "findMany",
        { cursor: { id }, orderBy, take, select: { id: true } },
      ];
      const audits = (where: unknown): Call => [
        "auditLog",
        "findMany",
        { where, select: { id: true }, orderBy: { id: "asc" } },
      ];
      const seen = await expectSameReads([
        audits({ before: { equals: null } }),
        audits({ before: { not: null } }),
        audits({ NOT: { after: { equals: null } } }),
        projects({ tags: { has: null } }),
        projects({ NOT: { tags: { has: null } } }),
        tasks({ assigneeId: { in: null } }),
        tasks({ assigneeId: { notIn: null } }),
        tasks({ assigneeId: { not: { in: null } } }),
        ["project", "findMany", { orderBy: [{ metadata: "asc" }, { id: "asc" }], select: { id: true } }],
        [
          "auditLog",
          "findMany",
          { orderBy: [{ before: { sort: "asc", nulls: "first" } }, { id: "desc" }], select: { id: true } },
        ],
        cursor("t2", [{ assigneeId: "asc" }, { id: "asc" }]),
        cursor("t3", [{ assigneeId: "desc" }, { id: "asc" }]),
        cursor("t5", [{ assigneeId: { sort: "desc", nulls: "last" } }, { id: "desc" }]),
        cursor("t3", [{ assigneeId: "asc" }, { id: "asc" }], -2),
        cursor("tzz", [{ assigneeId: "asc" }, { id: "asc" }]),
        cursor("t2", [{ assignee: { name: "asc" } }, { id: "asc" }]),
        // Prisma's quirk: a cursor row without the related row ends a descending page at its equals.
        cursor("t5", [{ assignee: { name: "desc" } }, { id: "asc" }]),
        cursor("t3", [{ status: "asc" }, { assignee: { name: "desc" } }, { id: "asc" }]),
        [
          "auditLog",
          "findMany",
          { cursor: { id: 2n }, orderBy: [{ before: "asc" }, { id: "asc" }], select: { id: true } },
        ],
      ]);
      expect(seen[0]).toEqual({ ok: [{ id: "4n" }] });
    } finally {
      await db.query(`DELETE FROM audit_logs WHERE action = 'json-null'`);
    }
  });

  it("a cursor over a nullable order key whose row does not match `where` gives no rows, as Prisma's does", async () => {
    // Audit log 1 has a NULL `before`, so `not: { name: "A" }` excludes it; Prisma looks for the
    // cursor row among the rows its query returned (over nullable keys) and, not finding it, keeps none.
    const orderBy = [{ organizationId: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    const [excluded, included] = await expectSameReads([
      [
        "auditLog",
        "findMany",
        { select: { id: true }, where: { before: { not: { name: "A" } } }, orderBy, cursor: { id: 1n } },
      ],
      ["auditLog", "findMany", { select: { id: true }, orderBy, cursor: { id: 1n } }],
    ]);
    expect(excluded).toEqual({ ok: [] });
    expect(included).toEqual({ ok: [{ id: "1n" }, { id: "2n" }, { id: "3n" }] }); // outcome() writes bigints as text
  });

  it("a cursor with an orderBy that is not unique starts the page at the cursor row, as Prisma's does", async () => {
    // t2 and t3 tie on position 1; Prisma drops the rows before the cursor row in memory, so its
    // page starts at t3. The facade breaks ties by primary key; which tied rows Prisma keeps after
    // the cursor row depends on the database's sort, so only the first row and the facade's page are pinned.
    for (const [orderBy, page] of [
      [{ position: "asc" }, ["t3", "t6", "t5"]],
      [{ position: "desc" }, ["t3", "t1", "t4"]],
    ] as const) {
      const args = { cursor: { id: "t3" }, orderBy, select: { id: true } };
      const expected = (await prisma.task!.findMany!(args)) as { id: string }[];
      const actual = (await facade.task!.findMany!(args)) as { id: string }[];
      expect(expected[0], JSON.stringify(args)).toEqual({ id: "t3" });
      expect(
        actual.map((r) => r.id),
        JSON.stringify(args),
      ).toEqual(page);
    }
  });

  it("a nested cursor is refused (Prisma's result depends on the parent query's shape); empty having elements are dropped", async () => {
    const nested = {
      select: { id: true, projects: { select: { id: true }, orderBy: { id: "asc" }, cursor: { id: "p1" } } },
    };
    // Prisma 7.10: under findMany the parent without the cursor row gets no projects, under findUnique it gets p4, p5.
    expect(await outcome(() => prisma.organization!.findMany!({ ...nested, orderBy: { id: "asc" } }))).toEqual({
      ok: [
        { id: "o1", projects: [{ id: "p1" }, { id: "p2" }, { id: "p3" }] },
        { id: "o2", projects: [] },
        { id: "o3", projects: [] },
      ],
    });
    expect(await outcome(() => prisma.organization!.findUnique!({ ...nested, where: { id: "o2" } }))).toEqual({
      ok: { id: "o2", projects: [{ id: "p4" }, { id: "p5" }] },
    });
    for (const args of [
      { ...nested, orderBy: { id: "asc" } },
      { ...nested, where: { id: "o2" } },
    ]) {
      const op = "where" in args ? "findUnique" : "findMany";
      expect(await outcome(() => facade.organization![op]!(args))).toEqual({
        error: { name: "PrismaCompatUnsupportedError" },
      });
    }
    const grouped = (having: unknown): Call => [
      "task",
      "groupBy",
      { by: ["status"], _count: { _all: true }, having, orderBy: { status: "asc" } },
    ];
    await expectSameReads([
      grouped({ OR: [{ status: {} }] }),
      grouped({ NOT: { status: {} } }),
      grouped({ OR: [{ status: { _count: {} } }, { status: "DONE" }] }),
      grouped({ NOT: [{ AND: [] }, { status: "DONE" }] }),
      tasks({ status: { mode: "default" } }),
      tasks({ OR: [{ status: { mode: "default" } }] }),
    ]);
  });

  it("distinct with a cursor over a nullable key is refused, not answered differently", async () => {
    const args = {
      orderBy: [{ before: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: -1,
      cursor: { id: 2n },
      distinct: ["organizationId"],
      select: { id: true },
    };
    // Prisma 7.10 runs its distinct over rows before the cursor too (its SQL lets NULL keys through): [].
    expect(await outcome(() => prisma.auditLog!.findMany!(args))).toEqual({ ok: [] });
    expect(await outcome(() => facade.auditLog!.findMany!(args))).toEqual({
      error: { name: "PrismaCompatUnsupportedError" },
    });
  });

  it("Prisma rejects: null for required fields and relations, null in `in`, enum ordering operators, zone-less date strings, count distinct", async () => {
    const refused: Call[] = [
      tasks({ id: null }),
      tasks({ id: { equals: null } }),
      tasks({ position: { not: null } }),
      tasks({ position: { in: null } }),
      tasks({ assigneeId: { in: ["u1", null] } }),
      tasks({ assigneeId: { not: { notIn: ["u1", null] } } }),
      tasks({ status: { lt: "DONE" } }),
      tasks({ status: { not: { gte: "TODO" } } }),
      tasks({ project: null }),
      tasks({ project: { is: null } }),
      tasks({ project: { isNot: null } }),
      tasks({ createdAt: { gte: "2026-01-01T12:20:00" } }),
      tasks({ createdAt: { gte: "2026-01-01" } }),
      tasks({ createdAt: { gte: "2026-01-01T12:20Z" } }),
      tasks({ createdAt: { gte: "2026-02-30T12:20:00Z" } }),
      tasks({ createdAt: "2026-01-01T12:20:00+0100" }),
      ["task", "count", { distinct: ["status"] }],
      ["download", "create", { data: { version: "9", platform: "x", url: "u", releasedAt: "2026-01-01T12:00:00" } }],
    ];
    for (const call of refused) {
      const [model, op, args] = call;
      expect(await outcome(() => prisma[model]![op]!(args)), label(call)).toEqual({
        error: { name: "PrismaClientValidationError" },
      });
      expect(await outcome(() => facade[model]![op]!(args)), label(call)).toEqual({
        error: { name: "PrismaClientValidationError" },
      });
    }
    // What Prisma does accept in a date string, the facade reads the same way.
    await expectSameReads([
      tasks({ createdAt: { gte: "2026-01-01t12:20:00z" } }),
      tasks({ createdAt: { gte: "2026-01-01 12:20:00.1239-00:00" } }),
      tasks({ createdAt: { lt: "2026-01-01T13:20:00.5+01:00" } }),
    ]);
  });

  it("class 7: null for a list field, a list element or a list operation is refused, and no NULL list is written", async () => {
    const state =
      "SELECT id, tags FROM projects WHERE tags IS NULL OR array_position(tags, NULL) IS NOT NULL ORDER BY id";
    const base = { organizationId: "o1", ownerId: "u1", name: "x" };
    const refused: Call[] = [
      ["project", "create", { data: { ...base, id: "px", tags: null } }],
      ["project", "create", { data: { ...base, id: "px", tags: { set: null } } }],
      ["project", "create", { data: { ...base, id: "px", tags: ["a", null] } }],
      ["project", "createMany", { data: [{ ...base, id: "px", tags: null }] }],
      ["project", "update", { where: { id: "p1" }, data: { tags: null } }],
      ["project", "update", { where: { id: "p1" }, data: { tags: { set: null } } }],
      ["project", "update", { where: { id: "p1" }, data: { tags: { push: null } } }],
      ["project", "update", { where: { id: "p1" }, data: { tags: { push: [null] } } }],
      ["project", "update", { where: { id: "p1" }, data: { tags: ["a", null] } }],
      ["project", "updateMany", { where: {}, data: { tags: null } }],
      ["project", "upsert", { where: { id: "p1" }, create: base, update: { tags: null } }],
      [
        "organization",
        "update",
        {
          where: { id: "o1" },
          data: { projects: { createMany: { data: [{ ownerId: "u1", name: "x", tags: null }] } } },
        },
      ],
      [
        "organization",
        "update",
        { where: { id: "o1" }, data: { projects: { updateMany: { where: {}, data: { tags: null } } } } },
      ],
    ];
    for (const call of refused) {
      const actual = await rolledBack(facade, call, state);
      expect(actual, label(call)).toEqual({
        result: { error: { name: "PrismaClientValidationError" } },
        state: [{ id: "p5", tags: null }],
      });
    }
    await expectSameWrites(
      [
        ...refused,
        ["project", "update", { where: { id: "p5" }, data: { tags: { push: ["a", "b"] } }, select: { tags: true } }],
      ],
      state,
    );
  });
});
