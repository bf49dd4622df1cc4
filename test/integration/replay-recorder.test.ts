/**
 * The workload recorder on real Prisma Client: it changes no result or error, records values that
 * decode to what the call was made with, redacts in both modes, counts statements from Prisma's
 * query events (null when calls overlap), bounds its file, samples, and keeps lines whole when two
 * processes append at once.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Decimal } from "../../src/compat/prisma-runtime.ts";
import { Prisma, PrismaClient } from "../../src/prisma/generated/client.ts";
import { recordWorkload } from "../../src/replay/recorder.ts";
import { readWorkload, type WorkloadCall } from "../../src/replay/workload-file.ts";
import { decodeValue, encodeValue } from "../../src/replay/values.ts";
import { useTestDatabase } from "../support/database.ts";
import { type OwnedPrismaAdapter, ownedPrismaAdapter } from "../support/prisma-adapter.ts";
import { FIXTURE_COMPARISON, seed } from "./compat-fixtures.ts";

const { outcome, typed } = FIXTURE_COMPARISON;

const TMP = path.resolve(".tmp", `replay-recorder-${process.pid}`);
let fileCounter = 0;
const freshFile = (): string => path.join(TMP, `w${++fileCounter}.jsonl`);
const calls = (file: string): WorkloadCall[] => readWorkload(file).filter((l): l is WorkloadCall => l.kind === "call");

describe("workload recorder", () => {
  const db = useTestDatabase();
  let plain: PrismaClient;
  let plainAdapter: OwnedPrismaAdapter;

  beforeAll(() => {
    fs.mkdirSync(TMP, { recursive: true });
    plainAdapter = ownedPrismaAdapter(db.url, 4);
    plain = new PrismaClient({
      adapter: plainAdapter.adapter,
      log: [{ emit: "event", level: "query" }],
    });
  });
  afterAll(async () => {
    await plain.$disconnect();
    await plainAdapter.close();
    fs.rmSync(TMP, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await seed(db);
  });

  /** Calls with results of every kind (relations, aggregates, Json, bigint, Date) and errors. */
  const workload = (c: PrismaClient): (() => Promise<unknown>)[] => [
    () => c.user.findMany({ orderBy: { email: "asc" }, include: { memberships: true } }),
    () => c.project.findUnique({ where: { id: "p1" }, include: { tasks: { orderBy: { id: "asc" } }, owner: true } }),
    () => c.auditLog.findMany({ orderBy: { id: "asc" } }),
    () =>
      c.task.groupBy({ by: ["status"], _count: { _all: true }, _max: { position: true }, orderBy: { status: "asc" } }),
    () => c.session.findFirst({ where: { expiresAt: { gt: new Date("2026-01-01T12:00:00Z") } } }),
    () => c.project.findMany({ where: { metadata: { equals: Prisma.DbNull } } }),
    () => c.user.create({ data: { email: "ada@example.com", name: "dup" } }),
    () => c.project.update({ where: { id: "p2" }, data: { name: "apollo 2" } }),
    () => c.user.findUniqueOrThrow({ where: { id: "missing" } }),
  ];

  it("changes no result and no error (real Prisma Client, with and without it)", async () => {
    const recorded = plain.$extends(recordWorkload({ file: freshFile() })) as unknown as PrismaClient;
    for (const [index, call] of workload(plain).entries()) {
      const without = await outcome(call);
      const withIt = await outcome(workload(recorded)[index]!);
      expect(typed(withIt), `call ${index}`).toEqual(typed(without));
    }
  });

  it("records one line per call: model, operation, args that decode to the call's values, duration, statements, error", async () => {
    const file = freshFile();
    const recorded = plain.$extends(recordWorkload({ file, redact: false })) as unknown as PrismaClient;
    const since = new Date("2026-01-01T12:00:00.000Z");
    await recorded.session.findFirst({ where: { expiresAt: { gt: since } } });
    await recorded.user.findMany({ include: { memberships: true } });
    await outcome(() => recorded.user.create({ data: { email: "ada@example.com", name: "dup" } }));
    const created = await recorded.auditLog.create({
      data: { entityType: "x", entityId: "y", action: "z", before: Prisma.JsonNull, after: Prisma.DbNull },
    });
    const lines = calls(file);
    expect(lines.map((l) => `${l.model}.${l.operation}`)).toEqual([
      "Session.findFirst",
      "User.findMany",
      "User.create",
      "AuditLog.create",
    ]);
    expect(decodeValue(lines[0]!.args)).toEqual({ where: { expiresAt: { gt: since } } });
    expect(lines[1]!.statements).toBe(2); // users, then their memberships
    expect(lines[2]!.error).toEqual({ code: "P2002", name: "PrismaClientKnownRequestError" });
    const audit = decodeValue(lines[3]!.args) as { data: { before: unknown; after: unknown } };
    expect(audit.data.before).toBe(Prisma.JsonNull);
    expect(audit.data.after).toBe(Prisma.DbNull);
    expect(typeof created.id).toBe("bigint");
    for (const line of lines) expect(line.durationMs).toBeGreaterThan(0);
  });

  it("records the ids a create returned, for replay to map", async () => {
    const file = freshFile();
    const recorded = plain.$extends(recordWorkload({ file })) as unknown as PrismaClient;
    const org = await recorded.organization.create({
      data: { slug: "new", name: "New", memberships: { create: { userId: "u1", role: "OWNER" } } },
      include: { memberships: true },
    });
    expect(calls(file)[0]!.ids).toEqual([org.id, org.memberships[0]!.id]);
  });

  it("counts no statements for calls that overlapped another (null, not a wrong number)", async () => {
    const file = freshFile();
    const recorded = plain.$extends(recordWorkload({ file })) as unknown as PrismaClient;
    await Promise.all([recorded.user.findMany(), recorded.project.findMany(), recorded.task.findMany()]);
    expect(calls(file).map((l) => l.statements)).toEqual([null, null, null]);
  });

  it("gives null statements on a client that emits no query events", async () => {
    const silentAdapter = ownedPrismaAdapter(db.url, 1);
    const silent = new PrismaClient({ adapter: silentAdapter.adapter });
    try {
      const file = freshFile();
      await (silent.$extends(recordWorkload({ file })) as unknown as PrismaClient).user.count();
      expect(calls(file)[0]!.statements).toBeNull();
    } finally {
      await silent.$disconnect();
      await silentAdapter.close();
    }
  });

  it("redacts by field name (default list and given names), keeping operators and the other values", async () => {
    const file = freshFile();
    const recorded = plain.$extends(
      recordWorkload({ file, redact: { fields: ["email", /^tokenHash$/] } }),
    ) as unknown as PrismaClient;
    await recorded.user.findMany({ where: { email: { contains: "ada" }, name: "Ada" } });
    await recorded.session.findFirst({ where: { tokenHash: "a".repeat(64) } });
    const [users, sessions] = calls(file);
    expect(users!.redaction).toBe("fields");
    expect(users!.args).toEqual({
      where: { email: { contains: { $orm: "Redacted", v: { type: "string", length: 3 } } }, name: "Ada" },
    });
    expect(sessions!.args).toEqual({ where: { tokenHash: { $orm: "Redacted", v: { type: "string", length: 64 } } } });
    const defaults = freshFile();
    await (plain.$extends(recordWorkload({ file: defaults })) as unknown as PrismaClient).session.findFirst({
      where: { tokenHash: "b" },
    });
    expect(JSON.stringify(calls(defaults)[0]!.args)).not.toContain('"b"');
  });

  it("replaces every value by a typed placeholder in placeholders mode, and records no ids", async () => {
    const file = freshFile();
    const recorded = plain.$extends(recordWorkload({ file, redact: "placeholders" })) as unknown as PrismaClient;
    await recorded.task.findMany({
      where: { position: { gte: 1 }, createdAt: { lt: new Date() }, assigneeId: null },
      take: 2,
    });
    await recorded.user.create({ data: { email: "new@example.com", name: "New" } });
    const [tasks, create] = calls(file);
    expect(tasks!.args).toEqual({
      where: {
        position: { gte: { $orm: "Redacted", v: { type: "number", integer: true } } },
        createdAt: { lt: { $orm: "Redacted", v: { type: "Date" } } },
        assigneeId: null,
      },
      take: { $orm: "Redacted", v: { type: "number", integer: true } },
    });
    expect(create!.ids).toBeUndefined();
    expect(JSON.stringify(create!.args)).not.toContain("new@example.com");
  });

  it("records nothing at sampleRate 0 and refuses a rate outside 0..1", async () => {
    const file = freshFile();
    await (plain.$extends(recordWorkload({ file, sampleRate: 0 })) as unknown as PrismaClient).user.count();
    expect(fs.existsSync(file) ? calls(file) : []).toEqual([]);
    expect(() => recordWorkload({ file, sampleRate: 2 })).toThrow(/sampleRate/);
  });

  it("stops at maxBytes: the file never grows past the bound in one process", async () => {
    const file = freshFile();
    const recorded = plain.$extends(recordWorkload({ file, maxBytes: 1500 })) as unknown as PrismaClient;
    for (let i = 0; i < 20; i++) await recorded.user.findMany({ where: { name: `n${i}` } });
    const size = fs.statSync(file).size;
    expect(size).toBeLessThanOrEqual(1500);
    expect(calls(file).length).toBeGreaterThan(1);
    expect(calls(file).length).toBeLessThan(20);
  });
});

describe("workload values and files", () => {
  it("encodes Date, bigint, Decimal, bytes, Json nulls and $orm-keyed objects so they decode to equal values", () => {
    const value = {
      at: new Date("2026-02-03T04:05:06.789Z"),
      invalid: new Date(Number.NaN),
      big: 9007199254740993n,
      price: new Decimal("12.30"),
      buffer: Buffer.from([0, 1, 255]),
      bytes: new Uint8Array([9, 8]),
      nulls: [Prisma.DbNull, Prisma.JsonNull, Prisma.AnyNull, null],
      json: { $orm: "looks like a tag", v: 1 },
      inf: Number.POSITIVE_INFINITY,
    };
    const decoded = decodeValue(JSON.parse(JSON.stringify(encodeValue(value))) as never) as Record<string, unknown>;
    expect(decoded.at).toEqual(value.at);
    expect(Number.isNaN((decoded.invalid as Date).getTime())).toBe(true);
    expect(decoded.big).toBe(value.big);
    expect(String(decoded.price)).toBe("12.3");
    expect(decoded.price).toBeInstanceOf(Decimal);
    expect(Array.from(decoded.buffer as Uint8Array)).toEqual([0, 1, 255]);
    expect(Array.from(decoded.bytes as Uint8Array)).toEqual([9, 8]);
    expect(decoded.nulls).toEqual([Prisma.DbNull, Prisma.JsonNull, Prisma.AnyNull, null]);
    expect((decoded.nulls as unknown[])[0]).toBe(Prisma.DbNull);
    expect(decoded.json).toEqual(value.json);
    expect(decoded.inf).toBe(Number.POSITIVE_INFINITY);
  });

  it("keeps lines whole when two processes append large lines at once (O_APPEND, one write per line)", async () => {
    fs.mkdirSync(TMP, { recursive: true });
    const file = path.join(TMP, "two-writers.jsonl");
    const run = promisify(execFile);
    const writer = (tag: string) =>
      run(process.execPath, ["--import", "tsx", "test/support/append-workload-lines.ts", file, "400", "9000", tag]);
    await Promise.all([writer("A"), writer("B")]);
    const lines = calls(file);
    expect(lines.length).toBe(800);
    for (const tag of ["A", "B"]) {
      const names = lines
        .map((l) => (l.args as { where: { name: string } }).where.name)
        .filter((n) => n.startsWith(`${tag}-`));
      expect(names.length).toBe(400);
      for (const name of names) expect(name).toMatch(tag === "A" ? /^A-\d+-a+$/ : /^B-\d+-b+$/);
    }
    fs.rmSync(TMP, { recursive: true, force: true });
  }, 60_000);
});
