import { describe, expect, it } from "vitest";
import type { User } from "../../src/domain/types.ts";
import { type ContractContext, countRows, expectCode, sleep, expectNotFound } from "./context.ts";
import { makeProject, makeUser, unique } from "./fixtures.ts";

export function usersContract(ctx: ContractContext): void {
  describe("users", () => {
    it("create stores a trimmed, lower-cased email and returns the row with a cuid id", async () => {
      const key = unique("Mixed");
      const user = await ctx.repos.users.create({ email: `  ${key}@Example.COM `, name: "  Ada Lovelace " });
      expect(user.id).toMatch(/^c[a-z0-9]{24}$/);
      expect(user.email).toBe(`${key.toLowerCase()}@example.com`);
      expect(user.name).toBe("Ada Lovelace");
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(user.updatedAt.getTime()).toBeGreaterThanOrEqual(user.createdAt.getTime() - 1000);
      expect(await ctx.repos.users.getById(user.id)).toEqual(user);
    });

    it("rejects an email that differs only by case with CONFLICT", async () => {
      const key = unique("dup");
      await ctx.repos.users.create({ email: `${key}@example.com`, name: "First" });
      await expectCode(
        ctx.repos.users.create({ email: `${key.toUpperCase()}@EXAMPLE.com`, name: "Second" }),
        "CONFLICT",
      );
      expect(await countRows(ctx.db, "users")).toBe(1);
    });

    it("findById returns null and getById NOT_FOUND for an unknown id", async () => {
      expect(await ctx.repos.users.findById("cunknownunknownunknown000")).toBeNull();
      await expectNotFound(ctx.repos.users.getById("cunknownunknownunknown000"), "User");
    });

    it("findByEmail matches case-insensitively", async () => {
      const user = await makeUser(ctx.repos);
      expect(await ctx.repos.users.findByEmail(user.email.toUpperCase())).toEqual(user);
      expect(await ctx.repos.users.findByEmail(`nobody-${unique("x")}@example.com`)).toBeNull();
    });

    it("update changes the given fields and bumps updatedAt", async () => {
      const user = await makeUser(ctx.repos);
      await sleep(15);
      const renamed = await ctx.repos.users.update(user.id, { name: "Renamed" });
      expect(renamed).toMatchObject({ id: user.id, email: user.email, name: "Renamed", createdAt: user.createdAt });
      expect(renamed.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
      const email = `${unique("new")}@example.com`;
      const moved = await ctx.repos.users.update(user.id, { email: email.toUpperCase() });
      expect(moved.email).toBe(email);
      expect(await ctx.repos.users.getById(user.id)).toEqual(moved);
    });

    it("update fails with NOT_FOUND, CONFLICT and VALIDATION as documented", async () => {
      const [a, b] = [await makeUser(ctx.repos), await makeUser(ctx.repos)];
      await expectNotFound(ctx.repos.users.update("cunknownunknownunknown000", { name: "x" }), "User");
      await expectCode(ctx.repos.users.update(a.id, { email: b.email.toUpperCase() }), "CONFLICT");
      await expectCode(ctx.repos.users.update(a.id, {}), "VALIDATION");
      expect(await ctx.repos.users.getById(a.id)).toEqual(a);
    });

    it("delete removes the user with memberships and sessions and unassigns their tasks", async () => {
      const { project, organization } = await makeProject(ctx.repos);
      const member = await makeUser(ctx.repos);
      await ctx.repos.organizations.addMember({ organizationId: organization.id, userId: member.id, role: "MEMBER" });
      await ctx.repos.sessions.create({
        userId: member.id,
        tokenHash: "a".repeat(64),
        expiresAt: new Date(Date.now() + 60_000),
      });
      await ctx.repos.tasks.createMany(project.id, [{ title: "Write docs" }]);
      const [task] = await ctx.repos.tasks.listForProject(project.id);
      await ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: member.id });

      await ctx.repos.users.delete(member.id);

      expect(await ctx.repos.users.findById(member.id)).toBeNull();
      expect(await ctx.db.query("SELECT 1 FROM memberships WHERE user_id = $1", [member.id])).toHaveLength(0);
      expect(await ctx.db.query("SELECT 1 FROM sessions WHERE user_id = $1", [member.id])).toHaveLength(0);
      const [after] = await ctx.repos.tasks.listForProject(project.id);
      expect(after).toMatchObject({ id: task!.id, assigneeId: null, assignee: null });
      await expectNotFound(ctx.repos.users.delete(member.id), "User");
    });

    it("delete of a user who owns projects fails with CONFLICT and deletes nothing", async () => {
      const { owner } = await makeProject(ctx.repos);
      await expectCode(ctx.repos.users.delete(owner.id), "CONFLICT");
      expect(await ctx.repos.users.findById(owner.id)).not.toBeNull();
      expect(await countRows(ctx.db, "memberships")).toBe(1);
    });

    it("list searches name and email case-insensitively and pages by id", async () => {
      const tag = unique("Needle");
      const made: User[] = [];
      for (let i = 0; i < 5; i++)
        made.push(
          await ctx.repos.users.create({ email: `${tag}-${i}@example.com`.toLowerCase(), name: `Person ${i}` }),
        );
      made.push(
        await ctx.repos.users.create({
          email: `${unique("other")}@example.com`,
          name: `Has ${tag.toUpperCase()} inside`,
        }),
      );
      await makeUser(ctx.repos, { name: "Unrelated" });

      const first = await ctx.repos.users.list({ search: tag.toLowerCase(), limit: 4 });
      expect(first.items).toHaveLength(4);
      expect(first.nextCursor).not.toBeNull();
      const second = await ctx.repos.users.list({ search: tag.toLowerCase(), limit: 4, cursor: first.nextCursor });
      expect(second.nextCursor).toBeNull();
      const ids = [...first.items, ...second.items].map((u) => u.id);
      expect(ids).toEqual(made.map((u) => u.id).sort());
      expect(new Set(ids).size).toBe(6);
    });

    it("list without a search returns every user once, ordered by id", async () => {
      for (let i = 0; i < 7; i++) await makeUser(ctx.repos);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof ctx.repos.users.list>> = await ctx.repos.users.list({ limit: 3, cursor });
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(seen).toEqual([...seen].sort());
    });

    it("list treats % and _ in the search literally", async () => {
      const pct = await makeUser(ctx.repos, { name: "100% Organic" });
      const under = await makeUser(ctx.repos, { name: "snake_case fan" });
      await makeUser(ctx.repos, { name: "1000 Organic" });
      await makeUser(ctx.repos, { name: "snakeXcase fan" });
      expect((await ctx.repos.users.list({ search: "0%" })).items.map((u) => u.id)).toEqual([pct.id]);
      expect((await ctx.repos.users.list({ search: "e_c" })).items.map((u) => u.id)).toEqual([under.id]);
      expect((await ctx.repos.users.list({ search: "\\" })).items).toEqual([]);
    });

    it("keyset pages neither skip nor repeat rows while other users are inserted concurrently", async () => {
      const original: string[] = [];
      for (let i = 0; i < 24; i++) original.push((await makeUser(ctx.repos)).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const listing = ctx.repos.users.list({ limit: 5, cursor });
        const [page] = await Promise.all([listing, makeUser(ctx.repos), makeUser(ctx.repos)]);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of original) expect(seen).toContain(id);
    });

    it("list rejects limits outside 1..100 and malformed cursors with VALIDATION", async () => {
      await expectCode(ctx.repos.users.list({ limit: 0 }), "VALIDATION");
      await expectCode(ctx.repos.users.list({ limit: 101 }), "VALIDATION");
      await expectCode(ctx.repos.users.list({ limit: 2.5 }), "VALIDATION");
      await expectCode(ctx.repos.users.list({ cursor: "'; DROP TABLE users; --" }), "VALIDATION");
    });
  });
}
