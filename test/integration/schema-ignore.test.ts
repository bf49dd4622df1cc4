/**
 * `@ignore`, `@@ignore` and `Unsupported("…")` on a generated schema (fixture ignore.prisma): the
 * columns and tables are in the database (schema:parity proves them identical, see
 * schema-generate.test.ts), and the facade hides them as real Prisma Client 7.10 does — compared
 * here on the same database: results, validation errors, the missing delegate, and the foreign key
 * of an `@ignore`d relation that Prisma no longer accepts beside a written relation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FixturePair, delegate, openFixturePair } from "../support/fixture-client.ts";

/** The outcome of a call: its value, or the error's class name. */
async function outcome(call: () => Promise<unknown>): Promise<{ ok: unknown } | { error: string }> {
  try {
    return { ok: await call() };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

describe("@ignore, @@ignore and Unsupported: hidden by the facade as by Prisma Client", () => {
  let pair: FixturePair;
  beforeAll(async () => {
    pair = await openFixturePair(inject("pgServerUrl"), "ignore");
    await pair.query(
      `INSERT INTO "Author" (id, name, legacy, rank, location, display_name, span) VALUES (1, 'ada', 'old', 7, '(1,2)', 'A', '[1,5)'), (2, 'bob', NULL, 3, NULL, 'B', NULL)`,
    );
    await pair.query(`INSERT INTO drafts (id, "authorId", body) VALUES (10, 1, 'draft')`);
    await pair.query(`INSERT INTO "Post" (id, "authorId", title, "draftId") VALUES (100, 1, 'p', 10)`);
  }, 180_000);
  afterAll(async () => {
    await pair?.close();
  });

  const both = async (model: string, op: string, args: unknown) => ({
    prisma: await outcome(() => delegate(pair.prisma, model)[op]!(args)),
    facade: await outcome(() => delegate(pair.facade, model)[op]!(args)),
  });

  it("reads rows without the hidden columns, as Prisma does", async () => {
    const args = { orderBy: { id: "asc" }, include: { posts: true } };
    const { prisma, facade } = await both("author", "findMany", args);
    expect(prisma).toEqual({
      ok: [
        { id: 1, name: "ada", name2: "A", posts: [{ id: 100, authorId: 1, title: "p", draftId: 10 }] },
        { id: 2, name: "bob", name2: "B", posts: [] },
      ],
    });
    expect(facade).toEqual(prisma);
  });

  it("refuses hidden fields in where, data, select and orderBy with a validation error, as Prisma does", async () => {
    const calls: [string, unknown][] = [
      ["findMany", { where: { legacy: "old" } }],
      ["findMany", { where: { location: null } }],
      ["findMany", { select: { id: true, rank: true } }],
      ["findMany", { orderBy: { span: "asc" } }],
      ["create", { data: { id: 3, name: "c", rank: 5 } }],
      ["update", { where: { id: 2 }, data: { legacy: "x" } }],
      ["findMany", { where: { mood: "calm" } }],
      ["updateMany", { data: { tags: { push: "x" } } }],
    ];
    for (const [op, args] of calls) {
      const { prisma, facade } = await both("author", op, args);
      expect(prisma, `${op} ${JSON.stringify(args)}`).toEqual({ error: "PrismaClientValidationError" });
      expect(facade, `${op} ${JSON.stringify(args)}`).toEqual(prisma);
    }
  });

  it("writes leave the hidden columns to the database's defaults, as Prisma's writes do", async () => {
    for (const [client, id] of [
      [pair.prisma, 20],
      [pair.facade, 21],
    ] as const)
      expect(await delegate(client, "author").create!({ data: { id, name: "n" } })).toEqual({
        id,
        name: "n",
        name2: "x",
      });
    const rows = await pair.query(
      `SELECT id, legacy, rank, location, span, mood, tags FROM "Author" WHERE id IN (20, 21) ORDER BY id`,
    );
    expect(rows.map(({ id: _, ...rest }) => rest)).toEqual([
      { legacy: null, rank: 3, location: null, span: null, mood: "calm", tags: null },
      { legacy: null, rank: 3, location: null, span: null, mood: "calm", tags: null },
    ]);
  });

  it("an @ignore'd field's client-side default is applied by neither client (the column stays NULL)", async () => {
    for (const [client, id] of [
      [pair.prisma, 300],
      [pair.facade, 301],
    ] as const)
      await delegate(client, "post").create!({ data: { id, title: `d${id}`, authorId: 2 } });
    expect(await pair.query(`SELECT id, token FROM "Post" WHERE id IN (300, 301) ORDER BY id`)).toEqual([
      { id: 300, token: null },
      { id: 301, token: null },
    ]);
  });

  it("has no delegate for @@ignore'd models; their tables and the join table between them exist", async () => {
    expect(pair.prisma.draft).toBeUndefined();
    expect(pair.facade.draft).toBeUndefined();
    expect(pair.prisma.label).toBeUndefined();
    expect(pair.facade.label).toBeUndefined();
    expect([...pair.schema.models.keys()]).toEqual(["Author", "Post"]);
    const tables = await pair.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY relname COLLATE "C"`,
    );
    expect(tables.map((t) => t.relname)).toEqual(["Author", "Label", "Post", "_DraftToLabel", "drafts"]);
  });

  it("the key of an @ignore'd relation is a relation scalar: not beside a written relation, fine unchecked", async () => {
    const checked = await both("post", "create", {
      data: { id: 200, title: "t", draftId: null, author: { connect: { id: 1 } } },
    });
    expect(checked.prisma).toEqual({ error: "PrismaClientValidationError" });
    expect(checked.facade).toEqual(checked.prisma);
    const unchecked = async (client: typeof pair.prisma, id: number) =>
      outcome(() => delegate(client, "post").create!({ data: { id, title: `t${id}`, authorId: 1, draftId: 10 } }));
    expect(await unchecked(pair.prisma, 201)).toEqual({ ok: { id: 201, title: "t201", authorId: 1, draftId: 10 } });
    expect(await unchecked(pair.facade, 202)).toEqual({ ok: { id: 202, title: "t202", authorId: 1, draftId: 10 } });
  });
});
