/**
 * Reads without `orderBy` on a table whose rows are stored out of primary-key order. Prisma 7 orders
 * by primary key only when the call really paginates: a `take`, a `cursor`, or a `skip` above 0.
 * `skip: 0` is no pagination, so Prisma sends no ORDER BY and returns the rows as the table scan
 * yields them (a replay of a team's workload found the facade ordering `findFirst({ skip: 0 })`).
 * Each case runs through real Prisma Client and the facade on the same data and must give the same
 * result or the same error code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

type AnyClient = Record<string, Record<string, (args: unknown) => Promise<unknown>>>;
type Call = [model: string, op: string, args: Record<string, unknown>];

/** Result, or error class, code and whole meta, with Dates as ISO text, so the clients compare with toEqual. */
async function outcome(work: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: JSON.parse(JSON.stringify(await work())) as unknown };
  } catch (error) {
    const e = error as { name: string; code?: string; meta?: unknown };
    return { error: e.name, code: e.code, meta: e.meta };
  }
}

describe("compat regressions: reads without orderBy (skip: 0 is not pagination)", () => {
  const db = useTestDatabase();
  let pair: ClientPair;

  beforeAll(async () => {
    await db.reset();
    const t = "2026-01-01T12:00:00.000Z";
    // Users and tasks inserted in descending id order: the heap order is the reverse of the key order.
    for (const id of ["u3", "u2", "u1"])
      await db.query(`INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $1, $3, $3)`, [
        id,
        `${id}@example.com`,
        t,
      ]);
    await db.query(
      `INSERT INTO organizations (id, slug, name, plan, created_at, updated_at) VALUES ('o1', 'o1', 'O', 'FREE', $1, $1)`,
      [t],
    );
    await db.query(
      `INSERT INTO projects (id, organization_id, owner_id, name, status, tags, metadata, created_at, updated_at)
       VALUES ('p1', 'o1', 'u1', 'P', 'ACTIVE', '{}', '{}', $1, $1)`,
      [t],
    );
    for (const [i, id] of ["t3", "t2", "t1"].entries())
      await db.query(
        `INSERT INTO tasks (id, project_id, title, status, position, created_at, updated_at) VALUES ($1, 'p1', $1, 'TODO', $2, $3, $3)`,
        [id, i, t],
      );
    pair = openClientPair(db.url);
  });
  afterAll(async () => {
    await pair?.close();
  });

  const calls: Call[] = [
    ["user", "findFirst", { skip: 0 }],
    ["user", "findFirstOrThrow", { skip: 0, where: { email: { contains: "example" } } }],
    ["user", "findMany", { skip: 0 }],
    ["user", "findMany", { skip: 0, select: { id: true } }],
    ["user", "findFirst", { skip: 1 }],
    ["user", "findMany", { skip: 1 }],
    ["user", "findMany", { take: 2 }],
    ["user", "findMany", { skip: 0, take: 2 }],
    ["project", "findFirst", { include: { tasks: { skip: 0 } } }],
    ["project", "findFirst", { include: { tasks: { skip: 1 } } }],
    ["project", "findFirst", { select: { tasks: { skip: 0, select: { id: true } } } }],
    ["user", "aggregate", { skip: 0, _min: { id: true } }],
    ["user", "aggregate", { skip: 0, take: 1, _min: { id: true } }],
    ["user", "count", { skip: 0 }],
    ["user", "count", { skip: 0, take: 1 }],
    ["task", "groupBy", { by: ["status"], skip: 0, _count: { _all: true } }],
  ];

  it.each(calls.map((call) => [`${call[0]}.${call[1]}(${JSON.stringify(call[2])})`, call] as const))(
    "%s answers as Prisma does",
    async (_label, [model, op, args]) => {
      const prisma = pair.prisma as unknown as AnyClient;
      const facade = pair.facade as unknown as AnyClient;
      const expected = await outcome(() => prisma[model]![op]!(args));
      expect(await outcome(() => facade[model]![op]!(args))).toEqual(expected);
    },
  );

  it("the heap order really differs from the key order (else the cases above prove nothing)", async () => {
    const rows = await db.query<{ id: string }>(`SELECT id FROM users`);
    expect(rows.map((r) => r.id)).toEqual(["u3", "u2", "u1"]);
  });
});
