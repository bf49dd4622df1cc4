/**
 * Cross-check: what Prisma reports through `$on("query")` and what Drizzle passes to its Logger
 * must match, statement for statement, what the driver-level capture saw on the same pool,
 * transactions included.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { eq, sql } from "drizzle-orm";
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DrizzleQueryLogger,
  logPrismaQueries,
  QueryCapture,
  reconcileOrmLog,
  summarize,
} from "../../src/capture/index.ts";
import type { CapturedStatement, OrmLoggedQuery } from "../../src/capture/index.ts";
import { PrismaClient } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const db = useTestDatabase();

// Just enough of the users table for the cross-check; the project's Drizzle schema lives in src/drizzle.
const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { precision: 3, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { precision: 3, mode: "date" }).notNull(),
});

let capture: QueryCapture;
let pool: pg.Pool;

beforeAll(async () => {
  capture = new QueryCapture();
  pool = owned(capture.instrument(new pg.Pool({ connectionString: db.url, max: 4 })));
  await pool.query("SELECT 1");
});

afterAll(async () => {
  await closeOwned(pool);
});

/**
 * The ORM's log and the driver agree: every logged statement reached the driver, in order, and the
 * driver saw nothing else except `expectedDriverOnly` (what the ORM's log is known to leave out).
 */
function expectAgreement(driver: CapturedStatement[], orm: OrmLoggedQuery[], expectedDriverOnly: string[] = []): void {
  expect(orm.length).toBeGreaterThan(0);
  const reconciled = reconcileOrmLog(
    driver.map((s) => s.text),
    orm,
  );
  expect(reconciled.onlyInOrm).toEqual([]);
  expect(reconciled.onlyInDriver).toEqual(expectedDriverOnly);
  expect(reconciled.matched).toBe(orm.length);
  expect(summarize(driver).calls).toBe(orm.length + expectedDriverOnly.length);
}

describe("Prisma query events agree with the driver capture", () => {
  let prisma: InstanceType<typeof PrismaClient>;
  let log: ReturnType<typeof logPrismaQueries>;

  beforeAll(async () => {
    prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
    log = logPrismaQueries(prisma);
    await prisma.$connect();
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  it("on single reads and writes", async () => {
    log.start();
    const rec = capture.start();
    const user = await prisma.user.create({ data: { email: "prisma-capture@example.com", name: "P" } });
    await prisma.user.findUnique({ where: { id: user.id } });
    await prisma.user.update({ where: { id: user.id }, data: { name: "Q" } });
    expectAgreement(rec.stop(), log.stop());
  });

  it("on nested writes and relation loading, which Prisma wraps in its own transaction", async () => {
    const owner = await prisma.user.create({ data: { email: "prisma-owner@example.com", name: "O" } });
    log.start();
    const rec = capture.start();
    const org = await prisma.organization.create({
      data: { slug: "capture-org", name: "Capture", memberships: { create: { userId: owner.id, role: "OWNER" } } },
      include: { memberships: true },
    });
    await prisma.organization.findUnique({
      where: { id: org.id },
      include: { memberships: { include: { user: true } } },
    });
    const statements = rec.stop();
    // Prisma 7.10's query events report COMMIT but not BEGIN: adapter-pg's startTransaction sends
    // BEGIN itself, outside the engine's query logging. The driver capture sees it.
    expectAgreement(statements, log.stop(), ["BEGIN"]);
    expect(statements.map((s) => s.command)).toContain("BEGIN");
    expect(statements.map((s) => s.command)).toContain("COMMIT");
  });

  it("on interactive transactions, BEGIN and COMMIT included", async () => {
    log.start();
    const rec = capture.start();
    await prisma.$transaction(async (tx) => {
      const u = await tx.user.create({ data: { email: "prisma-tx@example.com", name: "T" } });
      await tx.user.delete({ where: { id: u.id } });
    });
    const statements = rec.stop();
    expectAgreement(statements, log.stop(), ["BEGIN"]);
    expect(statements[0]!.command).toBe("BEGIN");
    expect(statements.at(-1)!.command).toBe("COMMIT");
    // Everything inside the transaction ran on one connection.
    expect(new Set(statements.map((s) => s.connection)).size).toBe(1);
  });
});

describe("Drizzle's Logger agrees with the driver capture", () => {
  let logger: DrizzleQueryLogger;
  let orm: ReturnType<typeof drizzle>;

  beforeAll(() => {
    logger = new DrizzleQueryLogger();
    orm = drizzle({ client: pool, logger });
  });

  it("on selects, inserts, updates and raw SQL", async () => {
    logger.log.start();
    const rec = capture.start();
    await orm
      .insert(users)
      .values({ id: "drizzle-capture-1", email: "drizzle-capture@example.com", name: "D", updatedAt: new Date() });
    await orm.select().from(users).where(eq(users.id, "drizzle-capture-1"));
    await orm.update(users).set({ name: "E" }).where(eq(users.id, "drizzle-capture-1"));
    await orm.execute(sql`select count(*) from ${users}`);
    const statements = rec.stop();
    expectAgreement(statements, logger.log.stop());
    expect(statements.map((s) => s.command)).toEqual(["INSERT", "SELECT", "UPDATE", "SELECT"]);
  });

  it("on transactions, begin and commit included, and on rollback", async () => {
    logger.log.start();
    const rec = capture.start();
    await orm.transaction(async (tx) => {
      await tx
        .insert(users)
        .values({ id: "drizzle-capture-2", email: "drizzle-tx@example.com", name: "T", updatedAt: new Date() });
      await tx.select().from(users).where(eq(users.id, "drizzle-capture-2"));
    });
    const rolledBack = await orm
      .transaction(async (tx) => {
        await tx.delete(users).where(eq(users.id, "drizzle-capture-2"));
        throw new Error("undo");
      })
      .catch((error: Error) => error.message);
    const statements = rec.stop();
    expectAgreement(statements, logger.log.stop());
    expect(rolledBack).toBe("undo");
    expect(statements.map((s) => s.command)).toEqual([
      "BEGIN",
      "INSERT",
      "SELECT",
      "COMMIT",
      "BEGIN",
      "DELETE",
      "ROLLBACK",
    ]);
  });
});
