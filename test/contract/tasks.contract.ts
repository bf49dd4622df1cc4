import { describe, expect, it } from "vitest";
import { type ContractContext, countRows, expectCode, sleep, expectNotFound } from "./context.ts";
import { makeMember, makeOrganization, makeProject, makeUser } from "./fixtures.ts";

export function tasksContract(ctx: ContractContext): void {
  describe("tasks", () => {
    it("createMany inserts in bulk, appending positions after the project's last task", async () => {
      const { project } = await makeProject(ctx.repos);
      expect(
        await ctx.repos.tasks.createMany(project.id, [{ title: "one" }, { title: "two", status: "IN_PROGRESS" }]),
      ).toBe(2);
      expect(await ctx.repos.tasks.createMany(project.id, [{ title: "three" }])).toBe(1);
      const tasks = await ctx.repos.tasks.listForProject(project.id);
      expect(tasks.map((t) => [t.title, t.position, t.status, t.assignee])).toEqual([
        ["one", 0, "TODO", null],
        ["two", 1, "IN_PROGRESS", null],
        ["three", 2, "TODO", null],
      ]);
      for (const t of tasks) expect(t.id).toMatch(/^c[a-z0-9]{24}$/);
    });

    it("createMany handles 1000 tasks in one call", async () => {
      const { project } = await makeProject(ctx.repos);
      const titles = Array.from({ length: 1000 }, (_, i) => ({ title: `task ${i}` }));
      expect(await ctx.repos.tasks.createMany(project.id, titles)).toBe(1000);
      const tasks = await ctx.repos.tasks.listForProject(project.id);
      expect(tasks).toHaveLength(1000);
      expect(tasks[999]).toMatchObject({ title: "task 999", position: 999 });
    });

    it("createMany rejects empty and oversized batches and unknown projects", async () => {
      const { project } = await makeProject(ctx.repos);
      await expectCode(ctx.repos.tasks.createMany(project.id, []), "VALIDATION");
      await expectCode(
        ctx.repos.tasks.createMany(
          project.id,
          Array.from({ length: 1001 }, () => ({ title: "x" })),
        ),
        "VALIDATION",
      );
      await expectCode(ctx.repos.tasks.createMany(project.id, [{ title: "ok" }, { title: "" }]), "VALIDATION");
      await expectNotFound(ctx.repos.tasks.createMany("cunknownunknownunknown000", [{ title: "x" }]), "Project");
      expect(await countRows(ctx.db, "tasks")).toBe(0);
    });

    // Appends and reorders work on the project's whole task list: concurrent calls must queue, or
    // two appends compute their positions from the same "last position" and hand them out twice.
    it("concurrent createMany calls on one project hand out every position once, each batch in order", async () => {
      const { project } = await makeProject(ctx.repos);
      const batches = Array.from({ length: 12 }, (_, b) =>
        Array.from({ length: 25 }, (_, i) => ({ title: `batch ${b} task ${i}` })),
      );
      const counts = await Promise.all(batches.map((batch) => ctx.repos.tasks.createMany(project.id, batch)));
      expect(counts).toEqual(batches.map((batch) => batch.length));
      const tasks = await ctx.repos.tasks.listForProject(project.id);
      expect(tasks.map((t) => t.position)).toEqual(Array.from({ length: 300 }, (_, i) => i));
      for (const [b, batch] of batches.entries()) {
        const positions = batch.map(({ title }) => tasks.find((t) => t.title === title)!.position);
        expect(positions, `batch ${b}`).toEqual(positions.map((_, i) => positions[0]! + i));
      }
    });

    it("createMany and reorder running together keep positions distinct and contiguous", async () => {
      const { project } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(
        project.id,
        Array.from({ length: 10 }, (_, i) => ({ title: `seed ${i}` })),
      );
      const ids = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id);
      const orders = [[...ids].reverse(), [...ids.slice(5), ...ids.slice(0, 5)], ids, [...ids].reverse()];
      const appends = Array.from({ length: 8 }, (_, b) => [{ title: `late ${b} a` }, { title: `late ${b} b` }]);
      const results = await Promise.allSettled([
        ...orders.map((order) => ctx.repos.tasks.reorder(project.id, order)),
        ...appends.map((batch) => ctx.repos.tasks.createMany(project.id, batch)),
      ]);
      // A reorder that queued behind an append no longer lists every task: VALIDATION, nothing else.
      for (const result of results.slice(0, orders.length)) {
        if (result.status === "rejected") await expectCode(Promise.reject(result.reason as Error), "VALIDATION");
      }
      expect(results.slice(orders.length).map((r) => r.status)).toEqual(appends.map(() => "fulfilled"));
      const positions = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.position);
      expect(positions).toEqual(Array.from({ length: 26 }, (_, i) => i));
    });

    // Without the project lock, reorders write the same rows in opposite orders and can deadlock.
    it("concurrent reorders of one project in opposite orders all succeed, the last one wins whole", async () => {
      const { project } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(
        project.id,
        Array.from({ length: 100 }, (_, i) => ({ title: `task ${i}` })),
      );
      const ids = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id);
      const orders = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? [...ids].reverse() : ids));
      await Promise.all(orders.map((order) => ctx.repos.tasks.reorder(project.id, order)));
      const after = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id);
      expect([ids, [...ids].reverse()]).toContainEqual(after);
    });

    it("assign sets and clears a member as assignee", async () => {
      const { project, organization } = await makeProject(ctx.repos);
      const member = await makeMember(ctx.repos, organization.id);
      await ctx.repos.tasks.createMany(project.id, [{ title: "t" }]);
      const [task] = await ctx.repos.tasks.listForProject(project.id);
      const assigned = await ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: member.id });
      expect(assigned).toMatchObject({ id: task!.id, assigneeId: member.id });
      expect(assigned.updatedAt.getTime()).toBeGreaterThanOrEqual(task!.updatedAt.getTime());
      const [listed] = await ctx.repos.tasks.listForProject(project.id);
      expect(listed!.assignee).toEqual({ id: member.id, email: member.email, name: member.name });
      const cleared = await ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: null });
      expect(cleared.assigneeId).toBeNull();
    });

    // Guards statements built once: a timestamp computed when the statement is built (Drizzle's
    // $onUpdate/$defaultFn) would stamp every later call with the first call's time.
    it("repeated creates, assignments and reorders each stamp the time of their own call", async () => {
      const { project, organization } = await makeProject(ctx.repos);
      const member = await makeMember(ctx.repos, organization.id);
      const stamps: number[] = [];
      for (const title of ["first", "second"]) {
        await ctx.repos.tasks.createMany(project.id, [{ title }]);
        await sleep(15);
      }
      const [first, second] = await ctx.repos.tasks.listForProject(project.id);
      stamps.push(first!.createdAt.getTime(), second!.createdAt.getTime());
      for (const assigneeId of [member.id, null, member.id, null]) {
        await sleep(15);
        stamps.push((await ctx.repos.tasks.assign({ taskId: first!.id, assigneeId })).updatedAt.getTime());
      }
      for (const order of [
        [second!.id, first!.id],
        [first!.id, second!.id],
      ]) {
        await sleep(15);
        await ctx.repos.tasks.reorder(project.id, order);
        stamps.push((await ctx.repos.tasks.listForProject(project.id))[0]!.updatedAt.getTime());
      }
      for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
      await sleep(15);
      const { project: later } = await makeProject(ctx.repos);
      expect(later.createdAt.getTime()).toBeGreaterThan(project.createdAt.getTime());
    });

    it("assign is FORBIDDEN for a user outside the project's organization, NOT_FOUND for an unknown task", async () => {
      const { project } = await makeProject(ctx.repos);
      const { owner: otherOrgOwner } = await makeOrganization(ctx.repos);
      const stranger = await makeUser(ctx.repos);
      await ctx.repos.tasks.createMany(project.id, [{ title: "t" }]);
      const [task] = await ctx.repos.tasks.listForProject(project.id);
      await expectCode(ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: stranger.id }), "FORBIDDEN");
      await expectCode(ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: otherOrgOwner.id }), "FORBIDDEN");
      await expectCode(
        ctx.repos.tasks.assign({ taskId: task!.id, assigneeId: "cunknownunknownunknown000" }),
        "FORBIDDEN",
      );
      await expectNotFound(
        ctx.repos.tasks.assign({ taskId: "cunknownunknownunknown000", assigneeId: stranger.id }),
        "Task",
      );
      expect((await ctx.repos.tasks.listForProject(project.id))[0]!.assigneeId).toBeNull();
    });

    it("reorder rewrites positions in the given order", async () => {
      const { project } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }, { title: "c" }, { title: "d" }]);
      const ids = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id);
      const wanted = [ids[2]!, ids[0]!, ids[3]!, ids[1]!];
      await ctx.repos.tasks.reorder(project.id, wanted);
      const after = await ctx.repos.tasks.listForProject(project.id);
      expect(after.map((t) => t.id)).toEqual(wanted);
      expect(after.map((t) => t.position)).toEqual([0, 1, 2, 3]);
    });

    it("reorder bumps updatedAt of every task, moved or not", async () => {
      const { project } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }, { title: "c" }]);
      const before = await ctx.repos.tasks.listForProject(project.id);
      await sleep(15);
      await ctx.repos.tasks.reorder(project.id, [before[0]!.id, before[2]!.id, before[1]!.id]);
      const after = await ctx.repos.tasks.listForProject(project.id);
      for (const task of before) {
        const now = after.find((t) => t.id === task.id)!;
        expect(now.updatedAt.getTime()).toBeGreaterThan(task.updatedAt.getTime());
      }
    });

    it("reorder with ids that are not exactly the project's tasks is VALIDATION and changes nothing", async () => {
      const { project } = await makeProject(ctx.repos);
      const { project: other } = await makeProject(ctx.repos);
      await ctx.repos.tasks.createMany(project.id, [{ title: "a" }, { title: "b" }]);
      await ctx.repos.tasks.createMany(other.id, [{ title: "x" }]);
      const ids = (await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id);
      const foreign = (await ctx.repos.tasks.listForProject(other.id))[0]!.id;
      await expectCode(ctx.repos.tasks.reorder(project.id, [ids[1]!]), "VALIDATION");
      await expectCode(ctx.repos.tasks.reorder(project.id, [ids[1]!, foreign]), "VALIDATION");
      await expectCode(ctx.repos.tasks.reorder(project.id, [ids[1]!, ids[1]!]), "VALIDATION");
      await expectCode(ctx.repos.tasks.reorder(project.id, [ids[1]!, ids[0]!, foreign]), "VALIDATION");
      await expectNotFound(ctx.repos.tasks.reorder("cunknownunknownunknown000", []), "Project");
      expect((await ctx.repos.tasks.listForProject(project.id)).map((t) => t.id)).toEqual(ids);
      expect((await ctx.repos.tasks.listForProject(other.id)).map((t) => t.position)).toEqual([0]);
    });

    it("listForProject returns an empty list for a project without tasks", async () => {
      const { project } = await makeProject(ctx.repos);
      expect(await ctx.repos.tasks.listForProject(project.id)).toEqual([]);
    });
  });
}
