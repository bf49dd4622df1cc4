/**
 * The constructor's `transactionOptions` (defaults for every `$transaction`), differential against
 * real Prisma Client 7.10: the same options given to both clients, the same calls, and the outcome
 * (value or error with code, message and meta) and the rows left behind must be identical. A facade
 * that ignored the option would run with other isolation or timeouts than the team configured.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaCompatClient } from "../../src/compat/index.ts";
import { openPgPool } from "../../src/db/pool.ts";
import { PrismaClient } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";

type TransactionOptions = NonNullable<ConstructorParameters<typeof PrismaClient>[0]["transactionOptions"]>;
type Outcome = { ok: unknown } | { error: Record<string, unknown> };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Errors compared whole: class, code, meta and the message's own line (Prisma prefixes a code frame
 * of the call site). The time a transaction took varies from run to run: only its type is kept.
 */
async function outcomeOf(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await work() };
  } catch (error) {
    const e = error as Error & { code?: string; meta?: Record<string, unknown> };
    const message = e.message
      .split("\n")
      .filter((line) => !line.startsWith("Read more at"))
      .at(-1)!
      .replace(/^Invalid `[^`]*` invocation: /, "")
      .replace(/however \d+ ms passed/, "however N ms passed");
    const meta = e.meta && { ...e.meta, ...("timeTaken" in e.meta ? { timeTaken: typeof e.meta.timeTaken } : {}) };
    return { error: { name: e.name, code: e.code, message, meta } };
  }
}

describe("compat transactionOptions in the constructor, differential against Prisma Client", () => {
  const db = useTestDatabase();
  const opened: (() => Promise<void>)[] = [];

  /** Both clients with the same constructor options (the facade is typed as PrismaClient: same code). */
  function clients(transactionOptions: TransactionOptions): PrismaClient[] {
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: db.url, max: 2 }),
      transactionOptions,
    });
    const owned = openPgPool(db.url, { max: 2 });
    const facade = createPrismaCompatClient(drizzle(owned.pool), { transactionOptions }) as unknown as PrismaClient;
    opened.push(
      () => prisma.$disconnect(),
      () => owned.close(),
    );
    return [prisma, facade];
  }

  /** Runs `call` on each client from an empty database; returns each outcome and the users left. */
  async function onBoth(options: TransactionOptions, call: (client: PrismaClient) => Promise<unknown>) {
    const results: { outcome: Outcome; users: unknown }[] = [];
    for (const client of clients(options)) {
      await db.reset();
      const outcome = await outcomeOf(() => call(client));
      results.push({ outcome, users: await db.query("SELECT email FROM users ORDER BY email") });
    }
    return results;
  }

  beforeEach(async () => {
    await db.reset();
  });
  afterEach(async () => {
    for (const close of opened.splice(0)) await close();
  });

  const isolation = (rows: unknown): unknown => (rows as { transaction_isolation: string }[])[0]?.transaction_isolation;

  it("applies the default isolationLevel to interactive and batch transactions", async () => {
    const [prisma, facade] = await onBoth({ isolationLevel: "Serializable" }, async (client) => ({
      interactive: isolation(await client.$transaction((tx) => tx.$queryRaw`SHOW transaction_isolation`)),
      batch: isolation(
        (await client.$transaction([client.$queryRaw`SHOW transaction_isolation`, client.user.count()]))[0],
      ),
      batchOfOne: isolation((await client.$transaction([client.$queryRaw`SHOW transaction_isolation`]))[0]),
      overridden: isolation(
        await client.$transaction((tx) => tx.$queryRaw`SHOW transaction_isolation`, {
          isolationLevel: "ReadCommitted",
        }),
      ),
    }));
    expect(facade).toEqual(prisma);
    expect(prisma!.outcome).toEqual({
      ok: {
        interactive: "serializable",
        batch: "serializable",
        // Prisma runs a batch of one promise outside any transaction.
        batchOfOne: "read committed",
        overridden: "read committed",
      },
    });
  });

  it("expires an interactive transaction after the default timeout, and a per-call timeout overrides it", async () => {
    const slowCreate = (client: PrismaClient, options?: { timeout: number }) =>
      client.$transaction(async (tx) => {
        await tx.user.create({ data: { email: "first@example.com", name: "First" } });
        await sleep(600);
        return tx.user.create({ data: { email: "late@example.com", name: "Late" }, select: { email: true } });
      }, options);
    const expired = await onBoth({ timeout: 150 }, (client) => slowCreate(client));
    expect(expired[1]).toEqual(expired[0]);
    expect(expired[0]).toMatchObject({ outcome: { error: { code: "P2028" } }, users: [] });

    const overridden = await onBoth({ timeout: 150 }, (client) => slowCreate(client, { timeout: 20_000 }));
    expect(overridden[1]).toEqual(overridden[0]);
    expect(overridden[0]!.users).toHaveLength(2);
  });

  const sleepy = (client: PrismaClient) => client.$queryRaw`SELECT pg_sleep(0.4)::text AS slept`;
  const create = (client: PrismaClient, email: string) =>
    client.user.create({ data: { email, name: "Batch" }, select: { email: true } });
  const batches: [string, (client: PrismaClient) => Promise<unknown>][] = [
    ["a commit after the timeout", (c) => c.$transaction([create(c, "batch@example.com"), sleepy(c)])],
    ["a raw query after the timeout", (c) => c.$transaction([sleepy(c), c.$queryRaw`SELECT 1 AS one`])],
    ["a model query after the timeout", (c) => c.$transaction([sleepy(c), create(c, "late@example.com")])],
    ["a batch of one (no transaction)", (c) => c.$transaction([sleepy(c)])],
    [
      "a per-call timeout over the default",
      (c) => c.$transaction([create(c, "a@example.com"), sleepy(c)], { timeout: 20_000 }),
    ],
  ];
  it.each(batches)("treats a batch under a short default timeout as Prisma does: %s", async (_, call) => {
    const results = await onBoth({ timeout: 100 }, call);
    expect(results[1]).toEqual(results[0]);
  });

  it("rejects invalid transactionOptions in the constructor with Prisma's error", async () => {
    for (const transactionOptions of [{ timeout: 0 }, { maxWait: -1 }] as TransactionOptions[]) {
      const owned = openPgPool(db.url, { max: 1 });
      opened.push(() => owned.close());
      const outcomes = await Promise.all(
        [
          () => new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url }), transactionOptions }),
          () => createPrismaCompatClient(drizzle(owned.pool), { transactionOptions }),
        ].map((make) => outcomeOf(() => Promise.resolve().then(() => (make(), "constructed")))),
      );
      expect(outcomes[1]).toEqual(outcomes[0]);
      expect(outcomes[0]).toMatchObject({ error: { name: "PrismaClientConstructorValidationError" } });
    }
  });
});
