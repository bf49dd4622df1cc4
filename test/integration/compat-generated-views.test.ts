/**
 * The facade on a generated schema, views (test/fixtures/schemas/views.prisma): a `view` block is a
 * read-only delegate, served through the view's Drizzle definition. The views themselves are created
 * by this test's own SQL, as a team's migration would (Prisma's migrations create no view). Reads
 * compare results with types kept; writes (which Prisma's query compiler has no query for) compare
 * error class, message, code and meta, and the database state, against real Prisma Client 7.10.
 */
import { describe, expect, it } from "vitest";
import { type FixturePair, delegate } from "../support/fixture-client.ts";
import { type Case, compareCases } from "./compat-generated-support.ts";

/** What a team's migration would hold for the fixture's two views. */
const CREATE_VIEWS = `
CREATE VIEW customer_totals AS
  SELECT c.id AS customer_id, c.email, coalesce(sum(o.total), 0)::numeric(12,2) AS total,
         nullif(count(o.id), 0)::int AS orders
  FROM "Customer" c LEFT JOIN "Order" o ON o.customer_id = c.id GROUP BY c.id;
CREATE VIEW order_lines AS SELECT o.id AS order_id, o.customer_id, o.total FROM "Order" o;`;

async function seed(pair: FixturePair): Promise<void> {
  await pair.query(CREATE_VIEWS);
  const customer = delegate(pair.prisma, "customer");
  await customer.create!({ data: { email: "ada@x", orders: { create: [{ total: "2.50" }, { total: "1.25" }] } } });
  await customer.create!({ data: { email: "bob@x", orders: { create: [{ total: "10.00" }] } } });
  await customer.create!({ data: { email: "cy@x" } });
  await customer.create!({ data: { email: "dee@y", orders: { create: [{ total: "1.25" }] } } });
}

const READS: Case[] = [
  { model: "customerTotal", op: "findMany", ordered: false },
  { model: "customerTotal", op: "findMany", args: { orderBy: { total: "desc" }, take: 2, skip: 1 } },
  { model: "customerTotal", op: "findMany", args: { where: { orders: null }, select: { email: true } } },
  {
    model: "customerTotal",
    op: "findMany",
    args: { where: { OR: [{ email: { endsWith: "@y" } }, { total: { gte: 10 } }] }, orderBy: { customerId: "asc" } },
  },
  { model: "customerTotal", op: "findMany", args: { cursor: { customerId: 2 }, take: 2, omit: { email: true } } },
  { model: "customerTotal", op: "findMany", args: { distinct: ["total"], orderBy: { total: "asc" } } },
  { model: "customerTotal", op: "findUnique", args: { where: { customerId: 1 } } },
  { model: "customerTotal", op: "findUnique", args: { where: { customerId: 99 } } },
  { model: "customerTotal", op: "findUniqueOrThrow", args: { where: { customerId: 99 } } },
  { model: "customerTotal", op: "findUnique", args: { where: { email: "ada@x" } } },
  { model: "customerTotal", op: "findFirst", args: { where: { total: { lt: 5 } }, orderBy: { email: "desc" } } },
  { model: "customerTotal", op: "findFirstOrThrow", args: { where: { email: "nobody" } } },
  { model: "customerTotal", op: "count", args: { where: { orders: { gt: 0 } } } },
  { model: "customerTotal", op: "count", args: { select: { _all: true, orders: true } } },
  {
    model: "customerTotal",
    op: "aggregate",
    args: { _sum: { total: true }, _avg: { orders: true }, _max: { email: true }, _count: true },
  },
  {
    model: "customerTotal",
    op: "groupBy",
    args: { by: ["total"], _count: { _all: true }, _sum: { orders: true }, orderBy: { total: "asc" } },
  },
  { model: "customerTotal", op: "findMany", args: { include: { customer: true } } },
  { model: "orderLine", op: "findMany", ordered: false },
  { model: "orderLine", op: "findMany", args: { orderBy: [{ total: "asc" }, { orderId: "asc" }], take: 2, skip: 1 } },
  { model: "orderLine", op: "findMany", args: { take: 2 } },
  { model: "orderLine", op: "findMany", args: { skip: 1 } },
  { model: "orderLine", op: "findMany", args: { cursor: { orderId: 1 } } },
  { model: "orderLine", op: "findFirst", args: { where: { customerId: 2 } } },
  { model: "orderLine", op: "findFirst", args: { take: 1 } },
  { model: "orderLine", op: "findFirst", args: { take: -1, orderBy: { orderId: "asc" } } },
  { model: "orderLine", op: "count", args: { take: 2 } },
  { model: "orderLine", op: "count", args: { skip: 1, where: { total: { lt: 5 } } } },
  { model: "orderLine", op: "aggregate", args: { take: 2, _sum: { total: true } } },
  { model: "orderLine", op: "aggregate", args: { cursor: { orderId: 1 }, _count: true } },
  { model: "orderLine", op: "findUnique", args: { where: { orderId: 1 } } },
  { model: "orderLine", op: "findUniqueOrThrow", args: { where: { orderId: 1 } } },
  {
    model: "orderLine",
    op: "groupBy",
    args: { by: ["customerId"], _sum: { total: true }, orderBy: { customerId: "asc" } },
  },
];

const WRITES: Case[] = [
  { model: "customerTotal", op: "create", args: { data: { customerId: 9, email: "z@x", total: 1, orders: 0 } } },
  { model: "customerTotal", op: "createMany", args: { data: [{ customerId: 9, email: "z@x", total: 1 }] } },
  { model: "customerTotal", op: "createManyAndReturn", args: { data: [{ customerId: 9, email: "z@x", total: 1 }] } },
  { model: "customerTotal", op: "update", args: { where: { customerId: 1 }, data: { email: "q@x" } } },
  { model: "customerTotal", op: "updateMany", args: { data: { email: "q@x" } } },
  { model: "customerTotal", op: "updateManyAndReturn", args: { data: { email: "q@x" } } },
  {
    model: "customerTotal",
    op: "upsert",
    args: { where: { customerId: 1 }, create: { customerId: 1, email: "q@x", total: 1 }, update: { email: "q@x" } },
  },
  { model: "customerTotal", op: "delete", args: { where: { customerId: 1 } } },
  { model: "customerTotal", op: "deleteMany", args: {} },
  // order_lines is an updatable view in PostgreSQL: a write would succeed there, Prisma sends none.
  { model: "orderLine", op: "create", args: { data: { orderId: 9, customerId: 1, total: 1 } } },
  { model: "orderLine", op: "deleteMany" },
];

describe("the facade on a generated schema: views.prisma", () => {
  const pair = compareCases({ fixture: "views", seed, reads: READS, writes: WRITES });

  it("a refused write leaves an interactive transaction usable, in both clients", async () => {
    const inTransaction = (client: FixturePair["prisma"]) =>
      client.$transaction(async (tx) => {
        const refused = await delegate(tx, "orderLine").deleteMany!().catch((e: unknown) => (e as Error).name);
        return { refused, lines: await delegate(tx, "orderLine").count!() };
      });
    const expected = await inTransaction(pair().prisma);
    expect(expected).toEqual({ refused: "PrismaClientUnknownRequestError", lines: 4 });
    expect(await inTransaction(pair().facade)).toEqual(expected);
  });
});
