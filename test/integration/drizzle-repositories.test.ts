/**
 * What the contract suite does not see from outside: how many statements each Drizzle operation
 * sends, that operations join a unit of work instead of nesting, the last-owner rule under racing
 * demotions, literal search, position arithmetic, bigint cursors, and the same repository code on
 * a second driver (postgres.js) with real PostgreSQL errors translated the same way.
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePostgresJs } from "drizzle-orm/postgres-js";
import pg from "pg";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DataError, type DataErrorCode } from "../../src/domain/errors.ts";
import { hashSessionToken } from "../../src/domain/tokens.ts";
import { toDataError } from "../../src/drizzle/errors.ts";
import { createDrizzleRepositoriesOnDb } from "../../src/drizzle/repositories.ts";
import * as schema from "../../src/drizzle/schema.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import { useTestDatabase } from "../support/database.ts";

async function failure(work: Promise<unknown>): Promise<DataError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DataError)) throw new Error(`expected a DataError, got ${String(error)}`, { cause: error });
  return error;
}

async function expectCode(work: Promise<unknown>, code: DataErrorCode): Promise<DataError> {
  const error = await failure(work);
  expect(error.code, error.message).toBe(code);
  return error;
}

describe("Drizzle repositories beyond the contract", () => {
  const db = useTestDatabase();
  let pool: pg.Pool;
  let repos: Repositories;
  const statements: string[] = [];

  /** The statements `work` sent, lower-cased first words are enough to see BEGIN/SAVEPOINT. */
  async function sent(work: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await work();
    return [...statements];
  }

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: db.url, max: 6 });
    // Pool.end() resolves before its sockets close; the database is then dropped WITH (FORCE).
    pool.on("error", () => {});
    repos = createDrizzleRepositoriesOnDb(
      drizzle({ client: pool, schema, logger: { logQuery: (query) => void statements.push(query) } }),
    );
  });
  afterAll(async () => {
    await pool?.end();
  });
  beforeEach(() => db.reset());

  async function organizationWithProject() {
    const owner = await repos.users.create({
      email: `owner-${Math.random().toString(36).slice(2)}@example.com`,
      name: "Owner",
    });
    const { organization } = await repos.organizations.createWithOwner({
      slug: `org-${Math.random().toString(36).slice(2)}`,
      name: "Org",
      ownerId: owner.id,
    });
    const project = await repos.projects.create({
      organizationId: organization.id,
      ownerId: owner.id,
      name: "Project",
      tags: ["t"],
    });
    return { owner, organization, project };
  }

  it("every read, the single-row writes, createWithOwner and status changes are one statement each; the bulk insert one INSERT after the project lock", async () => {
    const { owner, organization, project } = await organizationWithProject();
    const tokenHash = hashSessionToken("one-statement");
    await repos.sessions.create({ userId: owner.id, tokenHash, expiresAt: new Date(Date.now() + 60_000) });
    await repos.downloads.upsertRelease({ version: "1", platform: "p", url: "https://example.com/1" });

    // A bulk insert is one INSERT whatever the batch size; it first locks the project row (in its
    // own transaction) so concurrent appends cannot hand out one position twice.
    const bulk = await sent(() =>
      repos.tasks.createMany(
        project.id,
        Array.from({ length: 1000 }, (_, i) => ({ title: `t${i}` })),
      ),
    );
    expect(bulk).toHaveLength(4);
    expect(bulk[0]).toMatch(/^begin$/i);
    expect(bulk[1]).toMatch(/from "projects" .*for no key update$/i);
    expect(bulk[2]).toMatch(/insert into "tasks"/i);
    expect(bulk[3]).toMatch(/^commit$/i);

    const oneStatement: [string, () => Promise<unknown>][] = [
      ["projects.getDetail", () => repos.projects.getDetail(project.id)],
      [
        "projects.listByOrganization",
        () =>
          repos.projects.listByOrganization({
            organizationId: organization.id,
            tag: "t",
            search: "proj",
            offset: 0,
            limit: 5,
          }),
      ],
      ["projects.statusSummary", () => repos.projects.statusSummary(organization.id)],
      [
        "projects.create",
        () => repos.projects.create({ organizationId: organization.id, ownerId: owner.id, name: "Second" }),
      ],
      ["organizations.listForUser", () => repos.organizations.listForUser(owner.id)],
      [
        "organizations.createWithOwner",
        () => repos.organizations.createWithOwner({ slug: "one-statement", name: "One", ownerId: owner.id }),
      ],
      ["sessions.findActiveByTokenHash", () => repos.sessions.findActiveByTokenHash(tokenHash)],
      ["sessions.deleteExpired", () => repos.sessions.deleteExpired()],
      ["tasks.listForProject", () => repos.tasks.listForProject(project.id)],
      ["users.list", () => repos.users.list({ search: "owner", limit: 10 })],
      [
        "downloads.upsertRelease",
        () => repos.downloads.upsertRelease({ version: "1", platform: "p", url: "https://example.com/again" }),
      ],
      ["downloads.latestPerPlatform", () => repos.downloads.latestPerPlatform()],
      ["downloads.recordDownload", () => repos.downloads.recordDownload({ version: "1", platform: "p" })],
      [
        "audit.listForEntity",
        () => repos.audit.listForEntity({ entityType: "organization", entityId: organization.id }),
      ],
    ];
    for (const [name, work] of oneStatement) expect(await sent(work), name).toHaveLength(1);

    const [task] = await repos.tasks.listForProject(project.id);
    expect(await sent(() => repos.tasks.assign({ taskId: task!.id, assigneeId: owner.id }))).toHaveLength(1);
    // Status changes too: lock + read the old status, update, audit, as data-modifying CTEs.
    expect(
      await sent(() => repos.projects.updateStatus({ projectId: project.id, status: "PAUSED", actorId: owner.id })),
    ).toHaveLength(1);
    expect(await sent(() => repos.projects.archive({ projectId: project.id, actorId: owner.id }))).toHaveLength(1);
    expect(
      (await repos.audit.listForEntity({ entityType: "project", entityId: project.id })).items.map((e) => [
        e.action,
        e.before,
        e.after,
      ]),
    ).toEqual([
      ["project.archived", { status: "PAUSED" }, { status: "ARCHIVED" }],
      ["project.status_changed", { status: "ACTIVE" }, { status: "PAUSED" }],
    ]);
    expect(await repos.tasks.createMany(project.id, [{ title: "last" }])).toBe(1);
    expect((await repos.tasks.listForProject(project.id)).at(-1)).toMatchObject({ title: "last", position: 1000 });
  });

  it("operations that need a transaction join the unit of work instead of nesting one", async () => {
    const owner = await repos.users.create({ email: "uow@example.com", name: "UoW" });
    const log = await sent(() =>
      repos.transaction(async (tx) => {
        const { organization } = await tx.organizations.createWithOwner({
          slug: "uow",
          name: "UoW",
          ownerId: owner.id,
        });
        const project = await tx.projects.create({
          organizationId: organization.id,
          ownerId: owner.id,
          name: "Inside",
        });
        await tx.projects.archive({ projectId: project.id, actorId: owner.id });
        const second = await tx.users.create({ email: "second@example.com", name: "Second" });
        await tx.organizations.addMember({ organizationId: organization.id, userId: second.id, role: "OWNER" });
        await tx.organizations.removeMember({ organizationId: organization.id, userId: owner.id });
      }),
    );
    expect(log.filter((q) => /^(begin|commit|savepoint|release)/i.test(q))).toEqual(["begin", "commit"]);
    expect((await repos.organizations.findBySlug("uow"))?.name).toBe("UoW");
  });

  it("two owners demoting each other at the same time leave exactly one owner", async () => {
    for (let round = 0; round < 5; round++) {
      await db.reset();
      const a = await repos.users.create({ email: `a${round}@example.com`, name: "A" });
      const b = await repos.users.create({ email: `b${round}@example.com`, name: "B" });
      const { organization } = await repos.organizations.createWithOwner({
        slug: `race-${round}`,
        name: "Race",
        ownerId: a.id,
      });
      await repos.organizations.addMember({ organizationId: organization.id, userId: b.id, role: "OWNER" });
      const results = await Promise.allSettled([
        repos.organizations.changeRole({ organizationId: organization.id, userId: a.id, role: "ADMIN" }),
        round % 2 === 0
          ? repos.organizations.changeRole({ organizationId: organization.id, userId: b.id, role: "MEMBER" })
          : repos.organizations.removeMember({ organizationId: organization.id, userId: b.id }),
      ]);
      const owners = await db.query("SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'OWNER'", [
        organization.id,
      ]);
      expect(owners).toHaveLength(1);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(rejected.reason).toBeInstanceOf(DataError);
      expect((rejected.reason as DataError).code).toBe("FORBIDDEN");
    }
  });

  it("concurrent status changes audit a consistent chain: each entry's before is the previous one's after", async () => {
    const { owner, project } = await organizationWithProject();
    const statuses = ["PAUSED", "COMPLETED", "ARCHIVED", "ACTIVE", "PAUSED", "COMPLETED"] as const;
    await Promise.all(
      statuses.map((status) => repos.projects.updateStatus({ projectId: project.id, status, actorId: owner.id })),
    );
    const entries = (
      await repos.audit.listForEntity({ entityType: "project", entityId: project.id, limit: 100 })
    ).items.reverse();
    expect(entries).toHaveLength(statuses.length);
    expect(entries[0]!.before).toEqual({ status: "ACTIVE" });
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.before).toEqual(entries[i - 1]!.after);
    expect((await repos.projects.getDetail(project.id)).status).toEqual(
      (entries.at(-1)!.after as { status: string }).status,
    );
  });

  it("user search matches backslash, percent and underscore literally", async () => {
    const slash = await repos.users.create({ email: "slash@example.com", name: "back\\slash" });
    await repos.users.create({ email: "plain@example.com", name: "backslash" });
    const abc = await repos.users.create({ email: "abc@example.com", name: "abc" });
    expect((await repos.users.list({ search: "\\" })).items.map((u) => u.id)).toEqual([slash.id]);
    expect((await repos.users.list({ search: "k\\s" })).items.map((u) => u.id)).toEqual([slash.id]);
    expect((await repos.users.list({ search: "a_c" })).items).toEqual([]);
    expect((await repos.users.list({ search: "ABC" })).items.map((u) => u.id)).toEqual([abc.id]);
  });

  it("createMany continues after the highest position, gaps included, in the given order", async () => {
    const { project } = await organizationWithProject();
    await repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }]);
    await db.query("UPDATE tasks SET position = 7 WHERE title = 'b'");
    await repos.tasks.createMany(project.id, [
      { title: "c", status: "DONE" },
      { title: "d" },
      { title: "e", status: "IN_PROGRESS" },
    ]);
    expect((await repos.tasks.listForProject(project.id)).map((t) => [t.title, t.position, t.status])).toEqual([
      ["a", 0, "TODO"],
      ["b", 7, "TODO"],
      ["c", 8, "DONE"],
      ["d", 9, "TODO"],
      ["e", 10, "IN_PROGRESS"],
    ]);
    // reorder closes the gaps and, as the contract says, writes every listed row (updatedAt bumped).
    const ids = (await repos.tasks.listForProject(project.id)).map((t) => t.id);
    const [before] = await db.query<{ updated_at: Date }>("SELECT updated_at FROM tasks WHERE title = 'a'");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await repos.tasks.reorder(project.id, ids);
    expect((await repos.tasks.listForProject(project.id)).map((t) => t.position)).toEqual([0, 1, 2, 3, 4]);
    const [after] = await db.query<{ updated_at: Date }>("SELECT updated_at FROM tasks WHERE title = 'a'");
    expect(after!.updated_at.getTime()).toBeGreaterThan(before!.updated_at.getTime());
  });

  it("audit cursors are compared as bigints, beyond 2^53 and up to the largest bigint", async () => {
    await db.query(
      `INSERT INTO audit_logs (id, entity_type, entity_id, action) VALUES (9007199254740993, 'doc', 'd', 'big'), (9007199254740992, 'doc', 'd', 'smaller'), (10, 'doc', 'd', 'small')`,
    );
    const first = await repos.audit.listForEntity({ entityType: "doc", entityId: "d", limit: 1 });
    expect(first.items.map((e) => e.id)).toEqual(["9007199254740993"]);
    expect(first.nextCursor).toBe("9007199254740993");
    const rest = await repos.audit.listForEntity({ entityType: "doc", entityId: "d", cursor: first.nextCursor });
    expect(rest.items.map((e) => e.action)).toEqual(["smaller", "small"]);
    // The largest bigint is a valid cursor ("before everything"); one more is refused at the boundary.
    const top = await repos.audit.listForEntity({ entityType: "doc", entityId: "d", cursor: "9223372036854775807" });
    expect(top.items).toHaveLength(3);
    await expectCode(
      repos.audit.listForEntity({ entityType: "doc", entityId: "d", cursor: "9223372036854775808" }),
      "VALIDATION",
    );
  });

  it("database errors that are not domain rules become INTERNAL with the driver error as cause", async () => {
    const orm = drizzle({ client: pool, schema });
    const raw = await orm.execute(sql`select 1 / 0`).then(
      () => undefined,
      (e: unknown) => e,
    );
    const error = toDataError(raw);
    expect(error.code).toBe("INTERNAL");
    expect(error.message).toBe("database error 22012: division by zero");
    expect(error.details).toEqual({ sqlstate: "22012" });
    expect(error.cause).toBe(raw);
    // Not a database error at all: still INTERNAL, message kept.
    expect(toDataError(new TypeError("boom"))).toMatchObject({ code: "INTERNAL", message: "boom" });
  });

  describe("on postgres.js instead of node-postgres", () => {
    let client: postgres.Sql;
    let viaPostgresJs: Repositories;

    beforeAll(() => {
      client = postgres(db.url, { max: 4, onnotice: () => {} });
      viaPostgresJs = createDrizzleRepositoriesOnDb(drizzlePostgresJs({ client, schema }), {
        close: () => client.end(),
      });
    });
    afterAll(async () => {
      await viaPostgresJs?.close();
    });

    it("runs the same repository code and reads what node-postgres wrote, and the reverse", async () => {
      const owner = await viaPostgresJs.users.create({ email: "pgjs@example.com", name: "Zoë postgres.js" });
      expect(await repos.users.getById(owner.id)).toEqual(owner);
      const { organization } = await viaPostgresJs.organizations.createWithOwner({
        slug: "pgjs",
        name: "pgjs",
        plan: "PRO",
        ownerId: owner.id,
      });
      const metadata = { n: 1.5, list: ["a", null], deep: { ok: true }, quote: 'it\'s "fine"' };
      const project = await viaPostgresJs.projects.create({
        organizationId: organization.id,
        ownerId: owner.id,
        name: "P",
        metadata,
        tags: ["a'b", 'c"d', "{braces}"],
      });
      expect(project).toMatchObject({ metadata, tags: ["a'b", 'c"d', "{braces}"] });
      expect(await repos.projects.getDetail(project.id)).toEqual(await viaPostgresJs.projects.getDetail(project.id));
      // jsonb is stored as an object, not as a JSON string holding one.
      expect(await db.query("SELECT jsonb_typeof(metadata) AS t FROM projects WHERE id = $1", [project.id])).toEqual([
        { t: "object" },
      ]);
      expect(
        (await viaPostgresJs.projects.listByOrganization({ organizationId: organization.id, tag: "{braces}" })).total,
      ).toBe(1);

      expect(
        await viaPostgresJs.tasks.createMany(project.id, [{ title: "one" }, { title: "two", status: "DONE" }]),
      ).toBe(2);
      const tasks = await viaPostgresJs.tasks.listForProject(project.id);
      expect(tasks).toEqual(await repos.tasks.listForProject(project.id));
      await viaPostgresJs.tasks.reorder(project.id, [tasks[1]!.id, tasks[0]!.id]);
      expect((await repos.tasks.listForProject(project.id)).map((t) => t.title)).toEqual(["two", "one"]);
      expect(await viaPostgresJs.projects.statusSummary(organization.id)).toEqual({
        ACTIVE: 1,
        PAUSED: 0,
        COMPLETED: 0,
        ARCHIVED: 0,
      });

      const entry = await viaPostgresJs.audit.append({
        entityType: "project",
        entityId: project.id,
        action: "pgjs",
        before: "text",
        after: [1, { a: 2 }],
      });
      expect((await repos.audit.listForEntity({ entityType: "project", entityId: project.id })).items).toEqual([entry]);

      await viaPostgresJs.sessions.create({
        userId: owner.id,
        tokenHash: hashSessionToken("old"),
        expiresAt: new Date(Date.now() - 1000),
      });
      expect(await viaPostgresJs.sessions.deleteExpired()).toBe(1);
      await viaPostgresJs.downloads.upsertRelease({
        version: "1",
        platform: "p",
        url: "https://example.com/1",
        releasedAt: new Date("2026-01-02T03:04:05.678Z"),
      });
      expect(await viaPostgresJs.downloads.recordDownload({ version: "1", platform: "p" })).toBe(1);
      expect(await viaPostgresJs.downloads.latestPerPlatform()).toEqual(await repos.downloads.latestPerPlatform());
    });

    it("translates postgres.js errors and rolls back its transactions the same way", async () => {
      const owner = await viaPostgresJs.users.create({ email: "errors@example.com", name: "Errors" });
      const conflict = await expectCode(
        viaPostgresJs.users.create({ email: "errors@example.com", name: "Again" }),
        "CONFLICT",
      );
      expect(conflict.details).toMatchObject({ constraint: "users_email_key", fields: ["email"] });
      const missing = await expectCode(
        viaPostgresJs.organizations.addMember({
          organizationId: "cunknownunknownunknown000",
          userId: owner.id,
          role: "MEMBER",
        }),
        "NOT_FOUND",
      );
      expect(missing.details).toMatchObject({ entity: "Organization", constraint: "memberships_organization_id_fkey" });
      const { organization } = await viaPostgresJs.organizations.createWithOwner({
        slug: "errors",
        name: "Errors",
        ownerId: owner.id,
      });
      await viaPostgresJs.projects.create({
        organizationId: organization.id,
        ownerId: owner.id,
        name: "Keeps the owner",
      });
      await expectCode(viaPostgresJs.users.delete(owner.id), "CONFLICT");
      await expectCode(
        viaPostgresJs.organizations.removeMember({ organizationId: organization.id, userId: owner.id }),
        "FORBIDDEN",
      );

      const boom = new Error("boom");
      const thrown = await viaPostgresJs
        .transaction(async (tx) => {
          await tx.users.create({ email: "rolled-back@example.com", name: "Rolled back" });
          throw boom;
        })
        .catch((e: unknown) => e);
      expect(thrown).toBe(boom);
      expect(await viaPostgresJs.users.findByEmail("rolled-back@example.com")).toBeNull();
    });
  });
});
