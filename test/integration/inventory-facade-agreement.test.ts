/**
 * The inventory's verdicts equal the facade's behaviour: each call below is written once, run
 * through the facade on a real database AND scanned by the inventory as source text (the same
 * function, via toString, in a scratch app carrying this repo's schema.prisma). What the facade
 * refuses with CompatUnsupportedError, the inventory must call blocked; what it runs, movable.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNSUPPORTED_FEATURES } from "../../src/compat/capabilities.ts";
import { CompatUnsupportedError, type PrismaCompatClient, createPrismaCompatClient } from "../../src/compat/index.ts";
import { type Inventory, runInventory } from "../../src/inventory/index.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

/** Typed for the compiler here; its source text (types erased) is what the inventory scans. */
type Call = (prisma: PrismaCompatClient) => unknown;

const REFUSED: Record<string, Call> = {
  "groupBy with a negative take": (prisma) =>
    prisma.task.groupBy({ by: ["status"], take: -1, orderBy: { status: "asc" } }),
  "having on an aggregate at the top level": (prisma) =>
    // @ts-expect-error -- not in Prisma's types either; apps reach it through untyped code
    prisma.task.groupBy({ by: ["status"], having: { _count: { id: { gt: 0 } } } }),
  "a Json path filter": (prisma) => prisma.project.findMany({ where: { metadata: { path: ["plan"], equals: "pro" } } }),
  "a Json string filter": (prisma) => prisma.project.findMany({ where: { metadata: { string_contains: "pro" } } }),
  // @ts-expect-error -- a preview feature of Prisma's, absent from the facade's types
  "full-text search": (prisma) => prisma.project.findMany({ where: { name: { search: "moon" } } }),
  // @ts-expect-error -- the facade's types leave field references out
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- same reason
  "a field reference": (prisma) => prisma.task.findMany({ where: { position: { gt: prisma.task.fields.position } } }),
};

const RUN: Record<string, Call> = {
  "orderBy a Json field": (prisma) => prisma.project.findMany({ orderBy: { metadata: "asc" } }),
  "cursor ordered by a nullable field": (prisma) =>
    prisma.task.findMany({ cursor: { id: "t1" }, orderBy: { assigneeId: "asc" }, take: 2 }),
  "cursor ordered by a required field": (prisma) =>
    prisma.task.findMany({ cursor: { id: "t1" }, orderBy: { position: "asc" }, take: 2 }),
  "Json equality": (prisma) => prisma.project.findMany({ where: { metadata: { equals: { plan: "pro" } } } }),
  "groupBy with a positive take": (prisma) =>
    prisma.task.groupBy({ by: ["status"], take: 1, orderBy: { status: "asc" } }),
  "having on a field's aggregate": (prisma) =>
    prisma.task.groupBy({ by: ["status"], having: { position: { _max: { gt: 0 } } } }),
};

/** The facade's `$`-members it refuses, straight from the table (another change may shrink it). */
const MEMBERS = Object.keys(UNSUPPORTED_FEATURES).filter((m) => m.startsWith("$") && m !== "$metrics" && m !== "$use");

/** "refused" (CompatUnsupportedError), "ran", or the other error's message. */
async function outcome(call: () => unknown): Promise<string> {
  try {
    const result = call();
    await (typeof result === "function" ? undefined : result);
    return "ran";
  } catch (error) {
    return error instanceof CompatUnsupportedError ? "refused" : `other error: ${(error as Error).message}`;
  }
}

describe("inventory verdicts equal the facade's behaviour", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let facade: PrismaCompatClient;
  let scratch = "";
  let inventory: Inventory;
  const lineOf = new Map<string, number>();

  beforeAll(() => {
    pool = owned(new pg.Pool({ connectionString: db.url, max: 2 }));
    facade = createPrismaCompatClient(drizzle(pool));
    scratch = mkdtempSync(join(tmpdir(), "inventory-agreement-"));
    mkdirSync(join(scratch, "prisma"));
    copyFileSync(resolve(import.meta.dirname, "../../prisma/schema.prisma"), join(scratch, "prisma/schema.prisma"));
    const lines: string[] = [];
    for (const [name, call] of [...Object.entries(REFUSED), ...Object.entries(RUN)]) {
      lineOf.set(name, lines.length + 1);
      // One line per call (the verdicts are matched by line): line comments (a @ts-expect-error
      // inside a formatted arrow) go first, or joining the lines would comment out the rest.
      lines.push(
        `export const c${lines.length} = ${call
          .toString()
          .replace(/\/\/.*$/gm, "")
          .replace(/\s*\n\s*/g, " ")};`,
      );
    }
    for (const member of [...MEMBERS, "$use"]) {
      lineOf.set(member, lines.length + 1);
      lines.push(`export const c${lines.length} = (prisma) => prisma.${member}(() => {});`);
    }
    writeFileSync(join(scratch, "calls.ts"), `${lines.join("\n")}\n`);
    inventory = runInventory(scratch);
  }, 60_000);
  afterAll(async () => {
    await closeOwned(pool);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const verdict = (name: string): string[] =>
    inventory.entries.filter((e) => e.line === lineOf.get(name)).map((e) => e.verdict);

  it.each(Object.entries(REFUSED))("%s: the facade refuses it and the inventory blocks it", async (name, call) => {
    expect(await outcome(() => call(facade))).toBe("refused");
    expect(verdict(name)).toEqual(["blocked"]);
  });

  it.each(Object.entries(RUN))("%s: the facade runs it and the inventory calls it movable", async (name, call) => {
    expect(await outcome(() => call(facade))).toBe("ran");
    expect(verdict(name)).toEqual(["movable"]);
  });

  it("$use: absent from the facade as from Prisma 7 (removed in Prisma 6), and blocked by the inventory", () => {
    expect((facade as unknown as Record<string, unknown>).$use).toBeUndefined();
    expect(verdict("$use")).toEqual(["blocked"]);
  });

  it.each(MEMBERS)("%s: refused by the facade and blocked by the inventory", async (member) => {
    expect(await outcome(() => (facade as unknown as Record<string, (a: unknown) => unknown>)[member]!(() => {}))).toBe(
      "refused",
    );
    expect(verdict(member)).toEqual(["blocked"]);
  });
});
