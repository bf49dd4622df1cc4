import { describe, expect, it } from "vitest";
import { type ContractContext, countRows, expectCode, expectNotFound } from "./context.ts";
import { makeMember, makeOrganization, makeUser, unique } from "./fixtures.ts";

export function organizationsContract(ctx: ContractContext): void {
  describe("organizations", () => {
    it("createWithOwner creates the organization, an OWNER membership and an audit entry", async () => {
      const owner = await makeUser(ctx.repos);
      const slug = unique("acme");
      const { organization, membership } = await ctx.repos.organizations.createWithOwner({
        slug,
        name: "Acme",
        plan: "PRO",
        ownerId: owner.id,
      });
      expect(organization).toMatchObject({ slug, name: "Acme", plan: "PRO" });
      expect(organization.id).toMatch(/^c[a-z0-9]{24}$/);
      expect(membership).toMatchObject({ organizationId: organization.id, userId: owner.id, role: "OWNER" });
      const audit = await ctx.repos.audit.listForEntity({ entityType: "organization", entityId: organization.id });
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({
        action: "organization.created",
        organizationId: organization.id,
        actorId: owner.id,
      });
      expect(await ctx.repos.organizations.findBySlug(slug)).toEqual(organization);
    });

    it("createWithOwner defaults the plan to FREE", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      expect(organization.plan).toBe("FREE");
    });

    it("createWithOwner with a taken slug is CONFLICT and leaves no row behind", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      const other = await makeUser(ctx.repos);
      await expectCode(
        ctx.repos.organizations.createWithOwner({ slug: organization.slug, name: "Again", ownerId: other.id }),
        "CONFLICT",
      );
      expect(await countRows(ctx.db, "organizations")).toBe(1);
      expect(await countRows(ctx.db, "memberships")).toBe(1);
      expect(await countRows(ctx.db, "audit_logs")).toBe(1);
    });

    it("createWithOwner whose membership step fails (unknown owner) is NOT_FOUND and leaves no row behind", async () => {
      await expectNotFound(
        ctx.repos.organizations.createWithOwner({
          slug: unique("ghost"),
          name: "Ghost",
          ownerId: "cunknownunknownunknown000",
        }),
        "User",
      );
      expect(await countRows(ctx.db, "organizations")).toBe(0);
      expect(await countRows(ctx.db, "memberships")).toBe(0);
      expect(await countRows(ctx.db, "audit_logs")).toBe(0);
    });

    it("createWithOwner rejects bad slugs and plans with VALIDATION", async () => {
      const owner = await makeUser(ctx.repos);
      await expectCode(
        ctx.repos.organizations.createWithOwner({ slug: "Not A Slug", name: "X", ownerId: owner.id }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.organizations.createWithOwner({
          slug: "ok-slug",
          name: "X",
          ownerId: owner.id,
          plan: "GOLD" as never,
        }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.organizations.createWithOwner({ slug: "ok-slug", name: "   ", ownerId: owner.id }),
        "VALIDATION",
      );
      expect(await countRows(ctx.db, "organizations")).toBe(0);
    });

    it("findBySlug returns null for an unknown slug", async () => {
      expect(await ctx.repos.organizations.findBySlug("no-such-org")).toBeNull();
    });

    it("listForUser lists the user's organizations by name with role and member count", async () => {
      const user = await makeUser(ctx.repos);
      const { organization: zeta } = await makeOrganization(ctx.repos, { owner: user, name: "Zeta" });
      const { organization: alpha } = await makeOrganization(ctx.repos, { name: "Alpha" });
      await ctx.repos.organizations.addMember({ organizationId: alpha.id, userId: user.id, role: "ADMIN" });
      await makeMember(ctx.repos, alpha.id);
      await makeOrganization(ctx.repos, { name: "Not mine" });

      const list = await ctx.repos.organizations.listForUser(user.id);
      expect(list).toEqual([
        { organization: alpha, role: "ADMIN", memberCount: 3 },
        { organization: zeta, role: "OWNER", memberCount: 1 },
      ]);
      expect(await ctx.repos.organizations.listForUser((await makeUser(ctx.repos)).id)).toEqual([]);
    });

    it("addMember adds once; again is CONFLICT; unknown user or organization is NOT_FOUND", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      const user = await makeUser(ctx.repos);
      const membership = await ctx.repos.organizations.addMember({
        organizationId: organization.id,
        userId: user.id,
        role: "MEMBER",
      });
      expect(membership).toMatchObject({ organizationId: organization.id, userId: user.id, role: "MEMBER" });
      await expectCode(
        ctx.repos.organizations.addMember({ organizationId: organization.id, userId: user.id, role: "ADMIN" }),
        "CONFLICT",
      );
      await expectNotFound(
        ctx.repos.organizations.addMember({
          organizationId: organization.id,
          userId: "cunknownunknownunknown000",
          role: "MEMBER",
        }),
        "User",
      );
      await expectNotFound(
        ctx.repos.organizations.addMember({
          organizationId: "cunknownunknownunknown000",
          userId: user.id,
          role: "MEMBER",
        }),
        "Organization",
      );
      await expectCode(
        ctx.repos.organizations.addMember({ organizationId: organization.id, userId: user.id, role: "KING" as never }),
        "VALIDATION",
      );
      expect(await countRows(ctx.db, "memberships")).toBe(2);
    });

    it("changeRole changes a member's role; a non-member is NOT_FOUND", async () => {
      const { organization } = await makeOrganization(ctx.repos);
      const member = await makeMember(ctx.repos, organization.id);
      const changed = await ctx.repos.organizations.changeRole({
        organizationId: organization.id,
        userId: member.id,
        role: "ADMIN",
      });
      expect(changed).toMatchObject({ userId: member.id, role: "ADMIN" });
      const stranger = await makeUser(ctx.repos);
      await expectNotFound(
        ctx.repos.organizations.changeRole({ organizationId: organization.id, userId: stranger.id, role: "ADMIN" }),
        "Membership",
      );
    });

    it("the last owner cannot be demoted (FORBIDDEN); one of two owners can", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      await expectCode(
        ctx.repos.organizations.changeRole({ organizationId: organization.id, userId: owner.id, role: "ADMIN" }),
        "FORBIDDEN",
      );
      const second = await makeMember(ctx.repos, organization.id, "OWNER");
      await ctx.repos.organizations.changeRole({ organizationId: organization.id, userId: owner.id, role: "MEMBER" });
      await expectCode(
        ctx.repos.organizations.changeRole({ organizationId: organization.id, userId: second.id, role: "MEMBER" }),
        "FORBIDDEN",
      );
      expect((await ctx.repos.organizations.listForUser(second.id)).map((o) => o.role)).toEqual(["OWNER"]);
    });

    it("the last owner cannot be removed (FORBIDDEN); members and other owners can", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      const member = await makeMember(ctx.repos, organization.id);
      await expectCode(
        ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: owner.id }),
        "FORBIDDEN",
      );
      await ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: member.id });
      await expectNotFound(
        ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: member.id }),
        "Membership",
      );
      const second = await makeMember(ctx.repos, organization.id, "OWNER");
      await ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: owner.id });
      expect((await ctx.repos.organizations.listForUser(second.id))[0]).toMatchObject({
        role: "OWNER",
        memberCount: 1,
      });
    });

    it("two owners removing each other at the same time leave one owner", async () => {
      const { organization, owner } = await makeOrganization(ctx.repos);
      const second = await makeMember(ctx.repos, organization.id, "OWNER");
      const results = await Promise.allSettled([
        ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: owner.id }),
        ctx.repos.organizations.removeMember({ organizationId: organization.id, userId: second.id }),
      ]);
      const [row] = await ctx.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM memberships WHERE organization_id = $1 AND role = 'OWNER'",
        [organization.id],
      );
      expect(row!.n).toBe(1);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      await expectCode(Promise.reject(rejected!.reason as Error), "FORBIDDEN");
    });
  });
}
