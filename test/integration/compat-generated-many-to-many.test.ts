/**
 * Nested writes through implicit many-to-many relations on a generated schema
 * (test/fixtures/schemas/relations.prisma): connect, disconnect, set, create, createMany,
 * connectOrCreate, update, updateMany, upsert, delete, deleteMany, in creates and updates, on both
 * sides of the self-relation, and deletes of rows that have links. Real Prisma Client and the
 * facade run each write in a rolled-back transaction on the same data; the result (or the error,
 * class, code and whole `meta`) and every table, the `_AToB` join tables included, must match.
 */
import { describe } from "vitest";
import { type Case, compareCases } from "./compat-generated-support.ts";
import { seedRelations } from "./compat-generated-relations-seed.ts";

const byId = { id: "asc" } as const;
const alice = { id: 1 };
const withFriends = { friends: { orderBy: byId }, friendOf: { orderBy: byId } };

const WRITES: Case[] = [
  // connect / disconnect / set, both sides of the self-relation, missing and already linked rows
  {
    model: "person",
    op: "update",
    args: { where: { id: 5 }, data: { friends: { connect: [{ id: 1 }, { id: 2 }] } }, include: withFriends },
  },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { friends: { connect: { id: 2 } } }, include: withFriends },
  },
  { model: "person", op: "update", args: { where: alice, data: { friends: { connect: [{ id: 5 }, { id: 99 }] } } } },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { friends: { disconnect: [{ id: 2 }, { id: 99 }] }, friendOf: { disconnect: { id: 4 } } },
      include: withFriends,
    },
  },
  { model: "person", op: "update", args: { where: alice, data: { friends: { disconnect: { id: 5 } } } } },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { friends: { set: [{ id: 4 }, { id: 5 }] } }, include: withFriends },
  },
  { model: "person", op: "update", args: { where: alice, data: { friends: { set: [] } }, include: withFriends } },
  { model: "person", op: "update", args: { where: alice, data: { friends: { set: [{ id: 2 }, { id: 99 }] } } } },
  {
    model: "person",
    op: "update",
    args: {
      where: { id: 2 },
      data: { friendOf: { set: [{ id: 5 }] }, groups: { set: [{ slug: "leaf" }] } },
      include: { ...withFriends, groups: true },
    },
  },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { friends: { connect: alice } } } },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { friends: { set: [] } } } },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { friends: { disconnect: alice } } } },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { groups: { create: { slug: "orphan" } } } } },
  {
    model: "person",
    op: "update",
    args: {
      where: { id: 42 },
      data: { groups: { connectOrCreate: { where: { slug: "root" }, create: { slug: "root" } } } },
    },
  },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { groups: { delete: { slug: "root" } } } } },
  { model: "person", op: "update", args: { where: { id: 42 }, data: { groups: { deleteMany: {} } } } },
  {
    model: "person",
    op: "update",
    args: { where: { id: 42 }, data: { groups: { updateMany: { where: {}, data: { parentSlug: null } } } } },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: { id: 42 },
      data: { groups: { upsert: { where: { slug: "root" }, create: { slug: "root" }, update: {} } } },
    },
  },
  {
    model: "person",
    op: "update",
    args: { where: { id: 42 }, data: { groups: { update: { where: { slug: "root" }, data: {} } } } },
  },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { friends: { connect: [{ id: 5 }, { id: 5 }] } }, include: withFriends },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { friends: { disconnect: [{ id: 2 }], connect: [{ id: 2 }, { id: 5 }] } },
      include: withFriends,
    },
  },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { friends: { connect: [{ id: 5 }], set: [{ id: 4 }] } }, include: withFriends },
  },
  // create / createMany / connectOrCreate through the relation
  {
    model: "person",
    op: "update",
    args: {
      where: { id: 5 },
      data: { groups: { create: [{ slug: "new" }, { slug: "newer", parent: { connect: { slug: "root" } } }] } },
      include: { groups: { orderBy: { slug: "asc" } } },
    },
  },
  { model: "person", op: "update", args: { where: { id: 5 }, data: { groups: { create: { slug: "root" } } } } },
  {
    model: "person",
    op: "update",
    args: { where: { id: 5 }, data: { groups: { createMany: { data: [{ slug: "x" }] } } } },
  },
  {
    model: "post",
    op: "update",
    args: {
      where: { id: 3n },
      data: {
        tags: {
          connectOrCreate: [
            { where: { name: "orm" }, create: { name: "orm" } },
            { where: { name: "fresh" }, create: { name: "fresh" } },
          ],
        },
      },
      include: { tags: { orderBy: { name: "asc" } } },
    },
  },
  {
    model: "post",
    op: "update",
    args: {
      where: { id: 1n },
      data: { tags: { connectOrCreate: { where: { name: "ts" }, create: { name: "ts" } } } },
      include: { tags: { orderBy: { name: "asc" } } },
    },
  },
  // update / updateMany / upsert / delete / deleteMany of linked rows
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { friends: { update: { where: { id: 2 }, data: { name: "bobby" } } } },
      include: withFriends,
    },
  },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { friends: { update: { where: { id: 5 }, data: { name: "nope" } } } } },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { friends: { updateMany: { where: { name: { startsWith: "c" } }, data: { name: "C" } } } },
      include: withFriends,
    },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: {
        groups: { upsert: { where: { slug: "root" }, create: { slug: "root" }, update: { parentSlug: "leaf" } } },
      },
      include: { groups: true },
    },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { groups: { upsert: { where: { slug: "mine" }, create: { slug: "mine" }, update: {} } } },
      include: { groups: { orderBy: { slug: "asc" } } },
    },
  },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { groups: { upsert: { where: { slug: "child" }, create: { slug: "child" }, update: {} } } },
    },
  },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { groups: { delete: { slug: "root" } } }, include: { groups: true } },
  },
  { model: "person", op: "update", args: { where: alice, data: { groups: { delete: { slug: "leaf" } } } } },
  {
    model: "person",
    op: "update",
    args: { where: alice, data: { liked: { deleteMany: { title: "p2" } } }, include: { liked: true } },
  },
  { model: "person", op: "update", args: { where: { id: 2 }, data: { liked: { deleteMany: {} } } } },
  {
    model: "person",
    op: "update",
    args: {
      where: alice,
      data: { liked: { update: { where: { id: 2n }, data: { tags: { set: [{ name: "sql" }] } } } } },
      include: { liked: { include: { tags: true } } },
    },
  },
  // many-to-many writes in a create, nested in another nested create
  {
    model: "person",
    op: "create",
    args: {
      data: {
        id: 10,
        name: "zed",
        friends: { connect: [alice, { id: 3 }] },
        friendOf: { create: { id: 11, name: "yan" } },
        groups: { create: [{ slug: "g1" }] },
        liked: { connectOrCreate: { where: { id: 1n }, create: { title: "x", author: { connect: alice } } } },
      },
      include: { ...withFriends, groups: true, liked: true },
    },
  },
  {
    model: "post",
    op: "create",
    args: {
      data: {
        id: 9n,
        title: "p9",
        author: { create: { id: 12, name: "ann", groups: { connect: { slug: "leaf" } } } },
        likedBy: { connect: [{ id: 4 }] },
        tags: { create: { name: "t9" } },
      },
      include: { tags: true, likedBy: true, author: { include: { groups: true } } },
    },
  },
  { model: "person", op: "create", args: { data: { id: 13, name: "bad", friends: { connect: { id: 99 } } } } },
  { model: "person", op: "create", args: { data: { id: 14, name: "bad", groups: { create: { slug: "root" } } } } },
  // deletes of rows with links: the join rows go with them
  { model: "person", op: "delete", args: { where: { id: 4 } } },
  { model: "tag", op: "delete", args: { where: { name: "orm" }, include: { posts: true } } },
  { model: "group", op: "deleteMany", args: { where: { members: { some: {} } } } },
];

describe("the facade on a generated schema: nested writes through implicit many-to-many relations", () => {
  compareCases({ fixture: "relations", seed: seedRelations, writes: WRITES });
});
