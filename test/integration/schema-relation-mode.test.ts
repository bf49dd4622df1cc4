/**
 * `relationMode = "prisma"` on the relation-mode fixture: the generated schema has no foreign keys
 * (as Prisma's database has none; parity is proved in schema-generate.test.ts) but keeps its
 * relations(); the bindings tell the facade the mode and the declared referential actions, which the
 * facade emulates (compared case by case with real Prisma in compat-relation-mode.test.ts). What
 * real Prisma Client 7.10 does on such a schema is pinned here too.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ModelBinding, createPrismaCompatClient, describeSchema } from "../../src/compat/index.ts";
import { openPgPool } from "../../src/db/pool.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { type BuiltFixture, buildFixture } from "../support/fixture-client.ts";
import { type OwnedPrismaAdapter, ownedPrismaAdapter } from "../support/prisma-adapter.ts";
import { queryOnce } from "../support/scratch-databases.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "test/fixtures/schemas/relation-mode.prisma");

type Row = Record<string, unknown>;
type Delegate = Record<"create" | "update" | "delete" | "deleteMany" | "findUnique", (args: unknown) => Promise<Row>>;
/** The slice of a Prisma-shaped client used here (real Prisma Client and the facade alike). */
type Client = Record<"author" | "book" | "profile" | "review" | "club", Delegate> & { $disconnect(): Promise<void> };

/** A Prisma error's code and meta, or "ok" when the promise resolved. */
async function outcome(promise: Promise<unknown>): Promise<{ code?: string; meta?: unknown } | "ok"> {
  return promise.then(
    () => "ok" as const,
    (error: { code?: string; meta?: unknown }) => ({ code: error.code, meta: error.meta }),
  );
}

describe('relationMode = "prisma"', () => {
  let fixture: BuiltFixture | undefined;
  let dir = "";
  let url = "";
  let prisma: Client;
  let prismaAdapter: OwnedPrismaAdapter | undefined;

  beforeAll(async () => {
    fixture = await buildFixture(inject("pgServerUrl"), "relation-mode");
    ({ dir, url } = fixture);
    const { PrismaClient } = (await import(pathToFileURL(join(dir, "generated/client.ts")).href)) as {
      PrismaClient: new (options: { adapter: PrismaPg }) => Client;
    };
    prismaAdapter = ownedPrismaAdapter(url);
    prisma = new PrismaClient({ adapter: prismaAdapter.adapter });
  }, 180_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await prismaAdapter?.close();
    await fixture?.remove();
  });

  it("the database has no foreign keys; the generated schema declares none but keeps every relation", async () => {
    expect(await queryOnce(url, `SELECT conname FROM pg_constraint WHERE contype = 'f'`)).toEqual([]);
    const text = await readFile(join(dir, "drizzle/schema.ts"), "utf8");
    expect(text).not.toContain("foreignKey");
    expect(text).toContain(
      `author: one(authorTable, { fields: [bookTable.authorId], references: [authorTable.id], relationName: "AuthorToBook" })`,
    );
    const compat = (await import(pathToFileURL(join(dir, "drizzle/compat.ts")).href)) as {
      RELATION_MODE: string;
      MODELS: Record<
        string,
        { relationMode?: string; backRelations?: readonly string[]; referentialActions?: Record<string, unknown> }
      >;
    };
    // Without foreign keys, the bindings name the back side of each one-to-one for the facade.
    expect(compat.MODELS.Author!.backRelations).toEqual(["profile"]);
    expect(compat.MODELS.Profile!.backRelations).toBeUndefined();
    expect(compat.RELATION_MODE).toBe("prisma");
    // The actions schema.prisma declares, on the side holding the key; none given: Prisma's defaults.
    expect(compat.MODELS.Review!.referentialActions).toEqual({
      book: { onDelete: "SetNull", onUpdate: "SetNull" },
      author: { onDelete: "Cascade", onUpdate: "Cascade" },
    });
    expect(compat.MODELS.Profile!.referentialActions).toEqual({ author: { onDelete: "Cascade" } });
    expect(compat.MODELS.Note!.referentialActions).toBeUndefined();
    // Club's only relation is implicit many-to-many: it is bound with the mode too.
    expect(Object.entries(compat.MODELS).map(([m, b]) => `${m}:${b.relationMode ?? "-"}`)).toEqual([
      "Author:prisma",
      "Profile:prisma",
      "Book:prisma",
      "Review:prisma",
      "Comment:prisma",
      "Note:prisma",
      "Club:prisma",
    ]);
  });

  it("real Prisma Client emulates the actions: Restrict is P2014 (rolled back), Cascade deletes, SetNull clears, creates are not checked", async () => {
    // No existence check on a plain foreign key value (there is no foreign key to fail).
    expect(await outcome(prisma.book.create({ data: { authorId: 999_999 } }))).toBe("ok");
    const author = await prisma.author.create({ data: { name: "a" } });
    const book = await prisma.book.create({ data: { authorId: author.id } });
    await prisma.profile.create({ data: { authorId: author.id } });
    await prisma.review.create({ data: { bookId: book.id, authorId: author.id } });
    expect(await outcome(prisma.author.delete({ where: { id: author.id } }))).toEqual({
      code: "P2014",
      meta: { modelName: "Author", relation: "AuthorToBook", modelA: "Book", modelB: "Author" },
    });
    // The Profile cascade ran before the Restrict check and was rolled back with it.
    expect(await queryOnce(url, `SELECT count(*)::int AS n FROM "Profile"`)).toEqual([{ n: 1 }]);
    await prisma.book.delete({ where: { id: book.id } });
    expect(await queryOnce(url, `SELECT "bookId" FROM "Review"`)).toEqual([{ bookId: null }]);
    await prisma.book.deleteMany({ where: { authorId: 999_999 } });
    await prisma.author.delete({ where: { id: author.id } });
    expect(
      await queryOnce(
        url,
        `SELECT (SELECT count(*) FROM "Profile")::int AS profiles, (SELECT count(*) FROM "Review")::int AS reviews`,
      ),
    ).toEqual([{ profiles: 0, reviews: 0 }]);
  });

  it("NoAction and SetDefault are Prisma's own validation errors in this mode on PostgreSQL: nothing to emulate", async () => {
    const text = await readFile(FIXTURE, "utf8");
    for (const action of ["NoAction", "SetDefault"]) {
      const variant = join(dir, `${action}.prisma`);
      await writeFile(variant, text.replace("onDelete: SetNull, onUpdate: SetNull", `onDelete: ${action}`));
      await expect(loadSchema(variant)).rejects.toThrow(
        `Invalid referential action: \`${action}\`. Allowed values: (\`Cascade\`, \`Restrict\`, \`SetNull\`)`,
      );
    }
  });

  it("the facade reads, and applies Restrict as Prisma does (P2014, nothing deleted)", async () => {
    const { pool, close } = openPgPool(url, { max: 2 });
    try {
      const schemaModule = (await import(pathToFileURL(join(dir, "drizzle/schema.ts")).href)) as Record<
        string,
        unknown
      >;
      const { MODELS } = (await import(pathToFileURL(join(dir, "drizzle/compat.ts")).href)) as {
        MODELS: Record<string, ModelBinding>;
      };
      const facade = createPrismaCompatClient(drizzle({ client: pool, schema: schemaModule }), {
        schema: describeSchema(schemaModule, MODELS),
      }) as unknown as Client;
      const author = await prisma.author.create({ data: { name: "read me" } });
      await prisma.book.create({ data: { authorId: author.id } });
      const read = (await facade.author.findUnique({ where: { id: author.id }, include: { books: true } })) as {
        books: unknown[];
      };
      expect(read.books).toHaveLength(1);
      const expected = {
        code: "P2014",
        meta: { modelName: "Author", relation: "AuthorToBook", modelA: "Book", modelB: "Author" },
      };
      expect(await outcome(prisma.author.delete({ where: { id: author.id } }))).toEqual(expected);
      expect(await outcome(facade.author.delete({ where: { id: author.id } }))).toEqual(expected);
      expect(await queryOnce(url, `SELECT name FROM authors WHERE id = $1`, [author.id])).toEqual([
        { name: "read me" },
      ]);
    } finally {
      await close();
    }
  });
});
