import { describe, expect, it } from "vitest";
import type { Project } from "../../src/domain/types.ts";
import { type ContractContext, countRows, expectCode, sleep, expectNotFound } from "./context.ts";
import { makeMember, makeOrganization, makeProject, makeUser } from "./fixtures.ts";

export function projectsContract(ctx: ContractContext): void {
  describe("projects", () => {
    it("create applies defaults and round-trips jsonb metadata and text[] tags", async () => {
      const { project: plain } = await makeProject(ctx.repos);
      expect(plain).toMatchObject({ status: "ACTIVE", metadata: {}, tags: [] });
      const metadata = {
        budget: 1200.5,
        nested: { deep: [1, "two", null, true] },
        "emoji 🚀": "Zoë",
        quote: 'it\'s "fine"',
      };
      const { project } = await makeProject(ctx.repos, {
        name: "Launch",
        status: "PAUSED",
        metadata,
        tags: ["urgent", "q3"],
      });
      expect(project).toMatchObject({ name: "Launch", status: "PAUSED", metadata, tags: ["urgent", "q3"] });
      const detail = await ctx.repos.projects.getDetail(project.id);
      expect(detail.metadata).toEqual(metadata);
      expect(detail.tags).toEqual(["urgent", "q3"]);
    });

    it("create is FORBIDDEN when the owner is not a member and NOT_FOUND for an unknown organization", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      const outsider = await makeUser(ctx.repos);
      await expectCode(
        ctx.repos.projects.create({ organizationId: organization.id, ownerId: outsider.id, name: "Nope" }),
        "FORBIDDEN",
      );
      await expectNotFound(
        ctx.repos.projects.create({ organizationId: "cunknownunknownunknown000", ownerId: outsider.id, name: "Nope" }),
        "Organization",
      );
      expect(await countRows(ctx.db, "projects")).toBe(0);
    });

    it("create rejects bad metadata and tags with VALIDATION", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      const base = { organizationId: organization.id, ownerId: owner.id, name: "P" };
      await expectCode(ctx.repos.projects.create({ ...base, metadata: [] as never }), "VALIDATION");
      await expectCode(ctx.repos.projects.create({ ...base, metadata: { big: "x".repeat(17_000) } }), "VALIDATION");
      await expectCode(ctx.repos.projects.create({ ...base, metadata: { nul: "a\u0000b" } }), "VALIDATION");
      await expectCode(ctx.repos.projects.create({ ...base, tags: ["a", "a"] }), "VALIDATION");
      await expectCode(ctx.repos.projects.create({ ...base, status: "DELETED" as never }), "VALIDATION");
      expect(await countRows(ctx.db, "projects")).toBe(0);
    });

    it("getDetail returns the owner and a task count for every status", async () => {
      const { project, owner } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(project.id, [
        { title: "a" },
        { title: "b", status: "DONE" },
        { title: "c", status: "DONE" },
      ]);
      const detail = await ctx.repos.projects.getDetail(project.id);
      expect(detail).toEqual({
        ...project,
        owner: { id: owner.id, email: owner.email, name: owner.name },
        taskCounts: { TODO: 1, IN_PROGRESS: 0, DONE: 2 },
      });
      await expectNotFound(ctx.repos.projects.getDetail("cunknownunknownunknown000"), "Project");
    });

    it("listByOrganization filters by status, tag and name, sorts, pages, and counts all matches", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      const make = (name: string, status: Project["status"], tags: string[]) =>
        ctx.repos.projects.create({ organizationId: organization.id, ownerId: owner.id, name, status, tags });
      const alpha = await make("Alpha rocket", "ACTIVE", ["space", "q1"]);
      const beta = await make("Beta Rocket", "ACTIVE", ["space"]);
      const gamma = await make("Gamma", "PAUSED", ["ground"]);
      const delta = await make("Delta rocket", "ARCHIVED", ["space"]);
      await makeProject(ctx.repos, { name: "Alpha rocket elsewhere" });

      const all = await ctx.repos.projects.listByOrganization({
        organizationId: organization.id,
        sort: { field: "name", direction: "asc" },
      });
      expect(all.items.map((p) => p.id)).toEqual([alpha.id, beta.id, delta.id, gamma.id]);
      expect(all.total).toBe(4);

      const rockets = await ctx.repos.projects.listByOrganization({
        organizationId: organization.id,
        search: "ROCKET",
        sort: { field: "name", direction: "desc" },
      });
      expect(rockets.items.map((p) => p.id)).toEqual([delta.id, beta.id, alpha.id]);

      const activeSpace = await ctx.repos.projects.listByOrganization({
        organizationId: organization.id,
        status: "ACTIVE",
        tag: "space",
      });
      expect(activeSpace.items.map((p) => p.id).sort()).toEqual([alpha.id, beta.id].sort());
      expect(activeSpace.total).toBe(2);

      const page = await ctx.repos.projects.listByOrganization({
        organizationId: organization.id,
        sort: { field: "name", direction: "asc" },
        offset: 1,
        limit: 2,
      });
      expect(page.items.map((p) => p.id)).toEqual([beta.id, delta.id]);
      expect(page.total).toBe(4);

      const beyond = await ctx.repos.projects.listByOrganization({ organizationId: organization.id, offset: 10 });
      expect(beyond).toEqual({ items: [], total: 4 });
    });

    it("listByOrganization sorts by creation time newest first by default", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      const first = await ctx.repos.projects.create({
        organizationId: organization.id,
        ownerId: owner.id,
        name: "first",
      });
      await sleep(5);
      const second = await ctx.repos.projects.create({
        organizationId: organization.id,
        ownerId: owner.id,
        name: "second",
      });
      const list = await ctx.repos.projects.listByOrganization({ organizationId: organization.id });
      expect(list.items.map((p) => p.id)).toEqual([second.id, first.id]);
      await expectCode(
        ctx.repos.projects.listByOrganization({ organizationId: organization.id, limit: 500 }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.projects.listByOrganization({ organizationId: organization.id, offset: -1 }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.projects.listByOrganization({
          organizationId: organization.id,
          sort: { field: "owner" as never, direction: "asc" },
        }),
        "VALIDATION",
      );
    });

    it("updateStatus changes the status and writes the audit entry in the same transaction", async () => {
      const { project, owner } = await makeProject(ctx.repos);
      await sleep(5);
      const updated = await ctx.repos.projects.updateStatus({
        projectId: project.id,
        status: "COMPLETED",
        actorId: owner.id,
      });
      expect(updated).toMatchObject({ id: project.id, status: "COMPLETED" });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(project.updatedAt.getTime());
      const audit = await ctx.repos.audit.listForEntity({ entityType: "project", entityId: project.id });
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({
        action: "project.status_changed",
        actorId: owner.id,
        organizationId: project.organizationId,
        before: { status: "ACTIVE" },
        after: { status: "COMPLETED" },
      });
    });

    it("updateStatus of an unknown project is NOT_FOUND and writes no audit entry", async () => {
      const user = await makeUser(ctx.repos);
      await expectNotFound(
        ctx.repos.projects.updateStatus({ projectId: "cunknownunknownunknown000", status: "PAUSED", actorId: user.id }),
        "Project",
      );
      expect(await countRows(ctx.db, "audit_logs")).toBe(0);
    });

    it("archive sets ARCHIVED and audits it as project.archived", async () => {
      const { project, owner } = await makeProject(ctx.repos);
      const archived = await ctx.repos.projects.archive({ projectId: project.id, actorId: owner.id });
      expect(archived.status).toBe("ARCHIVED");
      const audit = await ctx.repos.audit.listForEntity({ entityType: "project", entityId: project.id });
      expect(audit.items.map((e) => e.action)).toEqual(["project.archived"]);
      expect(audit.items[0]).toMatchObject({ before: { status: "ACTIVE" }, after: { status: "ARCHIVED" } });
    });

    it("statusSummary counts the organization's projects per status, zeros included", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      for (const status of ["ACTIVE", "ACTIVE", "PAUSED"] as const) {
        await ctx.repos.projects.create({
          organizationId: organization.id,
          ownerId: owner.id,
          name: `p-${status}`,
          status,
        });
      }
      await makeProject(ctx.repos, { status: "COMPLETED" });
      expect(await ctx.repos.projects.statusSummary(organization.id)).toEqual({
        ACTIVE: 2,
        PAUSED: 1,
        COMPLETED: 0,
        ARCHIVED: 0,
      });
      const { organization: empty } = await makeOrganization(ctx.repos);
      expect(await ctx.repos.projects.statusSummary(empty.id)).toEqual({
        ACTIVE: 0,
        PAUSED: 0,
        COMPLETED: 0,
        ARCHIVED: 0,
      });
    });

    it("a member (not only the first owner) can own a project", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      const member = await makeMember(ctx.repos, organization.id);
      const project = await ctx.repos.projects.create({
        organizationId: organization.id,
        ownerId: member.id,
        name: "Member's",
      });
      expect((await ctx.repos.projects.getDetail(project.id)).owner.id).toBe(member.id);
    });
  });
}
