/**
 * One database, two ORMs: rows written by Prisma (its real client, driver adapter pg) and rows
 * inserted with plain SQL in Prisma's shape read identically through the Drizzle schema, and rows
 * written through Drizzle read identically through Prisma. Timestamps are checked at the storage
 * level too (UTC wall-clock time, milliseconds), also from a session whose TimeZone is not UTC.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashSessionToken } from "../../src/domain/tokens.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import { createDrizzleRepositoriesOnDb } from "../../src/drizzle/repositories.ts";
import * as schema from "../../src/drizzle/schema.ts";
import { PrismaClient } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const CUID = /^c[a-z0-9]{24}$/;
const at = (iso: string) => new Date(iso);

describe("rows shared between Prisma and Drizzle", () => {
  const db = useTestDatabase();
  let prisma: InstanceType<typeof PrismaClient>;
  let pool: pg.Pool;
  // A second Drizzle connection whose session TimeZone is far from UTC (+14:00).
  let kiritimatiPool: pg.Pool;
  let repos: Repositories;
  let kiritimati: Repositories;
  let orm: ReturnType<typeof drizzle<typeof schema>>;

  let prismaPool: pg.Pool;

  beforeAll(() => {
    prismaPool = owned(new pg.Pool({ connectionString: db.url, max: 2 }));
    prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool) });
    pool = owned(new pg.Pool({ connectionString: db.url, max: 4 }));
    kiritimatiPool = owned(
      new pg.Pool({ connectionString: db.url, max: 2, options: "-c TimeZone=Pacific/Kiritimati" }),
    );
    orm = drizzle({ client: pool, schema });
    repos = createDrizzleRepositoriesOnDb(orm);
    kiritimati = createDrizzleRepositoriesOnDb(drizzle({ client: kiritimatiPool, schema }));
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await closeOwned(prismaPool);
    await closeOwned(pool);
    await closeOwned(kiritimatiPool);
  });
  beforeEach(() => db.reset());

  it("a row inserted with plain SQL in Prisma's shape reads back exactly through Drizzle", async () => {
    // What Prisma Migrate's tables hold after Prisma wrote them: cuid ids, UTC wall-clock
    // timestamp(3) values, enum labels, jsonb, a NULL text[] (the column is nullable), bigserial ids.
    await db.query(`INSERT INTO users (id, email, name, created_at, updated_at) VALUES
      ('ckv0000000000000000000001', 'ada@example.com', 'Ada', '2026-03-04 05:06:07.089', '2026-03-05 00:00:00.001'),
      ('ckv0000000000000000000002', 'bob@example.com', 'Bob', '2026-03-04 05:06:07.000', '2026-03-04 05:06:07.000')`);
    await db.query(`INSERT INTO organizations (id, slug, name, plan, created_at, updated_at) VALUES
      ('ckv0000000000000000000010', 'acme', 'Acme', 'ENTERPRISE', '2026-01-01 00:00:00.000', '2026-01-02 03:04:05.678')`);
    await db.query(`INSERT INTO memberships (id, organization_id, user_id, role, created_at) VALUES
      ('ckv0000000000000000000020', 'ckv0000000000000000000010', 'ckv0000000000000000000001', 'OWNER', '2026-01-01 00:00:00.000'),
      ('ckv0000000000000000000021', 'ckv0000000000000000000010', 'ckv0000000000000000000002', 'MEMBER', '2026-01-01 00:00:00.000')`);
    await db.query(`INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at) VALUES
      ('ckv0000000000000000000030', 'ckv0000000000000000000010', 'ckv0000000000000000000001', 'Rocket', 'PAUSED',
       '{"budget": 1200.5, "nested": {"deep": [1, "two", null, true]}}', ARRAY['space', 'q1'], '2026-02-01 10:00:00.500', '2026-02-02 10:00:00.500'),
      ('ckv0000000000000000000031', 'ckv0000000000000000000010', 'ckv0000000000000000000002', 'Untagged', 'ACTIVE', '{}', NULL,
       '2026-02-01 10:00:00.000', '2026-02-01 10:00:00.000')`);
    await db.query(`INSERT INTO tasks (id, project_id, title, status, assignee_id, position, created_at, updated_at) VALUES
      ('ckv0000000000000000000040', 'ckv0000000000000000000030', 'Design', 'DONE', 'ckv0000000000000000000002', 0, '2026-02-03 00:00:00.000', '2026-02-03 00:00:00.000'),
      ('ckv0000000000000000000041', 'ckv0000000000000000000030', 'Build', 'TODO', NULL, 1, '2026-02-03 00:00:00.000', '2026-02-03 00:00:00.000')`);
    const tokenHash = hashSessionToken("prisma-shaped");
    await db.query(
      `INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at) VALUES
      ('ckv0000000000000000000050', 'ckv0000000000000000000001', $1, '2999-12-31 23:59:59.999', '2026-02-03 00:00:00.000')`,
      [tokenHash],
    );
    await db.query(`INSERT INTO downloads (id, version, platform, url, count, released_at, updated_at) VALUES
      ('ckv0000000000000000000060', '1.0.0', 'linux-x64', 'https://example.com/1', 41, '2026-03-04 05:06:07.089', '2026-03-04 05:06:07.089')`);
    await db.query(`INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at) VALUES
      (9007199254740993, NULL, NULL, 'project', 'ckv0000000000000000000030', 'project.created', NULL, '"plain string"', '2026-02-01 10:00:00.500')`);

    const ada = {
      id: "ckv0000000000000000000001",
      email: "ada@example.com",
      name: "Ada",
      createdAt: at("2026-03-04T05:06:07.089Z"),
      updatedAt: at("2026-03-05T00:00:00.001Z"),
    };
    const bob = {
      id: "ckv0000000000000000000002",
      email: "bob@example.com",
      name: "Bob",
      createdAt: at("2026-03-04T05:06:07.000Z"),
      updatedAt: at("2026-03-04T05:06:07.000Z"),
    };
    const acme = {
      id: "ckv0000000000000000000010",
      slug: "acme",
      name: "Acme",
      plan: "ENTERPRISE",
      createdAt: at("2026-01-01T00:00:00.000Z"),
      updatedAt: at("2026-01-02T03:04:05.678Z"),
    };
    // The same answers from a UTC session and from a +14:00 session: nothing depends on TimeZone.
    for (const r of [repos, kiritimati]) {
      expect(await r.users.getById(ada.id)).toEqual(ada);
      expect(await r.organizations.findBySlug("acme")).toEqual(acme);
      expect(await r.organizations.listForUser(bob.id)).toEqual([
        { organization: acme, role: "MEMBER", memberCount: 2 },
      ]);
      expect(await r.projects.getDetail("ckv0000000000000000000030")).toEqual({
        id: "ckv0000000000000000000030",
        organizationId: acme.id,
        ownerId: ada.id,
        name: "Rocket",
        status: "PAUSED",
        metadata: { budget: 1200.5, nested: { deep: [1, "two", null, true] } },
        tags: ["space", "q1"],
        createdAt: at("2026-02-01T10:00:00.500Z"),
        updatedAt: at("2026-02-02T10:00:00.500Z"),
        owner: { id: ada.id, email: ada.email, name: ada.name },
        taskCounts: { TODO: 1, IN_PROGRESS: 0, DONE: 1 },
      });
      expect((await r.projects.getDetail("ckv0000000000000000000031")).tags).toEqual([]);
      expect(await r.tasks.listForProject("ckv0000000000000000000030")).toEqual([
        {
          id: "ckv0000000000000000000040",
          projectId: "ckv0000000000000000000030",
          title: "Design",
          status: "DONE",
          assigneeId: bob.id,
          position: 0,
          createdAt: at("2026-02-03T00:00:00.000Z"),
          updatedAt: at("2026-02-03T00:00:00.000Z"),
          assignee: { id: bob.id, email: bob.email, name: bob.name },
        },
        expect.objectContaining({ id: "ckv0000000000000000000041", assigneeId: null, assignee: null, position: 1 }),
      ]);
      expect(await r.sessions.findActiveByTokenHash(tokenHash)).toEqual({
        id: "ckv0000000000000000000050",
        userId: ada.id,
        tokenHash,
        expiresAt: at("2999-12-31T23:59:59.999Z"),
        createdAt: at("2026-02-03T00:00:00.000Z"),
        user: ada,
      });
      expect(await r.downloads.latestPerPlatform()).toEqual([
        {
          id: "ckv0000000000000000000060",
          version: "1.0.0",
          platform: "linux-x64",
          url: "https://example.com/1",
          count: 41,
          releasedAt: at("2026-03-04T05:06:07.089Z"),
          updatedAt: at("2026-03-04T05:06:07.089Z"),
        },
      ]);
      // 2^53 + 1: only exact as a bigint, so it must come back as this decimal string.
      expect(
        (await r.audit.listForEntity({ entityType: "project", entityId: "ckv0000000000000000000030" })).items,
      ).toEqual([
        {
          id: "9007199254740993",
          organizationId: null,
          actorId: null,
          entityType: "project",
          entityId: "ckv0000000000000000000030",
          action: "project.created",
          before: null,
          after: "plain string",
          createdAt: at("2026-02-01T10:00:00.500Z"),
        },
      ]);
    }

    // The relations declared in the schema drive Drizzle's relational queries over the same rows.
    const project = await orm.query.projects.findFirst({
      where: eq(schema.projects.id, "ckv0000000000000000000030"),
      with: {
        owner: true,
        organization: { with: { memberships: true } },
        tasks: { with: { assignee: true }, orderBy: schema.tasks.position },
      },
    });
    expect(project?.owner).toEqual(ada);
    expect(project?.organization.memberships.map((m) => m.role).sort()).toEqual(["MEMBER", "OWNER"]);
    expect(project?.tasks.map((t) => [t.title, t.assignee?.name ?? null])).toEqual([
      ["Design", "Bob"],
      ["Build", null],
    ]);
    // Dates nested in the relational query's JSON decode as UTC too.
    expect(project?.tasks[0]!.createdAt).toEqual(at("2026-02-03T00:00:00.000Z"));
    const owner = await orm.query.users.findFirst({
      where: eq(schema.users.id, ada.id),
      with: { ownedProjects: true, sessions: true },
    });
    expect(owner?.ownedProjects.map((p) => p.id)).toEqual(["ckv0000000000000000000030"]);
    expect(owner?.sessions[0]?.expiresAt).toEqual(at("2999-12-31T23:59:59.999Z"));
    const assigned = await orm.query.users.findFirst({
      where: eq(schema.users.id, bob.id),
      with: { assignedTasks: true },
    });
    expect(assigned?.assignedTasks.map((t) => t.id)).toEqual(["ckv0000000000000000000040"]);
  });

  it("rows written by the Prisma client read identically through Drizzle", async () => {
    const user = await prisma.user.create({ data: { email: "prisma-writer@example.com", name: "Zoë Prisma" } });
    expect(user.id).toMatch(CUID);
    const organization = await prisma.organization.create({
      data: {
        slug: "written-by-prisma",
        name: "Prisma Org",
        plan: "PRO",
        memberships: { create: { userId: user.id, role: "OWNER" } },
      },
    });
    const project = await prisma.project.create({
      data: {
        organizationId: organization.id,
        ownerId: user.id,
        name: "From Prisma",
        metadata: { n: 1.5, list: ["a", null] },
        tags: ["x", "y z", "{braces}"],
      },
    });
    await prisma.task.createMany({
      data: [
        { projectId: project.id, title: "one", position: 0 },
        { projectId: project.id, title: "two", position: 1, status: "DONE", assigneeId: user.id },
      ],
    });
    const session = await prisma.session.create({
      data: { userId: user.id, tokenHash: hashSessionToken("prisma"), expiresAt: new Date("2030-01-01T00:00:00.123Z") },
    });
    const download = await prisma.download.create({
      data: {
        version: "2.0.0",
        platform: "darwin-arm64",
        url: "https://example.com/2",
        releasedAt: new Date("2026-05-06T07:08:09.010Z"),
      },
    });
    const entry = await prisma.auditLog.create({
      data: {
        entityType: "project",
        entityId: project.id,
        action: "written",
        before: { a: [1, 2] },
        after: { b: "ü" },
      },
    });

    for (const r of [repos, kiritimati]) {
      expect(await r.users.getById(user.id)).toEqual(user);
      expect(await r.organizations.findBySlug(organization.slug)).toEqual(organization);
      const { owner, taskCounts, ...detail } = await r.projects.getDetail(project.id);
      expect(detail).toEqual(project);
      expect(owner).toEqual({ id: user.id, email: user.email, name: user.name });
      expect(taskCounts).toEqual({ TODO: 1, IN_PROGRESS: 0, DONE: 1 });
      const tasks = await prisma.task.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" } });
      expect((await r.tasks.listForProject(project.id)).map(({ assignee: _assignee, ...task }) => task)).toEqual(tasks);
      expect(await r.sessions.findActiveByTokenHash(session.tokenHash, new Date("2029-01-01T00:00:00Z"))).toEqual({
        ...session,
        user,
      });
      expect(await r.downloads.latestPerPlatform()).toEqual([download]);
      expect((await r.audit.listForEntity({ entityType: "project", entityId: project.id })).items).toEqual([
        { ...entry, id: entry.id.toString() },
      ]);
    }
  });

  it("rows written through Drizzle read identically through the Prisma client", async () => {
    const user = await repos.users.create({ email: "drizzle-writer@example.com", name: "Zoë Drizzle" });
    const { organization, membership } = await repos.organizations.createWithOwner({
      slug: "written-by-drizzle",
      name: "Drizzle Org",
      plan: "ENTERPRISE",
      ownerId: user.id,
    });
    const project = await repos.projects.create({
      organizationId: organization.id,
      ownerId: user.id,
      name: "From Drizzle",
      metadata: { n: 1.5, deep: { ok: true } },
      tags: ["a'b", 'c"d', "comma,tag"],
    });
    await repos.tasks.createMany(project.id, [{ title: "one" }, { title: "two", status: "IN_PROGRESS" }]);
    const [first] = await repos.tasks.listForProject(project.id);
    const assigned = await repos.tasks.assign({ taskId: first!.id, assigneeId: user.id });
    const session = await repos.sessions.create({
      userId: user.id,
      tokenHash: hashSessionToken("drizzle"),
      expiresAt: new Date("2030-01-01T00:00:00.123Z"),
    });
    const release = await repos.downloads.upsertRelease({
      version: "3.0.0",
      platform: "win32-x64",
      url: "https://example.com/3",
      releasedAt: new Date("2026-07-08T09:10:11.012Z"),
    });
    const entry = await repos.audit.append({
      entityType: "project",
      entityId: project.id,
      action: "written",
      before: [1, "two"],
      after: null,
    });

    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);
    expect(await prisma.organization.findUniqueOrThrow({ where: { slug: organization.slug } })).toEqual(organization);
    expect(
      await prisma.membership.findUniqueOrThrow({
        where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
      }),
    ).toEqual(membership);
    expect(await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).toEqual(project);
    expect(await prisma.task.findUniqueOrThrow({ where: { id: assigned.id } })).toEqual(assigned);
    expect(
      (await prisma.task.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" } })).map((t) => [
        t.title,
        t.position,
        t.status,
      ]),
    ).toEqual([
      ["one", 0, "TODO"],
      ["two", 1, "IN_PROGRESS"],
    ]);
    expect(await prisma.session.findUniqueOrThrow({ where: { tokenHash: session.tokenHash } })).toEqual(session);
    expect(
      await prisma.download.findUniqueOrThrow({
        where: { version_platform: { version: "3.0.0", platform: "win32-x64" } },
      }),
    ).toEqual(release);
    const prismaEntry = await prisma.auditLog.findUniqueOrThrow({ where: { id: BigInt(entry.id) } });
    expect({ ...prismaEntry, id: prismaEntry.id.toString() }).toEqual(entry);
    // Prisma reads the organization.created entry Drizzle wrote inside createWithOwner.
    expect(
      await prisma.auditLog.findFirst({
        where: { entityId: organization.id },
        orderBy: { id: "desc" },
        select: { action: true, actorId: true },
      }),
    ).toEqual({
      action: "organization.created",
      actorId: user.id,
    });
  });

  it("stores UTC wall-clock time with millisecond precision, whatever the writing session's TimeZone", async () => {
    expect((await kiritimatiPool.query<{ TimeZone: string }>("SHOW TimeZone")).rows[0]!.TimeZone).toBe(
      "Pacific/Kiritimati",
    );
    const fromUtc = await repos.users.create({ email: "utc@example.com", name: "UTC" });
    const fromKiritimati = await kiritimati.users.create({ email: "plus14@example.com", name: "+14" });
    const releasedAt = new Date("2026-12-31T23:59:59.999Z");
    await kiritimati.downloads.upsertRelease({ version: "9", platform: "p", url: "https://example.com/9", releasedAt });
    const rows = await db.query<{ id: string; created: string; updated: string }>(
      `SELECT id, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created, to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated FROM users`,
    );
    for (const user of [fromUtc, fromKiritimati]) {
      const row = rows.find((r) => r.id === user.id)!;
      expect(row.created).toBe(user.createdAt.toISOString());
      expect(row.updated).toBe(user.updatedAt.toISOString());
    }
    const [download] = await db.query<{ released: string }>(
      `SELECT to_char(released_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS released FROM downloads`,
    );
    expect(download!.released).toBe("2026-12-31T23:59:59.999Z");
    // Sub-millisecond input cannot exist in a Date; what is stored is exactly what was returned.
    const [latest] = await orm.select().from(schema.downloads).orderBy(desc(schema.downloads.releasedAt)).limit(1);
    expect(latest!.releasedAt).toEqual(releasedAt);
  });

  it("why created_at is also set client-side: the database default follows the session's TimeZone", async () => {
    // The DDL default (CURRENT_TIMESTAMP, kept for parity with Prisma's migration) is local wall-clock
    // time of the session; a +14:00 session stores a time 14 hours ahead of the UTC every client reads.
    await kiritimatiPool.query(
      `INSERT INTO users (id, email, name, updated_at) VALUES ('ckv0000000000000000000099', 'default@example.com', 'Default', now() AT TIME ZONE 'UTC')`,
    );
    const viaDefault = await repos.users.getById("ckv0000000000000000000099");
    const skewHours = (viaDefault.createdAt.getTime() - viaDefault.updatedAt.getTime()) / 3_600_000;
    expect(Math.round(skewHours)).toBe(14);
    // Through Drizzle the client's clock is sent, so the same session stores UTC.
    const before = Date.now();
    const viaDrizzle = await kiritimati.users.create({ email: "client-clock@example.com", name: "Client clock" });
    expect(Math.abs(viaDrizzle.createdAt.getTime() - before)).toBeLessThan(60_000);
  });
});
