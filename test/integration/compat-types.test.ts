/**
 * The facade's types are Prisma Client's: call sites written against PrismaClient compile
 * unchanged against the facade, with the same argument checking and the same result types
 * (checked by `npm run typecheck`, which covers this file), and members the facade does not offer
 * are compile errors. The same call sites then run against the facade to show they also work.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import {
  type CompatOperation,
  type PrismaCompatClient,
  type PrismaCompatTransactionClient,
  createPrismaCompatClient,
} from "../../src/compat/index.ts";
import { Prisma, type PrismaClient } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { seed } from "./compat-fixtures.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

type ModelKey = Uncapitalize<Prisma.ModelName>;

/** The part of PrismaClient the facade claims to implement, spelled with PrismaClient's own types. */
type SupportedPrismaClient = { [K in ModelKey]: Pick<PrismaClient[K], CompatOperation> } & Pick<
  PrismaClient,
  "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe"
>;

// The facade is assignable to that subset: every supported member has Prisma's exact signature.
const _assignable = (facade: PrismaCompatClient): SupportedPrismaClient => facade;
const _transactionAssignable = (tx: PrismaCompatTransactionClient): SupportedPrismaClient => tx;

/** Call sites as an application writes them against PrismaClient; only the parameter's type differs. */
async function callSites(prisma: PrismaCompatClient) {
  const users = await prisma.user.findMany({
    where: { email: { contains: "EXAMPLE", mode: "insensitive" }, memberships: { some: { role: "OWNER" } } },
    include: {
      memberships: { include: { organization: { select: { slug: true } } } },
      _count: { select: { ownedProjects: true } },
    },
    orderBy: { email: "asc" },
    take: 10,
  });
  const detail = await prisma.project.findUniqueOrThrow({
    where: { id: "p1" },
    select: {
      name: true,
      owner: { select: { email: true } },
      tasks: { where: { status: "DONE" }, select: { title: true } },
    },
  });
  const counts = await prisma.task.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } });
  const stats = await prisma.task.aggregate({ _max: { position: true }, _count: true });
  const [userCount, firstTask] = await prisma.$transaction([
    prisma.user.count(),
    prisma.task.findFirst({ orderBy: { position: "desc" }, select: { title: true } }),
  ]);
  const inTransaction = await prisma.$transaction(async (tx) =>
    tx.download.update({
      where: { version_platform: { version: "1.0.0", platform: "linux-x64" } },
      data: { count: { increment: 1 } },
      select: { count: true },
    }),
  );
  const raw = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM users WHERE name = ${"Ada"}`;
  return { users, detail, counts, stats, userCount, firstTask, inTransaction, raw };
}

type Results = Awaited<ReturnType<typeof callSites>>;

/** The extension of the $extends test applied to real PrismaClient, for its types only (never called). */
function extendPrisma(prisma: PrismaClient) {
  return prisma.$extends({
    result: { user: { display: { needs: { name: true, email: true }, compute: (u) => `${u.name} <${u.email}>` } } },
    model: {
      user: {
        async findByEmail(email: string) {
          return Prisma.getExtensionContext(this).findUnique({ where: { email } });
        },
      },
    },
    client: { $answer: () => 42 },
  });
}

describe("compat types", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let facade: PrismaCompatClient;

  beforeAll(async () => {
    await seed(db);
    pool = owned(new pg.Pool({ connectionString: db.url, max: 2 }));
    facade = createPrismaCompatClient(drizzle(pool));
  });
  afterAll(async () => {
    await closeOwned(pool);
  });

  it("gives results Prisma's types describe, and runs the call sites", async () => {
    // Result types are Prisma's generated payload types for these arguments.
    expectTypeOf<Results["users"][number]["memberships"][number]["organization"]>().toEqualTypeOf<{ slug: string }>();
    expectTypeOf<Results["users"][number]["_count"]>().toEqualTypeOf<{ ownedProjects: number }>();
    expectTypeOf<Results["detail"]["owner"]>().toEqualTypeOf<{ email: string }>();
    expectTypeOf<Results["stats"]["_max"]["position"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Results["userCount"]>().toEqualTypeOf<number>();
    expectTypeOf<Results["firstTask"]>().toEqualTypeOf<{ title: string } | null>();
    expectTypeOf<Results["inTransaction"]>().toEqualTypeOf<{ count: number }>();

    const r = await callSites(facade);
    expect(r.users.map((u) => u.email)).toEqual(["ada@example.com", "dan@example.org"]);
    expect(r.users[0]!.memberships.map((m) => m.organization.slug).sort()).toEqual(["acme", "beta"]);
    expect(r.users[0]!._count).toEqual({ ownedProjects: 2 });
    expect(r.detail).toEqual({ name: "Apollo", owner: { email: "ada@example.com" }, tasks: [{ title: "Design" }] });
    expect(r.counts).toEqual([
      { status: "TODO", _count: { _all: 3 } },
      { status: "IN_PROGRESS", _count: { _all: 1 } },
      { status: "DONE", _count: { _all: 2 } },
    ]);
    expect(r.stats).toEqual({ _max: { position: 5 }, _count: 6 });
    expect([r.userCount, r.firstTask]).toEqual([6, { title: "Archive" }]);
    expect(r.inTransaction).toEqual({ count: 4 });
    expect(r.raw).toEqual([{ n: 2n }]);
  });

  it("makes members the facade does not implement compile errors, and runtime errors naming them", () => {
    const misuse = (prisma: PrismaCompatClient) => {
      // @ts-expect-error field references are not supported by the facade
      void prisma.user.fields;
      // @ts-expect-error typed SQL is not supported by the facade
      void prisma.$queryRawTyped;
      // @ts-expect-error field references stay unsupported on an extended client
      void prisma.$extends({}).user.fields;
      // @ts-expect-error `$on` accepts only the levels the log option enabled (none here)
      prisma.$on("query", () => undefined);
    };
    expectTypeOf(misuse).toBeFunction();
    expect(() => (facade as unknown as { user: { fields: unknown } }).user.fields).toThrow(
      "compat: `prisma.user.fields` (field references) is not supported yet",
    );
    expect(() => (facade as unknown as { $queryRawTyped: () => unknown }).$queryRawTyped()).toThrow(
      "compat: `$queryRawTyped` is not supported yet",
    );
  });

  it("types $extends as Prisma does: computed fields, model and client methods, extended transaction clients", async () => {
    const x = facade.$extends({
      result: { user: { display: { needs: { name: true, email: true }, compute: (u) => `${u.name} <${u.email}>` } } },
      model: {
        user: {
          async findByEmail(email: string) {
            return Prisma.getExtensionContext(this).findUnique({ where: { email } });
          },
        },
      },
      client: {
        $answer: () => 42,
      },
    });
    // The same extension on PrismaClient's $extends gives these same types.
    type PrismaX = ReturnType<typeof extendPrisma>;
    const user = await x.user.findUniqueOrThrow({ where: { id: "u1" }, select: { display: true } });
    expectTypeOf(user).toEqualTypeOf<{ display: string }>();
    expectTypeOf<Awaited<ReturnType<PrismaX["user"]["findUniqueOrThrow"]>>["display"]>().toEqualTypeOf<string>();
    const found = await x.user.findByEmail("bob_b@example.com");
    expectTypeOf(found).toEqualTypeOf<Awaited<ReturnType<PrismaX["user"]["findByEmail"]>>>();
    expectTypeOf(x.$answer()).toEqualTypeOf<ReturnType<PrismaX["$answer"]>>();
    const inTx = await x.$transaction(async (tx) =>
      tx.user.findMany({ where: { id: "u2" }, select: { display: true } }),
    );
    expectTypeOf(inTx).toEqualTypeOf<{ display: string }[]>();
    expect(user).toEqual({ display: "Ada <ada@example.com>" });
    // Prisma types a model method's context without the extension's own fields; at run time they are there.
    expect((found as { display?: string } | null)?.display).toBe("bob <bob_b@example.com>");
    expect(x.$answer()).toBe(42);
    expect(inTx).toEqual([{ display: "bob <bob_b@example.com>" }]);

    const logged = createPrismaCompatClient(drizzle(pool), { log: [{ emit: "event", level: "query" }] });
    const events: Prisma.QueryEvent[] = [];
    logged.$on("query", (e) => events.push(e));
    await logged.user.count();
    expect(events).toHaveLength(1);
  });
});

void _assignable;
void extendPrisma;
void _transactionAssignable;
