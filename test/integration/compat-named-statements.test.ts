/**
 * The facade's `namedStatements` option: each distinct statement text is sent as a named prepared
 * statement (named by a hash of the text), with the same results and errors as unnamed, in and out
 * of transactions, shared safely by clients on one pool, bounded, and refused on drivers that keep
 * no session.
 */
import { createHash } from "node:crypto";
import { drizzle } from "drizzle-orm/node-postgres";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import { neon } from "@neondatabase/serverless";
import pg from "pg";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaCompatClient } from "../../src/compat/index.ts";
import {
  FACADE_STATEMENT_PREFIX,
  MAX_NAMED_TEXTS,
  StatementNames,
  canNameStatements,
} from "../../src/compat/statement-names.ts";
import * as schema from "../../src/drizzle/schema.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

type Client = ReturnType<typeof createPrismaCompatClient>;

const db = useTestDatabase();
// One connection each, so pg_prepared_statements (per session) shows what the client prepared.
let namedPool: pg.Pool;
let unnamedPool: pg.Pool;
let named: Client;
let unnamed: Client;

const prepared = async (pool: pg.Pool) =>
  (await pool.query<{ name: string; statement: string }>("SELECT name, statement FROM pg_prepared_statements")).rows;

/** What a call gave: its result, or its error's class, code, message and whole meta. */
async function outcome(call: () => Promise<unknown>): Promise<unknown> {
  try {
    return { result: await call() };
  } catch (error) {
    const e = error as { constructor: { name: string }; code?: string; message: string; meta?: unknown };
    return { error: e.constructor.name, code: e.code, message: e.message, meta: e.meta };
  }
}

beforeAll(() => {
  namedPool = owned(new pg.Pool({ connectionString: db.url, max: 1 }));
  unnamedPool = owned(new pg.Pool({ connectionString: db.url, max: 1 }));
  named = createPrismaCompatClient(drizzle({ client: namedPool, schema }), { namedStatements: true });
  unnamed = createPrismaCompatClient(drizzle({ client: unnamedPool, schema }));
});
afterAll(async () => {
  await closeOwned(namedPool);
  await closeOwned(unnamedPool);
});
beforeEach(() => db.reset());

describe("facade namedStatements", () => {
  it("prepares each statement text under the hash of its text, and sends nothing named without the option", async () => {
    await named.user.create({ data: { id: "u1", email: "a@example.com", name: "Ada" } });
    const first = await named.user.findUnique({ where: { id: "u1" } });
    const again = await named.user.findUnique({ where: { id: "u1" } });
    expect(again).toEqual(first);

    const statements = await prepared(namedPool);
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const { name, statement } of statements) {
      expect(name).toBe(FACADE_STATEMENT_PREFIX + createHash("sha1").update(statement).digest("hex"));
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    }
    expect(statements.filter((s) => /^SELECT\b/i.test(s.statement.trim()))).toHaveLength(1);

    await unnamed.user.findUnique({ where: { id: "u1" } });
    expect(await prepared(unnamedPool)).toEqual([]);
  });

  it("gives the results, errors (whole meta) and rows of unnamed statements", async () => {
    const calls: ((c: Client) => Promise<unknown>)[] = [
      (c) => c.user.create({ data: { id: "u2", email: "b@example.com", name: "Bo" } }),
      (c) => c.user.create({ data: { id: "u3", email: "b@example.com", name: "Dup" } }),
      (c) => c.user.findMany({ where: { email: { contains: "example" } }, orderBy: { id: "asc" } }),
      (c) => c.user.update({ where: { id: "missing" }, data: { name: "x" } }),
      (c) => c.user.update({ where: { id: "u2" }, data: { name: "Bea" } }),
      (c) => c.user.count(),
    ];
    const run = async (client: Client) => {
      await db.reset();
      const outcomes = [];
      for (const call of calls) outcomes.push(await outcome(() => call(client)));
      const rows = await db.query("SELECT id, email, name FROM users ORDER BY id");
      return { outcomes: JSON.parse(JSON.stringify(outcomes, stripTimes)) as unknown, rows };
    };
    const viaUnnamed = await run(unnamed);
    const viaNamed = await run(named);
    expect(viaNamed).toEqual(viaUnnamed);
    expect(JSON.stringify(viaNamed)).toContain("P2002");
    expect(JSON.stringify(viaNamed)).toContain("P2025");
  });

  it("names statements inside interactive and batch transactions, on the transaction's connection", async () => {
    const inTx = await named.$transaction(async (tx) => {
      await tx.user.create({ data: { id: "t1", email: "t1@example.com", name: "T" } });
      return tx.user.findUnique({ where: { id: "t1" } });
    });
    expect(inTx).toMatchObject({ id: "t1" });
    const [count] = await named.$transaction([named.user.count(), named.user.count()]);
    expect(count).toBe(1);
    const statements = await prepared(namedPool);
    expect(statements.some((s) => /^INSERT\b/i.test(s.statement.trim()))).toBe(true);
    expect(statements.some((s) => /COUNT/i.test(s.statement))).toBe(true);
  });

  it("lets two clients on one pool send the same text (one name per text, not per client)", async () => {
    const other = createPrismaCompatClient(drizzle({ client: namedPool, schema }), { namedStatements: true });
    await named.user.findUnique({ where: { id: "x" } });
    await other.user.findUnique({ where: { id: "x" } });
    await other.user.findFirst({ where: { name: "x" } });
    const statements = await prepared(namedPool);
    expect(new Set(statements.map((s) => s.name)).size).toBe(statements.length);
  });

  it("is refused, with the reason, on drivers that keep no named statement", () => {
    const http = drizzleHttp({ client: neon("postgresql://u:p@example.invalid/db"), schema });
    const sqlJs = postgres(db.url, { max: 1 });
    const js = drizzlePostgresJs({ client: sqlJs, schema });
    try {
      expect(canNameStatements(http)).toBe(false);
      expect(canNameStatements(js)).toBe(false);
      expect(canNameStatements(drizzle({ client: namedPool, schema }))).toBe(true);
      expect(() => createPrismaCompatClient(http, { namedStatements: true })).toThrow(
        /namedStatements: needs a Drizzle database on node-postgres or Neon's WebSocket driver/,
      );
      expect(() => createPrismaCompatClient(js, { namedStatements: true })).toThrow(TypeError);
      // Off (or unset), any driver is accepted as before.
      expect(() => createPrismaCompatClient(js, { namedStatements: false })).not.toThrow();
    } finally {
      void sqlJs.end();
    }
  });
});

describe("StatementNames", () => {
  it("names at most `max` distinct texts; later texts go unnamed, named ones keep their name", () => {
    const names = new StatementNames(2);
    const a = names.nameFor("SELECT 1");
    const b = names.nameFor("SELECT 2");
    expect(a).toMatch(/^orm_switch\.facade\.[0-9a-f]{40}$/);
    expect(b).not.toBe(a);
    expect(names.nameFor("SELECT 3")).toBeUndefined();
    expect(names.nameFor("SELECT 1")).toBe(a);
    expect(names.size).toBe(2);
    expect(new StatementNames().nameFor("SELECT 1")).toBe(a);
    expect(MAX_NAMED_TEXTS).toBeGreaterThan(0);
  });
});

/** Dates differ between runs (createdAt): compare them by type only. */
function stripTimes(key: string, value: unknown): unknown {
  return key === "createdAt" || key === "updatedAt" ? typeof value : value;
}
