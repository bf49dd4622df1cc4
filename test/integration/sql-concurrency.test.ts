/**
 * The hand-written SQL implementation's concurrency claims, raced on real connections: the
 * last-owner rule decided inside one statement, and task positions handed out under a project lock.
 * Each race is repeated, because one lucky interleaving proves little.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isDataError } from "../../src/domain/errors.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import { createSqlRepositories } from "../../src/sql/repositories.ts";
import { useTestDatabase } from "../support/database.ts";

const ROUNDS = 15;

describe("SQL implementation under concurrency", () => {
  const db = useTestDatabase();
  let repos: Repositories;
  let n = 0;
  const uniq = (prefix: string) => `${prefix}-${process.pid}-${++n}`;

  beforeAll(() => {
    repos = createSqlRepositories({ url: db.url });
  });
  afterAll(async () => {
    await repos?.close();
  });
  beforeEach(() => db.reset());

  /** An organization with `owners` owners; returns their user ids. */
  async function organizationWithOwners(owners: number) {
    const first = await repos.users.create({ email: `${uniq("o")}@example.com`, name: "Owner 0" });
    const { organization } = await repos.organizations.createWithOwner({
      slug: uniq("org"),
      name: "Org",
      ownerId: first.id,
    });
    const ids = [first.id];
    for (let i = 1; i < owners; i++) {
      const user = await repos.users.create({ email: `${uniq("o")}@example.com`, name: `Owner ${i}` });
      await repos.organizations.addMember({ organizationId: organization.id, userId: user.id, role: "OWNER" });
      ids.push(user.id);
    }
    return { organizationId: organization.id, ownerIds: ids };
  }

  async function ownerCount(organizationId: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM memberships WHERE organization_id = $1 AND role = 'OWNER'",
      [organizationId],
    );
    return row!.n;
  }

  /** Every rejection must be FORBIDDEN: a deadlock or a raw error would be a bug too. */
  function expectOnlyForbidden(results: PromiseSettledResult<unknown>[]): void {
    for (const r of results)
      if (r.status === "rejected") expect(isDataError(r.reason, "FORBIDDEN"), String(r.reason)).toBe(true);
  }

  it("owners demoting each other at the same time always leave exactly one owner", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { organizationId, ownerIds } = await organizationWithOwners(2);
      const results = await Promise.allSettled(
        ownerIds.map((userId) => repos.organizations.changeRole({ organizationId, userId, role: "MEMBER" })),
      );
      expect(await ownerCount(organizationId)).toBe(1);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expectOnlyForbidden(results);
    }
  });

  it("three owners removing themselves at once leave exactly one, whatever mix of demote and remove", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { organizationId, ownerIds } = await organizationWithOwners(3);
      const results = await Promise.allSettled(
        ownerIds.map((userId, i) =>
          i % 2 === 0
            ? repos.organizations.removeMember({ organizationId, userId })
            : repos.organizations.changeRole({ organizationId, userId, role: "ADMIN" }),
        ),
      );
      expect(await ownerCount(organizationId)).toBe(1);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
      expectOnlyForbidden(results);
    }
  });

  it("a promotion racing a demotion never leaves the organization without an owner", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { organizationId, ownerIds } = await organizationWithOwners(1);
      const member = await repos.users.create({ email: `${uniq("m")}@example.com`, name: "Member" });
      await repos.organizations.addMember({ organizationId, userId: member.id, role: "MEMBER" });
      const results = await Promise.allSettled([
        repos.organizations.changeRole({ organizationId, userId: member.id, role: "OWNER" }),
        repos.organizations.changeRole({ organizationId, userId: ownerIds[0]!, role: "MEMBER" }),
      ]);
      // The promotion always succeeds; the demotion may or may not see it, but may never win alone.
      expect(results[0].status).toBe("fulfilled");
      expect(await ownerCount(organizationId)).toBeGreaterThanOrEqual(1);
      expectOnlyForbidden(results);
    }
  });

  it("concurrent createMany calls on one project hand out every position exactly once", async () => {
    const { organizationId, ownerIds } = await organizationWithOwners(1);
    const project = await repos.projects.create({ organizationId, ownerId: ownerIds[0]!, name: "Busy" });
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 25 }, (_, i) => ({ title: `b${b}-t${i}` })),
    );
    const counts = await Promise.all(batches.map((batch) => repos.tasks.createMany(project.id, batch)));
    expect(counts).toEqual(batches.map(() => 25));
    const tasks = await repos.tasks.listForProject(project.id);
    expect(tasks.map((t) => t.position)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // Each batch kept its own order, in one contiguous run.
    for (let b = 0; b < batches.length; b++) {
      const positions = tasks.filter((t) => t.title.startsWith(`b${b}-`)).map((t) => t.position);
      expect(positions).toEqual(Array.from({ length: 25 }, (_, i) => positions[0]! + i));
    }
  });

  it("a reorder racing an append either sees the new tasks or runs before them; positions stay unique", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { organizationId, ownerIds } = await organizationWithOwners(1);
      const project = await repos.projects.create({ organizationId, ownerId: ownerIds[0]!, name: "Race" });
      await repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }, { title: "c" }]);
      const ids = (await repos.tasks.listForProject(project.id)).map((t) => t.id);
      const [reorder, append] = await Promise.allSettled([
        repos.tasks.reorder(project.id, [...ids].reverse()),
        repos.tasks.createMany(project.id, [{ title: "d" }]),
      ]);
      expect(append.status).toBe("fulfilled");
      // Appended first: the three ids are no longer all of the project's tasks, so VALIDATION.
      if (reorder.status === "rejected")
        expect(isDataError(reorder.reason, "VALIDATION"), String(reorder.reason)).toBe(true);
      const after = await repos.tasks.listForProject(project.id);
      expect(after.map((t) => t.position)).toEqual([0, 1, 2, 3]);
      expect(after[3]!.title).toBe("d");
    }
  });
});
