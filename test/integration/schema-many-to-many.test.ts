/**
 * Implicit many-to-many tables as real Prisma Client writes them: the generated schema says which
 * model/field is side A of `_AToB` (compat.ts's IMPLICIT_MANY_TO_MANY, and the relations() of the
 * join table). Prisma Client is generated for the relations fixture, writes through every
 * many-to-many field, and Drizzle's relational query over the generated schema must find the same
 * rows from each field, including the self-relation whose two sides are the same model.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openPgPool } from "../../src/db/pool.ts";
import { type BuiltFixture, buildFixture } from "../support/fixture-client.ts";
import { ownedPrismaAdapter } from "../support/prisma-adapter.ts";

interface JoinSide {
  model: string;
  field: string;
}
interface JoinInfo {
  table: string;
  A: JoinSide;
  B: JoinSide;
}
/** The slice of the generated Prisma Client used here. */
interface RelationsClient {
  person: {
    create(args: { data: Record<string, unknown> }): Promise<{ id: number }>;
    findMany(args: { include: Record<string, boolean>; orderBy: { id: "asc" } }): Promise<Record<string, unknown>[]>;
  };
  post: { create(args: { data: Record<string, unknown> }): Promise<{ id: bigint }> };
  group: { create(args: { data: Record<string, unknown> }): Promise<{ slug: string }> };
  $disconnect(): Promise<void>;
}

describe("implicit many-to-many sides, as real Prisma writes them", () => {
  let fixture: BuiltFixture | undefined;
  let dir = "";
  let url = "";

  beforeAll(async () => {
    fixture = await buildFixture(inject("pgServerUrl"), "relations");
    ({ dir, url } = fixture);
  }, 180_000);
  afterAll(async () => {
    await fixture?.remove();
  });

  it("every many-to-many field reads the same rows through Drizzle's relations as through Prisma", async () => {
    const { PrismaClient } = (await import(pathToFileURL(join(dir, "generated/client.ts")).href)) as {
      PrismaClient: new (options: { adapter: PrismaPg }) => RelationsClient;
    };
    const prismaAdapter = ownedPrismaAdapter(url);
    const prisma = new PrismaClient({ adapter: prismaAdapter.adapter });
    const { pool, close } = openPgPool(url, { max: 2 });
    try {
      const [a, b, c] = [
        await prisma.person.create({ data: { name: "a" } }),
        await prisma.person.create({ data: { name: "b" } }),
        await prisma.person.create({ data: { name: "c" } }),
      ];
      // Asymmetric on purpose: each side of the self-relation must see different people.
      await prisma.person.create({
        data: { name: "d", friends: { connect: [{ id: a.id }, { id: b.id }] }, friendOf: { connect: [{ id: c.id }] } },
      });
      await prisma.post.create({
        data: {
          title: "p",
          authorId: a.id,
          likedBy: { connect: [{ id: b.id }, { id: c.id }] },
          tags: { create: [{ name: "x" }] },
        },
      });
      await prisma.group.create({ data: { slug: "g", members: { connect: [{ id: a.id }] } } });

      const schema = (await import(pathToFileURL(join(dir, "drizzle/schema.ts")).href)) as Record<string, unknown>;
      const { IMPLICIT_MANY_TO_MANY } = (await import(pathToFileURL(join(dir, "drizzle/compat.ts")).href)) as {
        IMPLICIT_MANY_TO_MANY: JoinInfo[];
      };
      const db = drizzle({ client: pool, schema });
      const query = db.query as unknown as Record<
        string,
        { findMany(args: unknown): Promise<Record<string, unknown>[]> }
      >;
      const personFields = IMPLICIT_MANY_TO_MANY.flatMap((j) =>
        (["A", "B"] as const).filter((s) => j[s].model === "Person").map((s) => ({ join: j, side: s })),
      );
      expect(personFields.map((f) => f.join[f.side].field).sort()).toEqual(["friendOf", "friends", "groups", "liked"]);

      const include = Object.fromEntries(personFields.map((f) => [f.join[f.side].field, true]));
      const fromPrisma = await prisma.person.findMany({ include, orderBy: { id: "asc" } });
      const fromDrizzle = await query.personTable!.findMany({
        with: include,
        orderBy: (t: Record<string, unknown>, { asc }: { asc: (c: unknown) => unknown }) => [asc(t.id)],
      });
      const idOf = (row: Record<string, unknown>) => String(row.id ?? row.name ?? row.slug);
      for (const { join, side } of personFields) {
        const field = join[side].field;
        const other = side === "A" ? "B" : "A";
        const prismaView = fromPrisma.map((p) => (p[field] as Record<string, unknown>[]).map(idOf).sort());
        const drizzleView = fromDrizzle.map((p) =>
          (p[field] as Record<string, unknown>[]).map((row) => String(row[other])).sort(),
        );
        expect({ field, rows: drizzleView }).toEqual({ field, rows: prismaView });
      }
      // The data really exercises both sides of the self-relation.
      expect(fromPrisma.find((p) => p.name === "d")!.friends).toHaveLength(2);
      expect(fromPrisma.find((p) => p.name === "d")!.friendOf).toHaveLength(1);
    } finally {
      await prisma.$disconnect();
      await prismaAdapter.close();
      await close();
    }
  }, 60_000);
});
