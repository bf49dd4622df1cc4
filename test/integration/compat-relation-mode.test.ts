/**
 * The facade's emulation of relationMode = "prisma" (src/compat/referential/), differential against
 * the relation-mode fixture's real Prisma Client 7.10 on identical data. Every action the fixture
 * declares (Cascade, Restrict, SetNull; NoAction and SetDefault are validation errors on
 * PostgreSQL in this mode) and Prisma's defaults (model Note), through every write that triggers
 * them: delete, deleteMany, update/updateMany/updateManyAndReturn of a referenced key, and nested
 * delete/deleteMany/update/disconnect/set; cascades of cascades (Author → Review → Comment).
 *
 * Each case runs twice per client: at top level on freshly seeded tables (Prisma rolls a failed
 * delete back, but not a failed `update`: its earlier cascades stay), and inside an interactive
 * transaction that is then rolled back (a failure leaves the earlier statements in the caller's
 * transaction). Results are compared with their types, errors with class, code and whole `meta`,
 * and every table's rows after.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CompatUnsupportedError } from "../../src/compat/index.ts";
import { type FixturePair, type LooseClient, delegate, openFixturePair } from "../support/fixture-client.ts";
import { type Case, describeCase, expectSameWrite, fixtureStateQuery } from "./compat-generated-support.ts";
import { FIXTURE_COMPARISON } from "./compat-fixtures.ts";

const { digestState, outcome, typed } = FIXTURE_COMPARISON;
const TABLES = ["authors", "Profile", "Book", "Review", "Comment", "Note", "Club", "_AuthorToClub"];

/**
 * a1 mentors a2; a1 and a2 have a book (Restrict), a1 and a3 a profile (Cascade) with a note
 * (default: Restrict); reviews of a1 and a3 (Cascade) on book 1 (SetNull), with comments
 * (Cascade); note 1 on book 1 (default: SetNull); a club with a1 and a3. a4 has nothing
 * restricting it: its review (and that review's comment) cascade away with it.
 */
async function reseed(pair: FixturePair): Promise<void> {
  await pair.query(`TRUNCATE ${TABLES.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`);
  await pair.query(`INSERT INTO authors (name, mentor_id) VALUES ('a1', NULL), ('a2', 1), ('a3', NULL), ('a4', NULL)`);
  await pair.query(`INSERT INTO "Profile" ("authorId") VALUES (1), (3)`);
  await pair.query(`INSERT INTO "Book" (author_id) VALUES (1), (2)`);
  await pair.query(`INSERT INTO "Review" ("bookId", "authorId") VALUES (1, 1), (1, 3), (2, 3), (NULL, 3), (NULL, 4)`);
  await pair.query(`INSERT INTO "Comment" ("reviewId") VALUES (1), (2), (2), (5)`);
  await pair.query(`INSERT INTO "Note" ("profileId", "bookId") VALUES (1, 1), (2, NULL)`);
  await pair.query(`INSERT INTO "Club" DEFAULT VALUES`);
  await pair.query(`INSERT INTO "_AuthorToClub" ("A", "B") VALUES (1, 1), (3, 1), (4, 1)`);
}

/** Runs `c` at top level on freshly seeded tables; its outcome and every table's rows after. */
async function topLevel(pair: FixturePair, client: LooseClient, c: Case, stateSql: string) {
  await reseed(pair);
  const result = await outcome(() => delegate(client, c.model)[c.op]!(c.args));
  return { outcome: typed(result), state: digestState(await pair.query(stateSql)) };
}

const DELETES: Case[] = [
  { model: "author", op: "delete", args: { where: { id: 1 } } }, // Mentoring (Restrict) first
  { model: "author", op: "delete", args: { where: { id: 2 } } }, // Profile cascade (none), then Book Restrict
  { model: "author", op: "delete", args: { where: { id: 3 } } }, // Profile cascade → Note default Restrict
  { model: "author", op: "delete", args: { where: { id: 4 } } }, // Review cascade → Comment cascade
  { model: "author", op: "delete", args: { where: { id: 4 }, include: { reviews: { include: { comments: true } } } } },
  { model: "author", op: "deleteMany", args: { where: { id: { in: [4] } } } },
  { model: "author", op: "delete", args: { where: { id: 99 } } }, // P2025
  { model: "book", op: "delete", args: { where: { id: 1 } } }, // Review SetNull, Note default SetNull
  { model: "book", op: "delete", args: { where: { id: 2 }, include: { reviews: true } } },
  { model: "profile", op: "delete", args: { where: { id: 1 } } },
  { model: "review", op: "delete", args: { where: { id: 2 }, select: { id: true, comments: true } } },
  { model: "comment", op: "delete", args: { where: { id: 1 } } },
  { model: "note", op: "delete", args: { where: { id: 2 } } },
  { model: "club", op: "delete", args: { where: { id: 1 } } }, // join rows stay: Prisma leaves them too
  // With relations selected, a Restrict met before or after a cascade.
  { model: "profile", op: "delete", args: { where: { id: 1 }, include: { notes: true } } },
  { model: "author", op: "delete", args: { where: { id: 1 }, select: { id: true, mentor: true } } },
  { model: "author", op: "delete", args: { where: { id: 3 }, include: { profile: true } } },
  { model: "author", op: "delete", args: { where: { id: 2 }, select: { id: true, books: true } } },
  { model: "profile", op: "delete", args: { where: { id: 1 }, select: { id: true, _count: true } } },
  { model: "author", op: "deleteMany", args: {} }, // Review cascade (→ Comment) runs, then Book Restrict
  { model: "author", op: "deleteMany", args: { where: { id: 3 } } }, // cascades, then Note Restrict
  { model: "review", op: "deleteMany", args: { where: { authorId: 3 } } }, // Comment cascade
  { model: "book", op: "deleteMany", args: {} },
  { model: "book", op: "deleteMany", args: { where: { id: { gt: 1 } }, limit: 1 } },
  { model: "note", op: "deleteMany", args: {} },
];

const UPDATES: Case[] = [
  { model: "author", op: "update", args: { where: { id: 3 }, data: { id: 9 } } }, // Review, Profile cascade
  { model: "author", op: "update", args: { where: { id: 1 }, data: { id: 9 } } }, // Review cascade kept, Book Restrict
  { model: "author", op: "update", args: { where: { id: 1 }, data: { id: 1 } } }, // Restrict even when unchanged
  { model: "author", op: "update", args: { where: { id: 1 }, data: { name: "x" } } }, // no key: no action
  { model: "author", op: "update", args: { where: { id: 99 }, data: { id: 9 } } },
  { model: "book", op: "update", args: { where: { id: 1 }, data: { id: 9 } } }, // Note cascade, Review SetNull
  { model: "profile", op: "update", args: { where: { id: 1 }, data: { id: 9 } } }, // Note default Cascade
  { model: "review", op: "update", args: { where: { id: 2 }, data: { id: { increment: 10 } } } },
  { model: "review", op: "updateMany", args: { where: { authorId: 3 }, data: { id: { increment: 10 } } } },
  { model: "book", op: "updateMany", args: { data: { id: { increment: 10 } } } },
  { model: "author", op: "updateMany", args: { where: { id: 2 }, data: { id: { increment: 10 } } } },
  { model: "review", op: "updateManyAndReturn", args: { where: { id: 1 }, data: { id: 7 } } },
  { model: "book", op: "update", args: { where: { id: 1 }, data: { authorId: 77 } } }, // keys are not checked
  { model: "book", op: "create", args: { data: { authorId: 77 } } },
];

const NESTED: Case[] = [
  // A missing row to update: Prisma reads it before any nested write, and reports the update.
  { model: "author", op: "update", args: { where: { id: 99 }, data: { books: { connect: [{ id: 1 }] } } } },
  { model: "author", op: "update", args: { where: { id: 99 }, data: { books: { create: [{}] } } } },
  { model: "author", op: "update", args: { where: { id: 99 }, data: { profile: { connect: { id: 1 } } } } },
  { model: "author", op: "update", args: { where: { id: 99 }, data: { mentees: { disconnect: [{ id: 2 }] } } } },
  { model: "club", op: "update", args: { where: { id: 99 }, data: { members: { connect: [{ id: 1 }] } } } },
  { model: "club", op: "update", args: { where: { id: 99 }, data: { members: { create: [{ name: "n" }] } } } },
  { model: "author", op: "update", args: { where: { id: 1 }, data: { books: { delete: { id: 1 } } } } },
  { model: "author", op: "update", args: { where: { id: 3 }, data: { reviews: { deleteMany: {} } } } },
  { model: "author", op: "update", args: { where: { id: 1 }, data: { profile: { delete: true } } } },
  { model: "author", op: "update", args: { where: { id: 1 }, data: { books: { deleteMany: { id: 1 } } } } },
  {
    model: "author",
    op: "update",
    args: { where: { id: 3 }, data: { reviews: { update: { where: { id: 2 }, data: { id: 20 } } } } },
  },
  {
    model: "author",
    op: "update",
    args: { where: { id: 3 }, data: { reviews: { updateMany: { where: {}, data: { id: { increment: 10 } } } } } },
  },
  {
    model: "author",
    op: "update",
    args: {
      where: { id: 3 },
      data: { reviews: { upsert: { where: { id: 2 }, create: {}, update: { id: { increment: 20 } } } } },
    },
  },
  { model: "book", op: "update", args: { where: { id: 1 }, data: { reviews: { disconnect: { id: 1 } } } } },
  { model: "book", op: "update", args: { where: { id: 1 }, data: { reviews: { set: [{ id: 3 }] } } } },
  { model: "profile", op: "update", args: { where: { id: 1 }, data: { notes: { deleteMany: {} } } } },
  { model: "club", op: "update", args: { where: { id: 1 }, data: { members: { delete: { id: 4 } } } } },
  { model: "club", op: "update", args: { where: { id: 1 }, data: { members: { deleteMany: {} } } } },
];

describe('relationMode = "prisma": the facade emulates Prisma\'s referential actions', () => {
  let pair: FixturePair;
  let stateSql = "";

  beforeAll(async () => {
    pair = await openFixturePair(inject("pgServerUrl"), "relation-mode");
    stateSql = await fixtureStateQuery(pair);
  }, 180_000);
  afterAll(async () => {
    await pair?.close();
  });

  for (const [group, cases] of [
    ["deletes", DELETES],
    ["updates of referenced keys", UPDATES],
    ["nested writes", NESTED],
  ] as const) {
    it(`${group}: same result or error and the same tables, at top level`, async () => {
      for (const c of cases) {
        const expected = await topLevel(pair, pair.prisma, c, stateSql);
        const actual = await topLevel(pair, pair.facade, c, stateSql);
        expect(actual.outcome, describeCase(c)).toStrictEqual(expected.outcome);
        expect(actual.state, `tables after ${describeCase(c)}`).toStrictEqual(expected.state);
      }
    });

    it(`${group}: same result or error and the same tables, inside an interactive transaction`, async () => {
      await reseed(pair);
      for (const c of cases.filter((x) => x.op !== "create")) await expectSameWrite(pair, c, stateSql);
    });
  }

  it("the failures above are Prisma's: P2014 naming the relation, the caller's model as modelName", async () => {
    await reseed(pair);
    const failed = await outcome(() =>
      delegate(pair.facade, "author").update!({ where: { id: 1 }, data: { profile: { delete: true } } }),
    );
    expect(failed).toMatchObject({
      error: {
        code: "P2014",
        meta: { modelName: "Author", relation: "NoteToProfile", modelA: "Note", modelB: "Profile" },
      },
    });
  });

  it("refuses by name an upsert whose update names a referenced key (Prisma 7.10 fails it with P2023)", async () => {
    await reseed(pair);
    const args = { where: { id: 3 }, create: { name: "n" }, update: { id: 9 } };
    const prismaError = await outcome(() => delegate(pair.prisma, "author").upsert!(args));
    expect(prismaError).toMatchObject({ error: { code: "P2023", meta: { modelName: "Author" } } });
    const error = await delegate(pair.facade, "author").upsert!(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompatUnsupportedError);
    expect((error as Error).message).toBe(
      'compat: `upsert` on model `Author` whose `update` changes a referenced key under relationMode = "prisma" (emulated referential actions) is not supported yet',
    );
    // An upsert that leaves the keys alone runs.
    const renamed = await delegate(pair.facade, "author").upsert!({ ...args, update: { name: "renamed" } });
    expect(renamed).toEqual({ id: 3, name: "renamed", mentorId: null });
  });
});
