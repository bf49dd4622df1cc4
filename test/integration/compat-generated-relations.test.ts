/**
 * The facade on a generated schema, relations (test/fixtures/schemas/relations.prisma): implicit
 * many-to-many relations (some/every/none, include/select with where/orderBy/take/skip/distinct,
 * `_count`, orderBy `_count`), self-relations (1-1, 1-n, m-n), several named relations between two
 * models. Each case runs through real Prisma Client (generated for the fixture) and through
 * `createPrismaCompatClient(db, { schema: describeSchema(generated, MODELS) })` on the same data.
 */
import { describe, expect, it } from "vitest";
import { seedRelations } from "./compat-generated-relations-seed.ts";
import { type Case, compareCases } from "./compat-generated-support.ts";

const byId = { id: "asc" } as const;

/**
 * `NOT` around relation filters whose inner field is nullable: to-one optional (owner and back
 * side of a 1-1, self-relations), to-many and many-to-many. A NULL compared on the related row stays
 * NULL in Prisma's LEFT JOIN, so neither the filter nor its NOT matches that row.
 */
const NOT_OVER_RELATIONS: Case[] = [
  { model: "person", op: "findMany", args: { where: { NOT: { manager: { managerId: 1 } } }, orderBy: byId } },
  {
    model: "person",
    op: "findMany",
    args: { where: { NOT: { manager: { isNot: { managerId: 1 } } } }, orderBy: byId },
  },
  { model: "person", op: "findMany", args: { where: { NOT: { mentee: { managerId: 1 } } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { NOT: { mentor: { is: { mentorId: 5 } } } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { NOT: { profile: { isNot: { bio: "c" } } } }, orderBy: byId } },
  { model: "post", op: "findMany", args: { where: { NOT: { editor: { mentorId: 7 } } }, orderBy: byId } },
  {
    model: "group",
    op: "findMany",
    args: { where: { NOT: { parent: { parentSlug: "x" } } }, orderBy: { slug: "asc" } },
  },
  { model: "person", op: "findMany", args: { where: { NOT: { liked: { every: { editorId: 2 } } } }, orderBy: byId } },
  { model: "post", op: "findMany", args: { where: { NOT: { likedBy: { some: { managerId: 1 } } } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { NOT: { written: { none: { editorId: 2 } } } }, orderBy: byId } },
  { model: "person", op: "count", args: { where: { NOT: { reports: { some: { manager: { managerId: 3 } } } } } } },
];

const READS: Case[] = [
  ...NOT_OVER_RELATIONS,
  // include through every many-to-many field, both sides of the self-relation
  {
    model: "person",
    op: "findMany",
    args: {
      include: { friends: { orderBy: byId }, friendOf: { orderBy: byId }, groups: true, liked: { orderBy: byId } },
      orderBy: byId,
    },
  },
  {
    model: "person",
    op: "findMany",
    args: { include: { friends: true, friendOf: true }, orderBy: byId },
    ordered: false,
  },
  { model: "post", op: "findMany", args: { include: { likedBy: true, tags: true }, orderBy: byId }, ordered: false },
  {
    model: "tag",
    op: "findMany",
    args: { include: { posts: { orderBy: { title: "desc" } } }, orderBy: { name: "asc" } },
  },
  // nested where / orderBy / take / skip / distinct / select / omit on a many-to-many include
  {
    model: "person",
    op: "findMany",
    args: {
      include: { friends: { where: { name: { not: "bob" } }, orderBy: { name: "desc" }, take: 1 } },
      orderBy: byId,
    },
  },
  {
    model: "person",
    op: "findMany",
    args: { include: { friends: { orderBy: byId, skip: 1 }, friendOf: { orderBy: byId, take: -1 } }, orderBy: byId },
  },
  {
    model: "post",
    op: "findMany",
    args: { include: { likedBy: { distinct: ["managerId"], orderBy: byId } }, orderBy: byId },
  },
  {
    model: "group",
    op: "findMany",
    args: {
      select: {
        slug: true,
        members: {
          select: { name: true, liked: { select: { title: true, tags: { orderBy: { name: "asc" } } } } },
          orderBy: byId,
        },
        children: true,
      },
      orderBy: { slug: "asc" },
    },
  },
  {
    model: "person",
    op: "findUnique",
    args: {
      where: { id: 1 },
      include: { friends: { omit: { managerId: true }, orderBy: byId, include: { friends: { orderBy: byId } } } },
    },
  },
  // some / every / none, with empty and nested filters, on both sides
  { model: "person", op: "findMany", args: { where: { friends: { some: { name: "carol" } } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { friendOf: { some: {} } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { friends: { none: {} } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { friends: { every: { id: { gt: 1 } } } }, orderBy: byId } },
  {
    model: "person",
    op: "findMany",
    args: {
      where: { groups: { every: { parent: { is: null } } }, liked: { some: { tags: { some: { name: "orm" } } } } },
      orderBy: byId,
    },
  },
  {
    model: "post",
    op: "findMany",
    args: { where: { tags: { some: { name: "orm" } }, likedBy: { none: { name: "alice" } } }, orderBy: byId },
  },
  {
    model: "tag",
    op: "findMany",
    args: { where: { posts: { every: { author: { name: "alice" } } } }, orderBy: { name: "asc" } },
  },
  {
    model: "tag",
    op: "findMany",
    args: { where: { NOT: { posts: { some: { likedBy: { some: { name: "bob" } } } } } }, orderBy: { name: "asc" } },
  },
  {
    model: "person",
    op: "findMany",
    args: {
      where: { OR: [{ groups: { some: { slug: "child" } } }, { friends: { some: {} }, friendOf: { none: {} } }] },
      orderBy: byId,
    },
  },
  // _count of many-to-many relations, filtered too, and orderBy _count
  { model: "person", op: "findMany", args: { select: { id: true, _count: true }, orderBy: byId } },
  {
    model: "person",
    op: "findMany",
    args: {
      select: { id: true, _count: { select: { friends: { where: { name: "carol" } }, groups: true, liked: true } } },
      orderBy: byId,
    },
  },
  { model: "tag", op: "findMany", args: { include: { _count: true }, orderBy: { name: "asc" } } },
  {
    model: "person",
    op: "findMany",
    args: { orderBy: [{ friends: { _count: "desc" } }, { id: "asc" }], select: { id: true } },
  },
  {
    model: "post",
    op: "findMany",
    args: { orderBy: [{ likedBy: { _count: "asc" } }, { id: "desc" }], select: { id: true, title: true } },
  },
  // count / aggregate / groupBy / findFirst / cursor with many-to-many filters and includes
  { model: "person", op: "count", args: { where: { groups: { some: { slug: "root" } } } } },
  {
    model: "post",
    op: "aggregate",
    args: { where: { likedBy: { some: {} } }, _count: { _all: true }, _max: { id: true } },
  },
  {
    model: "person",
    op: "groupBy",
    args: {
      by: ["managerId"],
      where: { friendOf: { some: {} } },
      _count: { _all: true },
      orderBy: { managerId: "asc" },
    },
  },
  {
    model: "person",
    op: "findFirst",
    args: {
      where: { liked: { some: {} } },
      orderBy: [{ liked: { _count: "desc" } }, { id: "asc" }],
      include: { liked: { orderBy: byId } },
    },
  },
  { model: "person", op: "findMany", args: { cursor: { id: 2 }, take: 2, include: { friends: { orderBy: byId } } } },
  // self-relations: 1-1 (mentor/mentee), 1-n (manager/reports), the group tree, named relations to Post
  {
    model: "person",
    op: "findUnique",
    args: { where: { id: 2 }, include: { mentor: true, mentee: true, manager: true, reports: { orderBy: byId } } },
  },
  { model: "person", op: "findMany", args: { where: { mentee: { isNot: null } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { manager: { is: { name: "alice" } } }, orderBy: byId } },
  { model: "person", op: "findMany", args: { where: { reports: { some: { reports: { some: {} } } } }, orderBy: byId } },
  {
    model: "person",
    op: "findMany",
    args: {
      where: { mentor: { mentor: { name: "alice" } } },
      include: { mentor: { include: { mentor: true } } },
      orderBy: byId,
    },
  },
  {
    model: "group",
    op: "findMany",
    args: { where: { parent: { is: null } }, include: { children: { include: { children: true, parent: true } } } },
  },
  {
    model: "person",
    op: "findMany",
    args: {
      include: {
        written: { orderBy: byId },
        edited: true,
        profile: true,
        _count: { select: { written: true, edited: true, reports: true } },
      },
      orderBy: byId,
    },
  },
  {
    model: "post",
    op: "findMany",
    args: {
      where: { editor: { isNot: null }, author: { friends: { some: {} } } },
      include: { author: true, editor: true },
    },
  },
  {
    model: "profile",
    op: "findMany",
    args: {
      where: { person: { friendOf: { some: { name: "alice" } } } },
      include: { person: { include: { friendOf: { orderBy: byId } } } },
    },
  },
];

/**
 * Prisma's checked inputs (a relation the row holds the key of, written nested) have no
 * autoincrement Int id, and checked updates no autoincrement Int unique either; its unchecked
 * inputs (keys as scalars, or no such relation written) have them. A BigInt autoincrement id is
 * in both. Nested creates choose between the two the same way.
 */
/**
 * A nested `connect` naming one row twice: Prisma drops repeated wheres (key order aside) before
 * counting the rows it expects (P2018 only when fewer distinct rows were found).
 */
const REPEATED_CONNECTS: Case[] = [
  [{ id: 1n }, { id: 1n }],
  [
    { id: 1n, title: "p1" },
    { title: "p1", id: 1n },
  ],
  [{ id: 1n }, { id: 2n }, { id: 1n }],
  [{ id: 1n }, { id: 1n, title: "p1" }],
  [{ id: 1n }, { id: 1n }, { id: 99n }],
].map((connect) => ({
  model: "person",
  op: "update",
  args: { where: { id: 4 }, data: { written: { connect } }, include: { written: { orderBy: byId } } },
}));

const WRITES: Case[] = [
  ...REPEATED_CONNECTS,
  { model: "person", op: "update", args: { where: { id: 4 }, data: { liked: { connect: [{ id: 2n }, { id: 2n }] } } } },
  { model: "person", op: "create", args: { data: { id: 50, name: "x", manager: { connect: { id: 1 } } } } },
  { model: "person", op: "create", args: { data: { id: 50, name: "x", friends: { connect: [{ id: 1 }] } } } },
  { model: "person", op: "create", args: { data: { id: 51, name: "x", managerId: 1 } } },
  { model: "person", op: "update", args: { where: { id: 5 }, data: { id: 60, mentor: { connect: { id: 4 } } } } },
  { model: "person", op: "update", args: { where: { id: 5 }, data: { id: 60, name: "e2" } } },
  {
    model: "person",
    op: "create",
    args: { data: { name: "x", reports: { create: { id: 70, name: "y", mentor: { connect: { id: 5 } } } } } },
  },
  { model: "person", op: "create", args: { data: { id: 80, name: "x", reports: { create: { id: 70, name: "y" } } } } },
  {
    model: "person",
    op: "upsert",
    args: { where: { id: 99 }, create: { id: 71, name: "z", manager: { connect: { id: 1 } } }, update: {} },
  },
  { model: "post", op: "create", args: { data: { id: 9n, title: "p9", author: { connect: { id: 1 } } } } }, // A 1-1 write onto a side already taken: the row holding it is released first — P2014 when its
  // key is required (Profile.personId), its key cleared when optional (Person.mentorId).
  {
    model: "profile",
    op: "update",
    args: { where: { personId: 1 }, data: { bio: "q", person: { connect: { id: 3 } } } },
  },
  { model: "profile", op: "update", args: { where: { personId: 1 }, data: { person: { connect: { id: 1 } } } } },
  { model: "profile", op: "create", args: { data: { bio: "n", person: { connect: { id: 1 } } } } },
  { model: "person", op: "update", args: { where: { id: 3 }, data: { profile: { connect: { personId: 1 } } } } },
  { model: "person", op: "update", args: { where: { id: 1 }, data: { profile: { create: { bio: "z" } } } } },
  { model: "person", op: "update", args: { where: { id: 5 }, data: { profile: { connect: { personId: 1 } } } } },
  { model: "person", op: "update", args: { where: { id: 5 }, data: { mentor: { connect: { id: 1 } } } } },
  { model: "person", op: "update", args: { where: { id: 1 }, data: { mentee: { connect: { id: 3 } } } } },
  {
    model: "person",
    op: "update",
    args: { where: { id: 1 }, data: { mentee: { connectOrCreate: { where: { id: 4 }, create: { name: "n" } } } } },
  },
  // A self-relation written from the side without the key, naming the parent row itself: the
  // parent's own key changes, and the row returned is the one written.
  { model: "person", op: "update", args: { where: { id: 4 }, data: { mentee: { connect: { id: 4 } } } } },
  { model: "person", op: "update", args: { where: { id: 4 }, data: { reports: { connect: [{ id: 4 }] } } } },
  {
    model: "person",
    op: "update",
    args: {
      where: { id: 5 },
      data: { name: "e", reports: { connect: [{ id: 5 }, { id: 3 }] } },
      select: { managerId: true },
    },
  },
  { model: "person", op: "create", args: { data: { id: 90, name: "n", reports: { connect: [{ id: 90 }] } } } },
  { model: "person", op: "update", args: { where: { id: 2 }, data: { reports: { disconnect: [{ id: 4 }] } } } },
  {
    model: "person",
    op: "update",
    args: { where: { id: 1 }, data: { profile: { update: { person: { update: { name: "renamed" } } } } } },
  },
  // The row holding the key is missing, and so is (or is not) the row to connect.
  ...[{ id: "ALPHA" }, { personId: 1 }].flatMap((where) =>
    [287, 2].map((id) => ({ model: "profile", op: "update", args: { where, data: { person: { connect: { id } } } } })),
  ),
  {
    model: "profile",
    op: "update",
    args: { where: { id: "ALPHA" }, data: { bio: "x", person: { connect: { id: 287 } } } },
  },
  ...[1n, 99n].flatMap((id) =>
    [287, 1].map((to) => ({
      model: "post",
      op: "update",
      args: { where: { id }, data: { author: { connect: { id: to } } } },
    })),
  ),
  ...[5, 99].flatMap((id) =>
    [287, 1].map((to) => ({
      model: "person",
      op: "update",
      args: { where: { id }, data: { mentor: { connect: { id: to } } } },
    })),
  ),
  {
    model: "person",
    op: "update",
    args: { where: { id: 99 }, data: { mentor: { connectOrCreate: { where: { id: 1 }, create: { name: "m" } } } } },
  },
  {
    model: "person",
    op: "update",
    args: { where: { id: 99 }, data: { mentor: { connectOrCreate: { where: { id: 287 }, create: { name: "m" } } } } },
  },
  { model: "person", op: "update", args: { where: { id: 99 }, data: { mentor: { create: { name: "m" } } } } },
  { model: "person", op: "update", args: { where: { id: 99 }, data: { mentee: { connect: { id: 4 } } } } },
  { model: "profile", op: "update", args: { where: { id: "ALPHA" }, data: { person: { create: { name: "m" } } } } },
  { model: "post", op: "update", args: { where: { id: 99n }, data: { author: { create: { name: "m" } } } } },
  ...[1, 4, 287].map((id) => ({
    model: "profile",
    op: "update",
    args: { where: { id: "ALPHA" }, data: { person: { connectOrCreate: { where: { id }, create: { name: "m" } } } } },
  })),
  { model: "profile", op: "update", args: { where: { id: "ALPHA" }, data: { person: { connect: { id: 1 } } } } },
  { model: "profile", op: "create", args: { data: { bio: "b", person: { connect: { id: 287 } } } } },
  { model: "person", op: "create", args: { data: { name: "n", mentor: { connect: { id: 287 } } } } },
  // Empty lists through a many-to-many relation under a missing parent: Prisma reports the update.
  ...[
    "connect",
    "set",
    "disconnect",
    "create",
    "connectOrCreate",
    "delete",
    "upsert",
    "update",
    "updateMany",
    "deleteMany",
  ].map((op) => ({ model: "tag", op: "update", args: { where: { name: "missing" }, data: { posts: { [op]: [] } } } })),
];

describe("the facade on a generated schema: relations.prisma", () => {
  // Every read here is one Prisma answers: a shared error would prove little.
  const pair = compareCases({
    fixture: "relations",
    seed: seedRelations,
    reads: READS,
    writes: WRITES,
    readsAnswered: true,
  });

  it("the data exercises both sides of every many-to-many relation", async () => {
    const counts = await pair().query<{ t: string; n: number }>(
      `SELECT '_Friends' AS t, count(*)::int AS n FROM "_Friends" UNION ALL SELECT '_Likes', count(*)::int FROM "_Likes" UNION ALL SELECT '_PostToTag', count(*)::int FROM "_PostToTag" UNION ALL SELECT '_GroupToPerson', count(*)::int FROM "_GroupToPerson" ORDER BY 1`,
    );
    expect(counts).toEqual([
      { t: "_Friends", n: 4 },
      { t: "_GroupToPerson", n: 3 },
      { t: "_Likes", n: 3 },
      { t: "_PostToTag", n: 3 },
    ]);
  });
});
