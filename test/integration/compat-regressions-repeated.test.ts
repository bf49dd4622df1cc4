/**
 * Nested writes whose list names the same target more than once, on the relations fixture
 * (test/fixtures/schemas/relations.prisma): one-to-many relations with an optional key
 * (`Person.reports`, `Person.edited`) and a required one (`Person.written`), and implicit
 * many-to-many relations from both sides (`friends`/`friendOf`, `groups`/`members`). The same row is
 * named twice by the same where, or by two different wheres (`id` and the unique `mentorId`).
 * Real Prisma Client and the facade run each write in a rolled-back transaction on the same data;
 * the result (or the error: class, code, whole `meta`) and every table must match.
 *
 * What Prisma Client 7.10 does (recorded by these cases):
 * - `connect`, `set`, `disconnect` with one where repeated: the row once, no error; two different
 *   wheres naming one row: no error through a foreign key, but through a many-to-many relation
 *   `set` (and `connect`) fail with P2025 (`expectedRows` 2);
 * - `delete` naming a connected row twice, by the same where or by two: P2017 before anything is
 *   deleted (the connected rows are counted against the number of wheres), on every relation kind;
 * - `update`/`upsert` repeated: run in order, the last data wins; an upsert whose row is missing
 *   creates it and the repeat updates the row just created (or creates again when its where does not
 *   name it); `connectOrCreate` the same: created once when `create` gives the where's key, twice
 *   otherwise, and connected when it exists;
 * - a nested `update` whose data sets nothing is skipped without looking for its row, and a list of
 *   updates stops there: `[{ data: { x } }, { data: {} }, { data: { y } }]` writes x only (the rest
 *   of the parent's data still runs); under a missing parent such a first update needs nothing;
 * - `create`/`createMany` with a repeated unique value: P2002 from the database (`createMany` with
 *   `skipDuplicates` keeps the first); `deleteMany`/`updateMany` with overlapping filters run in order.
 */
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { type FixturePair, openFixturePair } from "../support/fixture-client.ts";
import { type Case, describeCase, expectSameWrite, fixtureStateQuery } from "./compat-generated-support.ts";
import { seedRelations } from "./compat-generated-relations-seed.ts";

const byId = { id: "asc" } as const;
const alice = { id: 1 };
/** Person 3 (carol) is named by `{ id: 3 }` and by `{ mentorId: 2 }`. */
const carolById = { id: 3 };
const carolByMentor = { mentorId: 2 };
const all = {
  reports: { orderBy: byId },
  friends: { orderBy: byId },
  friendOf: { orderBy: byId },
  written: { orderBy: byId },
  edited: { orderBy: byId },
  groups: { orderBy: { slug: "asc" } },
} as const;

/** `person.update({ where, data: { [relation]: ops }, include: all })`. */
function nested(where: unknown, relation: string, ops: unknown): Case {
  return { model: "person", op: "update", args: { where, data: { [relation]: ops }, include: all } };
}

/** The same target named twice, through each kind of relation. */
function repeatedOn(relation: string, where: unknown, target: unknown, other: unknown, fresh: unknown): Case[] {
  const twice = [target, target];
  return [
    nested(where, relation, { connect: twice }),
    nested(where, relation, { set: twice }),
    nested(where, relation, { set: [target, other] }),
    nested(where, relation, { disconnect: twice }),
    nested(where, relation, { delete: twice }),
    nested(where, relation, { delete: [target, other] }),
    nested(where, relation, {
      update: [
        { where: target, data: { name: "first" } },
        { where: target, data: { name: "second" } },
      ],
    }),
    nested(where, relation, {
      upsert: [
        { where: target, create: { id: 78, name: "c1" }, update: { name: "u1" } },
        { where: target, create: { id: 79, name: "c2" }, update: { name: "u2" } },
      ],
    }),
    nested(where, relation, {
      upsert: [
        { where: fresh, create: { ...(fresh as object), name: "c1" }, update: { name: "u1" } },
        { where: fresh, create: { ...(fresh as object), name: "c2" }, update: { name: "u2" } },
      ],
    }),
    nested(where, relation, {
      connectOrCreate: [
        { where: target, create: { id: 78, name: "c1" } },
        { where: target, create: { id: 79, name: "c2" } },
      ],
    }),
    nested(where, relation, {
      connectOrCreate: [
        { where: target, create: { id: 78, name: "c1" } },
        { where: other, create: { id: 79, name: "c2" } },
      ],
    }),
    nested(where, relation, {
      connectOrCreate: [
        { where: fresh, create: { ...(fresh as object), name: "c1" } },
        { where: fresh, create: { ...(fresh as object), name: "c2" } },
      ],
    }),
    nested(where, relation, {
      connectOrCreate: [
        { where: fresh, create: { id: 78, name: "c1" } },
        { where: fresh, create: { id: 79, name: "c2" } },
      ],
    }),
    nested(where, relation, {
      create: [
        { ...(fresh as object), name: "c1" },
        { ...(fresh as object), name: "c2" },
      ],
    }),
    nested(where, relation, { deleteMany: [{ name: "carol" }, carolById, { id: { gte: 3 } }] }),
    nested(where, relation, {
      updateMany: [
        { where: { id: { gte: 2 } }, data: { name: "wide" } },
        { where: carolById, data: { name: "narrow" } },
      ],
    }),
  ];
}

const PEOPLE: Case[] = [
  // one-to-many, optional key: alice manages bob (2) and carol (3)
  ...repeatedOn("reports", alice, carolById, carolByMentor, { id: 77 }),
  // one-to-many from a parent that does not yet hold the target: dave (4) is managed by bob
  ...repeatedOn("reports", { id: 5 }, carolById, carolByMentor, { id: 77 }),
  // implicit many-to-many, both sides of the self-relation: alice's friends are 2, 3, 4
  ...repeatedOn("friends", alice, carolById, carolByMentor, { id: 77 }),
  ...repeatedOn("friendOf", { id: 5 }, carolById, carolByMentor, { id: 77 }),
  ...repeatedOn("friendOf", { id: 2 }, carolById, carolByMentor, { id: 77 }),
];

const OTHERS: Case[] = [
  // deletes of rows nothing restricts: dave (4) reports to bob and is alice's friend
  nested({ id: 2 }, "reports", { delete: [{ id: 4 }, { id: 4 }] }),
  nested({ id: 2 }, "reports", { delete: [{ id: 4 }] }),
  nested(alice, "friends", { delete: [{ id: 4 }, { id: 4 }] }),
  nested(alice, "friends", { delete: [{ id: 4 }, { id: 2 }] }),
  nested({ id: 4 }, "friendOf", { deleteMany: [{ id: 1 }, { name: "alice" }] }),
  // one-to-many, required key (Post.author): alice wrote p1, bob p2, carol p3
  nested(alice, "written", { connect: [{ id: 3n }, { id: 3n }] }),
  nested(alice, "written", { set: [{ id: 1n }, { id: 1n }] }),
  nested({ id: 3 }, "written", { set: [{ id: 3n }, { id: 3n }] }),
  nested(alice, "written", { set: [{ id: 1n }, { id: 1n }, { id: 2n }] }),
  nested(alice, "written", { delete: [{ id: 1n }, { id: 1n }] }),
  nested(alice, "written", {
    update: [
      { where: { id: 1n }, data: { title: "first" } },
      { where: { id: 1n }, data: { title: "second" } },
    ],
  }),
  nested(alice, "written", {
    connectOrCreate: [
      { where: { id: 9n }, create: { id: 9n, title: "a" } },
      { where: { id: 9n }, create: { id: 9n, title: "b" } },
    ],
  }),
  nested(alice, "written", {
    connectOrCreate: [
      { where: { id: 2n }, create: { title: "a" } },
      { where: { id: 2n }, create: { title: "b" } },
    ],
  }),
  nested(alice, "written", {
    create: [
      { id: 9n, title: "a" },
      { id: 9n, title: "b" },
    ],
  }),
  nested(alice, "written", {
    create: [
      { id: 9n, title: "a" },
      { id: 2n, title: "b" },
    ],
  }),
  nested(alice, "written", {
    createMany: {
      data: [
        { id: 9n, title: "a" },
        { id: 9n, title: "b" },
      ],
    },
  }),
  nested(alice, "written", {
    createMany: {
      data: [
        { id: 9n, title: "a" },
        { id: 9n, title: "b" },
      ],
      skipDuplicates: true,
    },
  }),
  // one-to-many, optional key (Post.editor): bob edits p1
  nested({ id: 2 }, "edited", { disconnect: [{ id: 1n }, { id: 1n }] }),
  nested({ id: 2 }, "edited", { set: [{ id: 3n }, { id: 3n }] }),
  nested({ id: 5 }, "edited", { connect: [{ id: 1n }, { id: 1n }] }),
  // implicit many-to-many with a non-autoincrement key: groups root (1, 2), child (3)
  nested(alice, "groups", { connect: [{ slug: "leaf" }, { slug: "leaf" }] }),
  nested(alice, "groups", { set: [{ slug: "leaf" }, { slug: "leaf" }] }),
  nested(alice, "groups", { disconnect: [{ slug: "root" }, { slug: "root" }] }),
  nested(alice, "groups", { delete: [{ slug: "root" }, { slug: "root" }] }),
  nested(alice, "groups", {
    update: [
      { where: { slug: "root" }, data: { parentSlug: "leaf" } },
      { where: { slug: "root" }, data: { parentSlug: "child" } },
    ],
  }),
  nested(alice, "groups", {
    upsert: [
      { where: { slug: "z" }, create: { slug: "z" }, update: { parentSlug: "leaf" } },
      { where: { slug: "z" }, create: { slug: "z" }, update: { parentSlug: "child" } },
    ],
  }),
  nested(alice, "groups", {
    connectOrCreate: [
      { where: { slug: "z" }, create: { slug: "z" } },
      { where: { slug: "z" }, create: { slug: "z" } },
    ],
  }),
  nested(alice, "groups", {
    connectOrCreate: [
      { where: { slug: "leaf" }, create: { slug: "leaf" } },
      { where: { slug: "leaf" }, create: { slug: "leaf" } },
    ],
  }),
  nested(alice, "groups", { create: [{ slug: "z" }, { slug: "z" }] }),
  nested(alice, "groups", { create: [{ slug: "z" }, { slug: "leaf" }] }),
  {
    model: "group",
    op: "update",
    args: {
      where: { slug: "child" },
      data: { members: { connect: [carolById, carolByMentor], disconnect: [carolById, carolById] } },
      include: { members: { orderBy: byId } },
    },
  },
  {
    model: "group",
    op: "update",
    args: {
      where: { slug: "leaf" },
      data: { members: { set: [carolById, carolByMentor, carolById] } },
      include: { members: { orderBy: byId } },
    },
  },
  // Found by the fuzz once it generated nested updates: a missing row through a many-to-many relation
  // between two models names the target model (Person), not the parent (Post).
  {
    model: "post",
    op: "update",
    args: {
      where: { id: 1n },
      data: {
        likedBy: {
          update: [
            { where: { id: 2 }, data: { name: "first" } },
            { where: { id: 5 }, data: { name: "second" } },
          ],
        },
      },
    },
  },
  // A linked row updated twice, its key set to itself (the join table refers to it).
  ...[[{ id: 1n }], [{ id: 1n }, { id: 1n }], [{ title: "p1b" }, { title: "p1c" }], [{ id: 7n }, { title: "p1c" }]].map(
    (datas): Case => ({
      model: "tag",
      op: "update",
      args: {
        where: { name: "orm" },
        data: { posts: { update: datas.map((data) => ({ where: { id: 1n }, data })) } },
        include: { posts: { orderBy: byId } },
      },
    }),
  ),
  // The same under a parent that does not exist.
  ...[[{ title: "x" }], [{ title: "x" }, { title: "y" }], [{ id: 1n }, { id: 1n }]].map((datas): Case => ({
    model: "tag",
    op: "update",
    args: { where: { name: "zz" }, data: { posts: { update: datas.map((data) => ({ where: { id: 1n }, data })) } } },
  })),
  ...[[{}], [{ parentSlug: null }], [{}, { parentSlug: null }], [{ parentSlug: null }, {}]].map((datas): Case => ({
    model: "person",
    op: "update",
    args: {
      where: { id: 42 },
      data: { groups: { update: datas.map((data) => ({ where: { slug: "root" }, data })) } },
    },
  })),
  ...[{}, { name: "x" }].flatMap((data): Case[] => [
    nested({ id: 42 }, "reports", { update: [{ where: { id: 2 }, data }] }),
    nested({ id: 42 }, "manager", { update: data }),
    nested({ id: 42 }, "friends", { update: { where: { id: 2 }, data }, connect: { id: 3 } }),
  ]),
  nested({ id: 42 }, "groups", { update: [], connect: { slug: "leaf" } }),
  nested({ id: 42 }, "groups", { update: [], deleteMany: {} }),
  nested(alice, "friends", { update: [{ where: { id: 5 }, data: {} }] }),
  nested(alice, "reports", { update: [{ where: { id: 5 }, data: {} }] }),
  nested(alice, "manager", { update: {} }),
  nested({ id: 2 }, "manager", { update: { where: { name: "nobody" }, data: {} } }),
  nested(alice, "friends", {
    update: [
      { where: { id: 5 }, data: {} },
      { where: { id: 2 }, data: { name: "x" } },
    ],
  }),
  nested(alice, "friends", {
    update: [
      { where: { id: 2 }, data: { name: "x" } },
      { where: { id: 5 }, data: {} },
    ],
  }),
  nested(alice, "friends", {
    update: [
      { where: { id: 2 }, data: { name: "x" } },
      { where: { id: 3 }, data: {} },
      { where: { id: 4 }, data: { name: "y" } },
    ],
  }),
  nested(alice, "reports", {
    update: [
      { where: { id: 5 }, data: {} },
      { where: { id: 2 }, data: { name: "x" } },
    ],
  }),
  nested(alice, "reports", {
    update: [
      { where: { id: 2 }, data: { name: "x" } },
      { where: { id: 5 }, data: {} },
    ],
  }),
  nested(alice, "reports", {
    update: [
      { where: { id: 2 }, data: { name: "x" } },
      { where: { id: 3 }, data: {} },
      { where: { id: 3 }, data: { name: "y" } },
    ],
  }),
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: {
        name: "z",
        friends: { update: [{ where: { id: 2 }, data: {} }], connect: { id: 5 } },
        reports: { update: { where: { id: 2 }, data: { name: "after" } } },
      },
      include: all,
    },
  },
  // repeats in a create
  {
    model: "person",
    op: "create",
    args: {
      data: {
        id: 20,
        name: "new",
        reports: { connect: [carolById, carolById] },
        friends: {
          connectOrCreate: [
            { where: { id: 77 }, create: { id: 77, name: "x" } },
            { where: { id: 77 }, create: { id: 77, name: "y" } },
          ],
        },
        groups: {
          connectOrCreate: [
            { where: { slug: "leaf" }, create: { slug: "leaf" } },
            { where: { slug: "leaf" }, create: { slug: "leaf" } },
          ],
        },
      },
      include: all,
    },
  },
];

describe("the facade on a generated schema: nested writes naming the same target twice", () => {
  let pair: FixturePair;
  let stateSql = "";

  beforeAll(async () => {
    pair = await openFixturePair(inject("pgServerUrl"), "relations");
    await seedRelations(pair);
    stateSql = await fixtureStateQuery(pair);
  }, 180_000);
  afterAll(async () => {
    await pair?.close();
  });

  for (const c of [...PEOPLE, ...OTHERS]) {
    it(`writes: ${describeCase(c)}`, async () => {
      await expectSameWrite(pair, c, stateSql);
    });
  }
});
