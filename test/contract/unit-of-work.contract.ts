import { describe, expect, it } from "vitest";
import { type ContractContext, countRows, expectCode } from "./context.ts";
import { makeUser, unique } from "./fixtures.ts";

export function unitOfWorkContract(ctx: ContractContext): void {
  describe("unit of work", () => {
    it("commits every call made through the transaction", async () => {
      const result = await ctx.repos.transaction(async (tx) => {
        const owner = await makeUser(tx);
        const { organization } = await tx.organizations.createWithOwner({
          slug: unique("tx"),
          name: "In tx",
          ownerId: owner.id,
        });
        await tx.projects.create({ organizationId: organization.id, ownerId: owner.id, name: "Inside" });
        return { owner, organization };
      });
      expect(await ctx.repos.users.getById(result.owner.id)).toEqual(result.owner);
      expect(await ctx.repos.organizations.findBySlug(result.organization.slug)).toEqual(result.organization);
      expect(await countRows(ctx.db, "projects")).toBe(1);
    });

    it("rolls everything back when the work throws, and rethrows the same error", async () => {
      const boom = new Error("boom");
      let ownerId = "";
      const failure = await ctx.repos
        .transaction(async (tx) => {
          const owner = await makeUser(tx);
          ownerId = owner.id;
          await tx.organizations.createWithOwner({ slug: unique("rb"), name: "Rolled back", ownerId: owner.id });
          throw boom;
        })
        .catch((error: unknown) => error);
      expect(failure).toBe(boom);
      expect(await ctx.repos.users.findById(ownerId)).toBeNull();
      for (const table of ["users", "organizations", "memberships", "audit_logs"])
        expect(await countRows(ctx.db, table)).toBe(0);
    });

    it("a failing repository step inside the unit of work leaves no row behind", async () => {
      const existing = await makeUser(ctx.repos);
      await expectCode(
        ctx.repos.transaction(async (tx) => {
          await makeUser(tx);
          await tx.downloads.upsertRelease({ version: "1", platform: "p", url: "https://example.com" });
          await tx.users.create({ email: existing.email, name: "Duplicate" });
        }),
        "CONFLICT",
      );
      expect(await countRows(ctx.db, "users")).toBe(1);
      expect(await countRows(ctx.db, "downloads")).toBe(0);
    });

    it("reads inside see the transaction's own writes; the outer repositories do not until commit", async () => {
      await ctx.repos.transaction(async (tx) => {
        const user = await makeUser(tx);
        expect(await tx.users.findById(user.id)).toEqual(user);
        expect(await tx.users.findByEmail(user.email)).toEqual(user);
        expect(await ctx.repos.users.findById(user.id)).toBeNull();
      });
    });
  });
}
