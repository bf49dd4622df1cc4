/**
 * The call-site inventory on small codebases written for the test (one typed against this
 * project's generated Prisma client, one that cannot compile at all) and on this repository itself,
 * whose Prisma implementation (src/prisma/) must be entirely movable to the facade.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Inventory, type InventoryEntry, renderMarkdown, runInventory } from "../../src/inventory/index.ts";

const GENERATED_CLIENT = resolve(import.meta.dirname, "../../src/prisma/generated/client.ts");

const TYPED_APP = `
import { PrismaClient, type Prisma } from ${JSON.stringify(GENERATED_CLIENT)};

const prisma = new PrismaClient({} as never);

export async function examples(search: string, where: Prisma.UserWhereInput) {
  await prisma.user.findMany({ where: { email: { contains: search, mode: "insensitive" } }, orderBy: { createdAt: "desc" }, take: 10 });
  const filter = { OR: [{ name: { startsWith: search } }, { memberships: { some: { role: "OWNER" as const } } }] };
  await prisma.user.findMany({ where: filter, include: { _count: { select: { memberships: true } } } });
  await prisma.user.findMany({ where });
  const users = prisma.user;
  await users.count();
  await prisma.$transaction(async (tx) => {
    await tx.task.updateMany({ where: { projectId: "p" }, data: { position: { increment: 1 } } });
  });
  await prisma.$queryRaw\`SELECT 1\`;
  await prisma.project.update({ where: { id: "p" }, data: { owner: { upsert: { create: { email: "a@b.c", name: "A" }, update: { name: "B" } } } } });
  await prisma.task.findMany({ where: { position: { gt: prisma.task.fields.position } } });
  await prisma.project.findMany({ where: { name: { search: "moon" } } });
  prisma.$queryRawTyped(typedQuery);
  prisma.$extends({ name: "noop" });
  const undefinedThing: number = "not a number";
  return notDeclaredAnywhere(undefinedThing);
}
`;

const BROKEN_APP = `
import { PrismaClient } from "@prisma/client-that-is-not-installed";

const prisma = new PrismaClient();

export async function load(id: string) {
  const user = await prisma.user.findUnique({ where: { id }, include: { posts: { orderBy: { createdAt: "desc" }, take: 5 } } });
  await prisma.post.update({ where: { id }, data: { views: { increment: 1 } } });
  await prisma.post.findMany({ where: { body: { search: "cat & dog" } } });
  return user;
}
`;

const SYNTAX_ERROR = `
export async function list() {
  return prisma.user.findMany({ where: { name: "x" } });
}
export const broken = (1 + ;
`;

/** The innermost call site whose source contains `needle`. */
function at(inventory: Inventory, needle: string): InventoryEntry {
  const entry = inventory.entries
    .filter((e) => e.snippet.includes(needle))
    .sort((a, b) => a.snippet.length - b.snippet.length)[0];
  if (!entry)
    throw new Error(`no call site containing ${needle}: ${inventory.entries.map((e) => e.snippet).join("\n")}`);
  return entry;
}

describe("inventory", () => {
  let dir = "";
  let typed: Inventory;
  let broken: Inventory;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "inventory-"));
    const typedDir = join(dir, "typed");
    const brokenDir = join(dir, "broken");
    await mkdir(typedDir);
    await mkdir(brokenDir);
    await writeFile(join(typedDir, "typed.ts"), TYPED_APP);
    await writeFile(join(brokenDir, "app.ts"), BROKEN_APP);
    await writeFile(join(brokenDir, "syntax.ts"), SYNTAX_ERROR);
    typed = runInventory(typedDir);
    broken = runInventory(brokenDir);
  }, 60_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds calls through the client, a transaction client and a delegate variable, by type", () => {
    expect(at(typed, "users.count()")).toMatchObject({
      model: "user",
      operation: "count",
      verdict: "movable",
      detectedBy: "type",
    });
    expect(at(typed, "tx.task.updateMany")).toMatchObject({
      model: "task",
      operation: "updateMany",
      verdict: "movable",
      features: ["data", "data.increment", "where"],
    });
    expect(at(typed, "prisma.$transaction")).toMatchObject({
      model: "$client",
      operation: "$transaction",
      features: ["$transaction:interactive"],
      verdict: "movable",
    });
    expect(at(typed, "$queryRaw`SELECT 1`")).toMatchObject({ operation: "$queryRaw", verdict: "movable" });
  });

  it("lists the argument features, following const variables", () => {
    expect(at(typed, "contains: search").features).toEqual([
      "orderBy",
      "take",
      "where",
      "where.contains",
      "where.mode:insensitive",
    ]);
    expect(at(typed, "where: filter").features).toEqual(
      expect.arrayContaining(["where.OR", "where.startsWith", "where.relation.some", "include", "select._count"]),
    );
    expect(at(typed, "where: filter").verdict).toBe("movable");
  });

  it("blocks what the facade does not support, naming it, and flags run-time arguments for review", () => {
    expect(at(typed, 'search: "moon"')).toMatchObject({
      verdict: "blocked",
      reasons: ["the full-text `search` filter"],
    });
    expect(at(typed, "owner: { upsert")).toMatchObject({
      verdict: "blocked",
      reasons: ["nested `upsert` on a to-one relation"],
    });
    expect(at(typed, "fields.position")).toMatchObject({
      verdict: "blocked",
      reasons: ["field references (`prisma.model.fields`)"],
    });
    expect(at(typed, "$queryRawTyped")).toMatchObject({ verdict: "blocked", reasons: ["`$queryRawTyped`"] });
    expect(at(typed, "$extends")).toMatchObject({ verdict: "movable" });
    expect(at(typed, "findMany({ where })")).toMatchObject({ verdict: "review", dynamic: ["where"] });
  });

  it("summarizes per model and operation with the share movable, as JSON and Markdown", () => {
    const s = typed.summary;
    expect(s.total).toBe(typed.entries.length);
    expect(s.movable + s.blocked + s.review).toBe(s.total);
    expect(s.movableShare).toBeCloseTo(s.movable / s.total, 10);
    expect(s.byOperation.findMany!.total).toBe(5);
    expect(s.blockers["`$queryRawTyped`"]).toBe(1);
    expect(typed.compilerDiagnostics).toBeGreaterThan(0);
    const json = JSON.parse(JSON.stringify(typed)) as Inventory;
    expect(json.entries).toHaveLength(typed.entries.length);
    const md = renderMarkdown(typed);
    expect(md).toContain(`**${s.movable} of ${s.total} call sites`);
    expect(md).toContain("| typed.ts:7 | user | findMany |");
  });

  it("works on a codebase that does not compile, finding clients by how they were made", () => {
    expect(broken.compilerDiagnostics).toBeGreaterThan(0);
    // `new PrismaClient()` of a package that is not installed: evidence, not a resolved type.
    expect(at(broken, "prisma.user.findUnique")).toMatchObject({
      model: "user",
      operation: "findUnique",
      detectedBy: "evidence",
      verdict: "movable",
    });
    expect(at(broken, "prisma.user.findUnique").features).toEqual(
      expect.arrayContaining(["include", "relation.orderBy", "relation.take", "where"]),
    );
    expect(at(broken, "views: { increment")).toMatchObject({ operation: "update", verdict: "movable" });
    expect(at(broken, "cat & dog")).toMatchObject({ verdict: "blocked" });
    expect(broken.entries.some((e) => e.file === "syntax.ts" && e.operation === "findMany")).toBe(true);
  });
});

describe("inventory of this repository", () => {
  it("reports every Prisma call site of src/prisma/ as movable", () => {
    const inventory = runInventory(resolve(import.meta.dirname, "../.."));
    const own = inventory.entries.filter((e) => e.file.startsWith("src/prisma/"));
    expect(own.length).toBeGreaterThan(0);
    expect(
      own.filter((e) => e.verdict !== "movable").map((e) => `${e.location} ${e.verdict}: ${e.reasons.join("; ")}`),
    ).toEqual([]);
  }, 120_000);
});
