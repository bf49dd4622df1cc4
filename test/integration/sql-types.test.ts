/**
 * Values read and written by the hand-written SQL implementation are the same whatever the
 * settings around it: the Node process's time zone, the session's TimeZone, and node-postgres'
 * process-wide type parsers (which another library in the process may have changed). Plus the
 * text-format parsers themselves, on the edge cases PostgreSQL's output syntax allows.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDataError } from "../../src/domain/errors.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import type { PgPoolLike } from "../../src/sql/executor.ts";
import { createSqlRepositories } from "../../src/sql/repositories.ts";
import { PG_OID, parseTextArray, parseTimestamptz, parseUtcTimestamp } from "../../src/sql/type-parsers.ts";
import { useTestDatabase } from "../support/database.ts";

describe("text-format parsers", () => {
  it("read text[] output with quoting, escapes, NULL and empty elements", () => {
    expect(parseTextArray("{}")).toEqual([]);
    expect(parseTextArray("{a}")).toEqual(["a"]);
    expect(parseTextArray('{a,"b c","",NULL,"NULL"}')).toEqual(["a", "b c", "", null, "NULL"]);
    expect(parseTextArray('{"a\'b","c\\"d","{braces}","comma,tag","back\\\\slash"}')).toEqual([
      "a'b",
      'c"d',
      "{braces}",
      "comma,tag",
      "back\\slash",
    ]);
    expect(parseTextArray("{Zoë,李小龍,🚀}")).toEqual(["Zoë", "李小龍", "🚀"]);
    expect(() => parseTextArray("{{a},{b}}")).toThrow(/multi-dimensional/);
    expect(() => parseTextArray("[0:1]={a,b}")).toThrow();
  });

  it("read timestamp without time zone as UTC, to the millisecond, for any year", () => {
    expect(parseUtcTimestamp("2026-03-04 05:06:07.089").toISOString()).toBe("2026-03-04T05:06:07.089Z");
    expect(parseUtcTimestamp("2026-03-04 05:06:07").toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(parseUtcTimestamp("2026-03-04 05:06:07.5").toISOString()).toBe("2026-03-04T05:06:07.500Z");
    expect(parseUtcTimestamp("2026-03-04 05:06:07.123456").toISOString()).toBe("2026-03-04T05:06:07.123Z");
    expect(parseUtcTimestamp("0042-01-02 00:00:00").getUTCFullYear()).toBe(42);
    expect(() => parseUtcTimestamp("03/04/2026 05:06:07.089")).toThrow(/DateStyle ISO/);
    expect(() => parseUtcTimestamp("infinity")).toThrow();
  });

  it("read timestamptz with any offset", () => {
    expect(parseTimestamptz("2026-03-04 05:06:07.089+00").toISOString()).toBe("2026-03-04T05:06:07.089Z");
    expect(parseTimestamptz("2026-03-04 07:36:07+02:30").toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(parseTimestamptz("2026-03-03 19:06:07-10").toISOString()).toBe("2026-03-04T05:06:07.000Z");
  });

  it("a Neon serverless Pool fits the executor's pool type", async () => {
    const { Pool } = await import("@neondatabase/serverless");
    // Constructing a pool opens no connection; the assignment is the check (tsc runs over tests).
    const neon: PgPoolLike = new Pool({ connectionString: "postgresql://nobody@127.0.0.1:1/none" });
    expect(typeof neon.connect).toBe("function");
    await (neon as unknown as { end(): Promise<void> }).end();
  });
});

describe("SQL implementation: values independent of the environment", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let repos: Repositories;
  const savedTz = process.env.TZ;
  const { builtins } = pg.types;
  const savedParsers = [
    builtins.TIMESTAMP,
    builtins.INT8,
    builtins.JSONB,
    PG_OID.textArray as typeof builtins.TEXT,
  ].map((oid) => [oid, pg.types.getTypeParser(oid, "text") as (value: string) => unknown] as const);

  beforeAll(() => {
    // A process far east of UTC, a session far west of it, and every global parser sabotaged.
    process.env.TZ = "Asia/Kathmandu";
    for (const [oid] of savedParsers) pg.types.setTypeParser(oid, (value: string) => `global parser saw ${value}`);
    pool = new pg.Pool({ connectionString: db.url, max: 3, options: "-c TimeZone=Pacific/Honolulu" });
    // pg's Pool.end() resolves before its sockets close; the database is then dropped WITH (FORCE)
    // and a connection still closing reports 57P01 as an 'error' event on its pool.
    pool.on("error", () => {});
    repos = createSqlRepositories({ pool });
  });
  afterAll(async () => {
    await repos?.close();
    await pool?.end();
    for (const [oid, parser] of savedParsers) pg.types.setTypeParser(oid, parser);
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it("stores UTC wall-clock time and reads the same instant back", async () => {
    const releasedAt = new Date("2026-03-04T05:06:07.089Z");
    const release = await repos.downloads.upsertRelease({
      version: "1.0.0",
      platform: "linux",
      url: "https://example.com/1",
      releasedAt,
    });
    expect(release.releasedAt.toISOString()).toBe(releasedAt.toISOString());
    const [raw] = await db.query<{ text: string }>(
      "SELECT to_char(released_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') AS text FROM downloads WHERE id = $1",
      [release.id],
    );
    expect(raw!.text).toBe("2026-03-04T05:06:07.089");
    expect((await repos.downloads.latestPerPlatform())[0]!.releasedAt.toISOString()).toBe(releasedAt.toISOString());
  });

  it("creation times written by the application are UTC, not the session's time zone", async () => {
    const before = Date.now();
    const user = await repos.users.create({ email: "tz@example.com", name: "Time Zone" });
    const after = Date.now();
    expect(user.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(user.createdAt.getTime()).toBeLessThanOrEqual(after + 1);
    const [raw] = await db.query<{ utc_ms: string }>(
      "SELECT (extract(epoch FROM created_at AT TIME ZONE 'UTC') * 1000)::bigint::text AS utc_ms FROM users WHERE id = $1",
      [user.id],
    );
    expect(Number(raw!.utc_ms)).toBe(user.createdAt.getTime());
  });

  it("bigint ids stay decimal strings, jsonb and text[] parse, whatever the global parsers say", async () => {
    const owner = await repos.users.create({ email: "types@example.com", name: "Types" });
    const { organization } = await repos.organizations.createWithOwner({
      slug: "types",
      name: "Types",
      ownerId: owner.id,
    });
    const project = await repos.projects.create({
      organizationId: organization.id,
      ownerId: owner.id,
      name: "P",
      metadata: { a: [1, { b: null }] },
      tags: ["x y", "NULL"],
    });
    expect(project.metadata).toEqual({ a: [1, { b: null }] });
    expect(project.tags).toEqual(["x y", "NULL"]);
    const [entry] = (await repos.audit.listForEntity({ entityType: "organization", entityId: organization.id })).items;
    expect(entry!.id).toMatch(/^[0-9]+$/);
    expect(entry!.after).toEqual({ slug: "types", name: "Types", plan: "FREE" });
    const appended = await repos.audit.append({
      entityType: "arr",
      entityId: "x",
      action: "a",
      before: [1, "two"],
      after: "just a string",
    });
    expect(appended).toMatchObject({ before: [1, "two"], after: "just a string" });
  });

  it("a session whose DateStyle is not ISO fails loudly instead of misreading dates", async () => {
    const sqlStyle = new pg.Pool({ connectionString: db.url, max: 1, options: "-c DateStyle=SQL,DMY" });
    sqlStyle.on("error", () => {});
    const other = createSqlRepositories({ pool: sqlStyle });
    try {
      const user = await repos.users.create({ email: "style@example.com", name: "Style" });
      const failure = await other.users.findById(user.id).catch((e: unknown) => e);
      expect(isDataError(failure, "INTERNAL")).toBe(true);
      expect((failure as Error).message).toMatch(/DateStyle ISO/);
    } finally {
      await other.close();
      await sqlStyle.end();
    }
  });

  it("an audit cursor beyond bigint's range is VALIDATION, not a database error", async () => {
    const failure = await repos.audit
      .listForEntity({ entityType: "doc", entityId: "x", cursor: "9999999999999999999" })
      .catch((e: unknown) => e);
    expect(isDataError(failure, "VALIDATION")).toBe(true);
  });
});
