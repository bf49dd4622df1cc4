import { describe, expect, it } from "vitest";
import { DataError } from "../../src/domain/errors.ts";
import { type ContractContext, countRows, expectCode } from "./context.ts";
import { makeProject, makeUser, unique } from "./fixtures.ts";

export function badInputContract(ctx: ContractContext): void {
  describe("bad input", () => {
    it("rejects empty, oversized, mistyped and NUL-containing values with VALIDATION before any query", async () => {
      const email = `${unique("b")}@example.com`;
      await expectCode(ctx.repos.users.create({ email: "", name: "x" }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email: "not-an-email", name: "x" }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email: `${"a".repeat(250)}@example.com`, name: "x" }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email, name: "" }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email, name: "x".repeat(201) }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email, name: "nul\u0000byte" }), "VALIDATION");
      await expectCode(ctx.repos.users.create({ email, name: 42 as never }), "VALIDATION");
      await expectCode(ctx.repos.users.create(undefined as never), "VALIDATION");
      await expectCode(ctx.repos.users.findById(""), "VALIDATION");
      await expectCode(ctx.repos.users.findById("x".repeat(65)), "VALIDATION");
      await expectCode(ctx.repos.users.getById("1 OR 1=1"), "VALIDATION");
      expect(await countRows(ctx.db, "users")).toBe(0);
    });

    it("stores SQL metacharacters and unicode verbatim", async () => {
      const names = [
        "Robert'); DROP TABLE users;--",
        "$1 $2 ? :name @p1",
        'back\\slash "quotes" `ticks`',
        "Zoë 李小龍 🚀 مرحبا",
        "%_%",
      ];
      for (const name of names) {
        const user = await makeUser(ctx.repos, { name });
        expect(user.name).toBe(name);
        expect((await ctx.repos.users.getById(user.id)).name).toBe(name);
      }
      const { project } = await makeProject(ctx.repos, {
        name: "'; SELECT pg_sleep(10); --",
        tags: ["a'b", 'c"d', "{braces}", "comma,tag", "NULL"],
      });
      const detail = await ctx.repos.projects.getDetail(project.id);
      expect(detail.name).toBe("'; SELECT pg_sleep(10); --");
      expect(detail.tags).toEqual(["a'b", 'c"d', "{braces}", "comma,tag", "NULL"]);
      const found = await ctx.repos.projects.listByOrganization({
        organizationId: project.organizationId,
        tag: "{braces}",
      });
      expect(found.total).toBe(1);
    });

    it("a search string full of SQL is just a search that matches nothing", async () => {
      await makeUser(ctx.repos);
      const page = await ctx.repos.users.list({ search: "' OR '1'='1" });
      expect(page.items).toEqual([]);
    });

    it("never lets a raw driver error through: unknown foreign keys become NOT_FOUND", async () => {
      const user = await makeUser(ctx.repos);
      const failure = await ctx.repos.organizations
        .addMember({ organizationId: "cunknownunknownunknown000", userId: user.id, role: "MEMBER" })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DataError);
      expect((failure as DataError).code).toBe("NOT_FOUND");
      expect((failure as DataError).details.entity).toBe("Organization");
    });
  });
}
