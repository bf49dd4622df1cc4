/**
 * The facade on a generated schema, keys (test/fixtures/schemas/keys.prisma): composite ids (named
 * with `name:` and not), compound uniques (named with `name:`, or mapped with `map:` only), and
 * single-field uniques, in `where`, `cursor`, nested `connect`/`connectOrCreate`/`delete` and
 * `upsert`; a relation whose foreign key is composite. Real Prisma Client and the facade run each
 * case on the same data; writes are compared by result and table contents, then rolled back.
 */
import { describe } from "vitest";
import { type FixturePair, delegate } from "../support/fixture-client.ts";
import { type Case, compareCases } from "./compat-generated-support.ts";

const T = new Date("2025-01-02T03:04:05.678Z");

async function seed(pair: FixturePair): Promise<void> {
  const tenant = delegate(pair.prisma, "tenant");
  await tenant.create!({ data: { code: "A", name: "alpha" } });
  await tenant.create!({ data: { code: "B", name: "beta" } });
  // A third tenant: serial ids beyond the seed's (> 3) are masked as new by the comparator.
  await tenant.create!({ data: { code: "Z", name: "zeta" } });
  const user = delegate(pair.prisma, "tenantUser");
  await user.create!({
    data: {
      tenantId: 1,
      userId: "u1",
      email: "one@a",
      score: 10,
      tags: ["x"],
      createdAt: T,
      grants: { create: [{ scope: "read" }, { scope: "write" }] },
    },
  });
  await user.create!({ data: { tenantId: 1, userId: "u2", email: "two@a", score: 20, seen: -4, createdAt: T } });
  await user.create!({
    data: {
      tenantId: 2,
      userId: "u1",
      email: "one@b",
      score: 5,
      seen: 3,
      createdAt: T,
      grants: { create: [{ scope: "read" }] },
    },
  });
  const long = delegate(pair.prisma, "aVeryLongModelNameThatWillNeedTruncationOfItsConstraintNames");
  await long.create!({
    data: { aVeryLongFieldNameNumberOneForTheIndex: 1, aVeryLongFieldNameNumberTwoForTheIndex: 2, third: "t" },
  });
}

const u1 = { tenantId_userId: { tenantId: 1, userId: "u1" } };
const grant = (tenantId: number, userId: string, scope: string) => ({ grantKey: { tenantId, userId, scope } });

/** `NOT` around each kind of relation filter (to-one required, is/isNot; to-many some/every/none). */
function notOverRelationFilters(): Case[] {
  const byKey = { orderBy: [{ tenantId: "asc" }, { userId: "asc" }] };
  const grants = [{ seen: -4 }, { is: { seen: -4 } }, { isNot: { seen: -4 } }, { is: { seen: { not: 3 } } }];
  return [
    ...grants.map((user) => ({
      model: "grant",
      op: "findMany",
      args: { where: { NOT: { user } }, orderBy: [{ tenantId: "asc" }, { userId: "asc" }, { scope: "asc" }] },
    })),
    { model: "grant", op: "findMany", args: { where: { NOT: [{ user: { seen: 3 } }, { scope: "write" }] } } },
    ...["some", "every", "none"].map((op) => ({
      model: "tenant",
      op: "findMany",
      args: { where: { NOT: { users: { [op]: { seen: -4 } } } }, orderBy: { id: "asc" } },
    })),
    {
      model: "tenantUser",
      op: "findMany",
      args: { where: { NOT: { grants: { every: { scope: "read" } } } }, ...byKey },
    },
    { model: "tenantUser", op: "count", args: { where: { NOT: { tenant: { users: { some: { seen: -4 } } } } } } },
  ];
}

const READS: Case[] = [
  {
    model: "tenant",
    op: "findUnique",
    args: { where: { nameCode: { name: "alpha", code: "A" } }, include: { users: { orderBy: { userId: "asc" } } } },
  },
  { model: "tenant", op: "findUnique", args: { where: { code: "B" } } },
  { model: "tenant", op: "findUnique", args: { where: { nameCode: { name: "alpha", code: "B" } } } },
  { model: "tenant", op: "findUnique", args: { where: { name_code: { name: "alpha", code: "A" } } } },
  {
    model: "tenantUser",
    op: "findUnique",
    args: { where: u1, include: { grants: { orderBy: { scope: "asc" } }, tenant: true } },
  },
  {
    model: "tenantUser",
    op: "findUnique",
    args: { where: { tenantId_email: { tenantId: 2, email: "one@b" } }, select: { userId: true, _count: true } },
  },
  { model: "tenantUser", op: "findUnique", args: { where: { tenantId: 1 } } },
  { model: "tenantUser", op: "findUniqueOrThrow", args: { where: { tenantId_userId: { tenantId: 2, userId: "u2" } } } },
  {
    model: "grant",
    op: "findUnique",
    args: { where: grant(1, "u1", "write"), include: { user: { include: { tenant: true } } } },
  },
  // NOT over relation filters on a nullable field (`seen` is NULL for (1, u1)): Prisma evaluates a
  // to-one filter over a LEFT JOIN, so `seen = -4` on NULL stays NULL and NOT of it matches nothing.
  ...notOverRelationFilters(),
  { model: "grant", op: "findMany", args: { cursor: grant(1, "u1", "write"), take: 2 } },
  // Ordered by the whole key: Prisma 7.10 adds no primary-key tie-breaker when `orderBy` names a
  // field of a composite id, and then returns ties in the table's physical order.
  {
    model: "grant",
    op: "findMany",
    args: {
      cursor: grant(1, "u1", "read"),
      take: -2,
      orderBy: [{ scope: "asc" }, { tenantId: "desc" }, { userId: "asc" }],
    },
  },
  {
    model: "tenantUser",
    op: "findMany",
    args: {
      cursor: { tenantId_userId: { tenantId: 1, userId: "u2" } },
      take: 5,
      select: { tenantId: true, userId: true },
    },
  },
  // A cursor row that does not match `where`. Prisma pages in memory (no LIMIT in its SQL) when the
  // order is not stable by its rule — no unique field, no @@unique fully ordered (a compound @@id
  // does not count) — or has a nullable key; it then looks for the cursor row among the rows it
  // read, and without it returns no rows. Otherwise its SQL compares with the cursor row's values.
  {
    model: "tenantUser",
    op: "findMany",
    args: { where: { score: { lte: 10 } }, cursor: { tenantId_userId: { tenantId: 1, userId: "u2" } } },
  },
  {
    model: "tenantUser",
    op: "findMany",
    args: {
      where: { score: { lte: 10 } },
      cursor: { tenantId_userId: { tenantId: 1, userId: "u2" } },
      orderBy: [{ tenantId: "desc" }, { userId: "desc" }],
      take: 5,
      select: { tenantId: true, userId: true },
    },
  },
  {
    model: "tenantUser",
    op: "count",
    args: { where: { score: { lte: 10 } }, cursor: { tenantId_email: { tenantId: 1, email: "two@a" } } },
  },
  { model: "grant", op: "findMany", args: { where: { scope: "read" }, cursor: grant(1, "u1", "write") } },
  { model: "grant", op: "findMany", args: { where: { scope: "read" }, cursor: grant(1, "u1", "write"), take: -3 } },
  {
    model: "tenant",
    op: "findMany",
    args: { where: { code: { not: "B" } }, cursor: { id: 2 }, orderBy: { name: "asc" } },
  },
  {
    model: "tenant",
    op: "findMany",
    args: { where: { code: { not: "B" } }, cursor: { id: 2 }, orderBy: [{ name: "asc" }, { code: "asc" }] },
  },
  { model: "tenant", op: "findMany", args: { where: { code: { not: "B" } }, cursor: { code: "B" }, take: 2 } },
  {
    model: "grant",
    op: "findMany",
    args: { where: { scope: "read" }, cursor: grant(1, "u1", "write"), orderBy: { user: { email: "asc" } } },
  },
  {
    model: "tenantUser",
    op: "findMany",
    args: { where: { grants: { some: { scope: "write" } } }, select: { tenantId: true, userId: true } },
  },
  {
    model: "tenantUser",
    op: "findMany",
    args: { where: { grants: { none: {} } }, select: { tenantId: true, userId: true } },
  },
  {
    model: "grant",
    op: "findMany",
    args: {
      where: { user: { email: { endsWith: "@a" }, tenant: { code: "A" } } },
      orderBy: [{ user: { score: "desc" } }, { scope: "asc" }],
    },
  },
  {
    model: "grant",
    op: "groupBy",
    args: { by: ["tenantId", "userId"], _count: { scope: true }, orderBy: [{ tenantId: "asc" }, { userId: "asc" }] },
  },
  {
    model: "aVeryLongModelNameThatWillNeedTruncationOfItsConstraintNames",
    op: "findUnique",
    args: {
      where: {
        aVeryLongFieldNameNumberOneForTheIndex_aVeryLongFieldNameNumberTwoForTheIndex: {
          aVeryLongFieldNameNumberOneForTheIndex: 1,
          aVeryLongFieldNameNumberTwoForTheIndex: 2,
        },
      },
    },
  },
];

const WRITES: Case[] = [
  // A to-many `set` whose newcomers' primary key holds the foreign key: connecting them changes the
  // key their `where` names, and they still are the set (not rows left over: no P2014).
  {
    model: "tenantUser",
    op: "update",
    args: {
      where: { tenantId_userId: { tenantId: 1, userId: "u2" } },
      data: { grants: { set: [grant(1, "u1", "write")] } },
    },
  },
  {
    model: "tenantUser",
    op: "update",
    args: {
      where: { tenantId_userId: { tenantId: 1, userId: "u2" } },
      data: { grants: { set: [grant(1, "u1", "write"), grant(1, "u1", "read"), grant(1, "u9", "read")] } },
    },
  },
  {
    model: "tenantUser",
    op: "update",
    args: { where: u1, data: { grants: { set: [grant(1, "u1", "read")] } } },
  },
  {
    model: "grant",
    op: "create",
    args: {
      data: { scope: "admin", user: { connect: { tenantId_userId: { tenantId: 2, userId: "u1" } } } },
      include: { user: true },
    },
  },
  {
    model: "grant",
    op: "create",
    args: { data: { scope: "admin", user: { connect: { tenantId_userId: { tenantId: 2, userId: "nobody" } } } } },
  },
  {
    model: "grant",
    op: "create",
    args: {
      data: {
        scope: "ghost",
        user: {
          connectOrCreate: {
            where: { tenantId_userId: { tenantId: 2, userId: "u3" } },
            create: {
              userId: "u3",
              email: "three@b",
              score: 1,
              createdAt: T,
              tenant: { connect: { nameCode: { name: "beta", code: "B" } } },
            },
          },
        },
      },
      include: { user: true },
    },
  },
  {
    model: "grant",
    op: "update",
    args: {
      where: grant(1, "u1", "read"),
      data: { user: { connect: { tenantId_userId: { tenantId: 1, userId: "u2" } } } },
    },
  },
  { model: "grant", op: "delete", args: { where: grant(1, "u1", "write") } },
  { model: "grant", op: "delete", args: { where: grant(1, "u1", "nothing") } },
  {
    model: "tenantUser",
    op: "update",
    args: { where: u1, data: { grants: { delete: grant(1, "u1", "read") } }, include: { grants: true } },
  },
  { model: "tenantUser", op: "update", args: { where: u1, data: { grants: { delete: grant(2, "u1", "read") } } } },
  {
    model: "tenantUser",
    op: "update",
    args: {
      where: u1,
      data: { grants: { connect: grant(2, "u1", "read") } },
      include: { grants: { orderBy: { scope: "asc" } } },
    },
  },
  {
    model: "tenantUser",
    op: "update",
    args: {
      where: u1,
      data: { grants: { deleteMany: { scope: { startsWith: "w" } }, create: { scope: "audit" } } },
      include: { grants: { orderBy: { scope: "asc" } } },
    },
  },
  {
    model: "tenantUser",
    op: "update",
    args: {
      where: u1,
      data: { grants: { update: { where: grant(1, "u1", "read"), data: { scope: "reader" } } } },
      include: { grants: { orderBy: { scope: "asc" } } },
    },
  },
  {
    model: "tenantUser",
    op: "upsert",
    args: {
      where: { tenantId_userId: { tenantId: 1, userId: "u2" } },
      create: { tenantId: 1, userId: "u2", email: "dup", score: 0, createdAt: T },
      update: { score: { increment: 1 } },
    },
  },
  {
    model: "tenantUser",
    op: "upsert",
    args: {
      where: { tenantId_userId: { tenantId: 2, userId: "u7" } },
      create: { tenantId: 2, userId: "u7", email: "seven@b", score: 7, createdAt: T },
      update: { score: 0 },
    },
  },
  {
    model: "tenantUser",
    op: "create",
    args: {
      data: {
        tenant: { connect: { nameCode: { name: "beta", code: "B" } } },
        userId: "new",
        email: "n@b",
        score: 3,
        createdAt: T,
        grants: { create: [{ scope: "a" }, { scope: "b" }] },
      },
      include: { grants: { orderBy: { scope: "asc" } } },
    },
  },
  {
    model: "tenantUser",
    op: "create",
    args: {
      data: { tenant: { connect: { nameCode: { name: "beta", code: "A" } } }, userId: "new", email: "n@b", score: 3 },
    },
  },
  { model: "tenantUser", op: "delete", args: { where: u1 } },
  {
    model: "tenant",
    op: "update",
    args: {
      where: { nameCode: { name: "beta", code: "B" } },
      data: { name: "gamma", users: { create: { userId: "u9", email: "nine@b", score: 9, createdAt: T } } },
      include: { users: { orderBy: { userId: "asc" } } },
    },
  },
  {
    model: "tenant",
    op: "upsert",
    args: {
      where: { code: "C" },
      create: { code: "C", name: "gamma" },
      update: {},
      select: { code: true, name: true },
    },
  },
  { model: "tenant", op: "delete", args: { where: { nameCode: { name: "alpha", code: "A" } } } },
];

describe("the facade on a generated schema: keys.prisma", () => {
  compareCases({ fixture: "keys", seed, reads: READS, writes: WRITES });
});
