/**
 * What the contract suite cannot see from outside the hand-written SQL implementation: how many
 * statements and round trips each operation costs (reads one, multi-step writes one statement, the
 * whole-list task writes a minimal transaction), that operations join a unit of work instead of
 * opening a second transaction, and that caller values only ever travel as bind parameters.
 * Counted on the driver with src/capture, not with a mock.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QueryCapture } from "../../src/capture/index.ts";
import { hashSessionToken } from "../../src/domain/tokens.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import { createSqlRepositories } from "../../src/sql/repositories.ts";
import { useTestDatabase } from "../support/database.ts";

describe("SQL implementation: statements per operation", () => {
  const db = useTestDatabase();
  const capture = new QueryCapture();
  let pool: pg.Pool;
  let repos: Repositories;

  /** The statements `work` sent, first keyword upper-cased (SELECT, INSERT, WITH, BEGIN, ...). */
  async function sent(
    work: () => Promise<unknown>,
  ): Promise<{ keywords: string[]; texts: string[]; params: unknown[][]; roundTrips: number }> {
    const { statements, summary } = await capture.record(work);
    return {
      keywords: statements.map((s) => s.text.trim().split(/\s+/)[0]!.toUpperCase()),
      texts: statements.map((s) => s.text),
      params: statements.map((s) => s.params),
      roundTrips: summary.roundTrips,
    };
  }

  beforeAll(() => {
    pool = capture.instrument(new pg.Pool({ connectionString: db.url, max: 4 }));
    // pg's Pool.end() resolves before its sockets close; the database is then dropped WITH (FORCE)
    // and a connection still closing reports 57P01 as an 'error' event on its pool.
    pool.on("error", () => {});
    repos = createSqlRepositories({ pool });
  });
  afterAll(async () => {
    await repos?.close();
    await pool?.end();
  });
  beforeEach(() => db.reset());

  const uniq = () => Math.random().toString(36).slice(2, 10);

  async function seed() {
    const owner = await repos.users.create({ email: `owner-${uniq()}@example.com`, name: "Owner" });
    const { organization } = await repos.organizations.createWithOwner({
      slug: `org-${uniq()}`,
      name: "Org",
      ownerId: owner.id,
    });
    const project = await repos.projects.create({
      organizationId: organization.id,
      ownerId: owner.id,
      name: "P",
      tags: ["t"],
    });
    await repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }]);
    return { owner, organization, project };
  }

  it("every read is a single statement in a single round trip", async () => {
    const { owner, organization, project } = await seed();
    const tokenHash = hashSessionToken(uniq());
    await repos.sessions.create({ userId: owner.id, tokenHash, expiresAt: new Date(Date.now() + 60_000) });
    await repos.downloads.upsertRelease({ version: "1", platform: "linux", url: "https://example.com/1" });

    const reads: [string, () => Promise<unknown>][] = [
      ["users.findById", () => repos.users.findById(owner.id)],
      ["users.findByEmail", () => repos.users.findByEmail(owner.email)],
      ["users.list", () => repos.users.list({ search: "own", limit: 5 })],
      ["sessions.findActiveByTokenHash", () => repos.sessions.findActiveByTokenHash(tokenHash)],
      ["organizations.findBySlug", () => repos.organizations.findBySlug(organization.slug)],
      ["organizations.listForUser", () => repos.organizations.listForUser(owner.id)],
      ["projects.getDetail", () => repos.projects.getDetail(project.id)],
      [
        "projects.listByOrganization",
        () =>
          repos.projects.listByOrganization({
            organizationId: organization.id,
            tag: "t",
            search: "p",
            offset: 0,
            limit: 5,
          }),
      ],
      ["projects.statusSummary", () => repos.projects.statusSummary(organization.id)],
      ["tasks.listForProject", () => repos.tasks.listForProject(project.id)],
      ["downloads.latestPerPlatform", () => repos.downloads.latestPerPlatform()],
      [
        "audit.listForEntity",
        () => repos.audit.listForEntity({ entityType: "organization", entityId: organization.id }),
      ],
    ];
    for (const [name, read] of reads) {
      const { keywords, roundTrips } = await sent(read);
      expect({ name, keywords, roundTrips }).toEqual({
        name,
        keywords: [expect.stringMatching(/^(SELECT|WITH)$/)],
        roundTrips: 1,
      });
    }
  });

  it("multi-step writes are one statement: no BEGIN/COMMIT round trips", async () => {
    const { owner, organization, project } = await seed();
    const member = await repos.users.create({ email: `m-${uniq()}@example.com`, name: "Member" });
    const [task] = await repos.tasks.listForProject(project.id);

    const writes: [string, () => Promise<unknown>][] = [
      [
        "organizations.createWithOwner",
        () => repos.organizations.createWithOwner({ slug: `o-${uniq()}`, name: "O", ownerId: owner.id }),
      ],
      [
        "organizations.addMember",
        () => repos.organizations.addMember({ organizationId: organization.id, userId: member.id, role: "MEMBER" }),
      ],
      [
        "organizations.changeRole",
        () => repos.organizations.changeRole({ organizationId: organization.id, userId: member.id, role: "ADMIN" }),
      ],
      [
        "projects.create",
        () => repos.projects.create({ organizationId: organization.id, ownerId: member.id, name: "Q" }),
      ],
      [
        "projects.updateStatus",
        () => repos.projects.updateStatus({ projectId: project.id, status: "PAUSED", actorId: owner.id }),
      ],
      ["projects.archive", () => repos.projects.archive({ projectId: project.id, actorId: owner.id })],
      ["tasks.assign", () => repos.tasks.assign({ taskId: task!.id, assigneeId: member.id })],
      [
        "downloads.upsertRelease",
        () => repos.downloads.upsertRelease({ version: "2", platform: "linux", url: "https://example.com/2" }),
      ],
      ["downloads.recordDownload", () => repos.downloads.recordDownload({ version: "2", platform: "linux" })],
      ["users.update", () => repos.users.update(member.id, { name: "Renamed" })],
      [
        "organizations.removeMember",
        () => repos.organizations.removeMember({ organizationId: organization.id, userId: member.id }),
      ],
    ];
    for (const [name, write] of writes) {
      const { keywords, roundTrips } = await sent(write);
      expect({ name, statements: keywords.length, roundTrips }).toEqual({ name, statements: 1, roundTrips: 1 });
    }
    // A refusal is decided inside the statement too: removing the sole owner costs one round trip.
    let refusal: unknown;
    const refused = await sent(() =>
      repos.organizations
        .removeMember({ organizationId: organization.id, userId: owner.id })
        .catch((e: unknown) => (refusal = e)),
    );
    expect(refusal).toMatchObject({ code: "FORBIDDEN" });
    expect(refused.roundTrips).toBe(1);
  });

  it("createMany and reorder lock the project, then write: BEGIN, lock, write, COMMIT", async () => {
    const { project } = await seed();
    const many = await sent(() =>
      repos.tasks.createMany(
        project.id,
        Array.from({ length: 300 }, (_, i) => ({ title: `t${i}` })),
      ),
    );
    expect(many.keywords).toEqual(["BEGIN", "SELECT", "INSERT", "COMMIT"]);
    expect(many.texts[1]).toMatch(/FOR NO KEY UPDATE/);
    const ids = (await repos.tasks.listForProject(project.id)).map((t) => t.id).reverse();
    const reorder = await sent(() => repos.tasks.reorder(project.id, ids));
    expect(reorder.keywords).toEqual(["BEGIN", "SELECT", "WITH", "COMMIT"]);
  });

  it("inside a unit of work, operations join the open transaction instead of opening another", async () => {
    const { owner, project } = await seed();
    const { keywords } = await sent(() =>
      repos.transaction(async (tx) => {
        await tx.tasks.createMany(project.id, [{ title: "x" }]);
        await tx.organizations.createWithOwner({ slug: `tx-${uniq()}`, name: "Tx", ownerId: owner.id });
      }),
    );
    expect(keywords).toEqual(["BEGIN", "SELECT", "INSERT", "WITH", "COMMIT"]);
  });

  it("a failed unit of work rolls back on the same connection and returns it to the pool", async () => {
    const before = pool.totalCount;
    const { keywords } = await sent(() =>
      repos
        .transaction(async (tx) => {
          await tx.users.create({ email: `rb-${uniq()}@example.com`, name: "Rolled back" });
          throw new Error("stop");
        })
        .catch(() => undefined),
    );
    expect(keywords).toEqual(["BEGIN", "INSERT", "ROLLBACK"]);
    expect(pool.totalCount).toBeLessThanOrEqual(Math.max(before, 1));
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it("caller values travel only as bind parameters, never in the SQL text", async () => {
    const { organization } = await seed();
    const hostile = "x'); DROP TABLE users; --";
    const search = await sent(() => repos.users.list({ search: hostile }));
    const projects = await sent(() =>
      repos.projects.listByOrganization({ organizationId: organization.id, search: hostile, tag: hostile }),
    );
    for (const { texts, params } of [search, projects]) {
      expect(texts.join("\n")).not.toContain("DROP TABLE");
      expect(JSON.stringify(params)).toContain("DROP TABLE");
    }
  });
});
