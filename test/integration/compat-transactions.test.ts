/**
 * Transactions on the facade behave like Prisma's: the array form and nested writes are atomic,
 * interactive transactions honour isolationLevel, timeout (P2028, rolled back) and maxWait (P2028
 * when no connection frees up in time), and the errors are Prisma's classes.
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PrismaCompatClient, createPrismaCompatClient } from "../../src/compat/index.ts";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(work: Promise<unknown>): Promise<Prisma.PrismaClientKnownRequestError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  return error as Prisma.PrismaClientKnownRequestError;
}

describe("compat transactions", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let prisma: PrismaCompatClient;

  beforeAll(() => {
    pool = owned(new pg.Pool({ connectionString: db.url, max: 2 }));
    prisma = createPrismaCompatClient(drizzle(pool));
  });
  afterAll(async () => {
    await closeOwned(pool);
  });
  beforeEach(async () => {
    await db.reset();
  });

  it("runs the array form in one transaction: all or nothing", async () => {
    const [a, b] = await prisma.$transaction([
      prisma.user.create({ data: { email: "a@example.com", name: "A" } }),
      prisma.user.count(),
    ]);
    expect(a.email).toBe("a@example.com");
    expect(b).toBe(1);
    const error = await failure(
      prisma.$transaction([
        prisma.user.create({ data: { email: "b@example.com", name: "B" } }),
        prisma.user.create({ data: { email: "a@example.com", name: "dup" } }),
      ]),
    );
    expect(error.code).toBe("P2002");
    expect(await db.query("SELECT email FROM users ORDER BY email")).toEqual([{ email: "a@example.com" }]);
  });

  it("keeps a nested write atomic without an explicit transaction", async () => {
    const owner = await prisma.user.create({ data: { email: "o@example.com", name: "O" } });
    const error = await failure(
      prisma.organization.create({
        data: {
          slug: "acme",
          name: "Acme",
          memberships: {
            create: [
              { userId: owner.id, role: "OWNER" },
              { userId: "cmissingmissingmissing000", role: "MEMBER" },
            ],
          },
        },
      }),
    );
    expect(error.code).toBe("P2003");
    expect(await db.query("SELECT 1 FROM organizations")).toHaveLength(0);
  });

  it("honours isolationLevel", async () => {
    const level = await prisma.$transaction(
      async (tx) => tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`,
      { isolationLevel: "Serializable" },
    );
    expect(level).toEqual([{ transaction_isolation: "serializable" }]);
  });

  it("expires an interactive transaction after its timeout: P2028, and nothing is committed", async () => {
    const error = await failure(
      prisma.$transaction(
        async (tx) => {
          await tx.user.create({ data: { email: "slow@example.com", name: "Slow" } });
          await sleep(300);
          await tx.user.create({ data: { email: "late@example.com", name: "Late" } });
        },
        { timeout: 100 },
      ),
    );
    expect(error.code).toBe("P2028");
    expect(await db.query("SELECT 1 FROM users")).toHaveLength(0);
  });

  it("gives up with P2028 when no connection frees up within maxWait", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Both pool connections busy in open transactions.
    const holders = [0, 1].map(() =>
      prisma.$transaction(
        async (tx) => {
          await tx.user.count();
          await held;
        },
        { timeout: 10_000 },
      ),
    );
    await sleep(100);
    const error = await failure(prisma.$transaction(async (tx) => tx.user.count(), { maxWait: 100 }));
    expect(error.code).toBe("P2028");
    release();
    await Promise.all(holders);
    expect(await prisma.$transaction(async (tx) => tx.user.count())).toBe(0);
  });
});
