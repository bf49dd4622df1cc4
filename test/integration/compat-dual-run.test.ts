/**
 * Dual-run behaviour on real repositories (Drizzle as primary, a deliberately altered copy or a
 * slow/failing one as candidate): the caller always gets the primary's answer, mismatches and
 * candidate errors are reported and counted, slow candidates are abandoned within the timeout,
 * writes reach the primary only, and sampling is honoured.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isDataError } from "../../src/domain/errors.ts";
import { createDrizzleRepositories } from "../../src/drizzle/repositories.ts";
import { type DualRunReport, DualRunMonitor, dualRun } from "../../src/rollout/dual-run.ts";
import { READ_OPERATIONS } from "../../src/rollout/backend-switch.ts";
import type { Repositories, TaskRepository, UserRepository, ProjectRepository } from "../../src/repositories/index.ts";
import { useTestDatabase } from "../support/database.ts";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("dual-run", () => {
  const db = useTestDatabase();
  let repos: Repositories;

  beforeAll(() => {
    repos = createDrizzleRepositories({ url: db.url });
  });
  afterAll(async () => {
    await repos?.close();
  });
  beforeEach(async () => {
    await db.reset();
  });

  async function project(): Promise<{ projectId: string; ownerId: string }> {
    const owner = await repos.users.create({
      email: `owner-${Date.now()}-${Math.random()}@example.com`,
      name: "Owner",
    });
    const { organization } = await repos.organizations.createWithOwner({
      slug: `org-${Date.now()}`,
      name: "Org",
      ownerId: owner.id,
    });
    const p = await repos.projects.create({ organizationId: organization.id, ownerId: owner.id, name: "P" });
    await repos.tasks.createMany(p.id, [{ title: "one" }, { title: "two", status: "DONE" }, { title: "three" }]);
    return { projectId: p.id, ownerId: owner.id };
  }

  function collecting(options: ConstructorParameters<typeof DualRunMonitor>[0] = {}): {
    monitor: DualRunMonitor;
    reports: DualRunReport[];
  } {
    const reports: DualRunReport[] = [];
    return { monitor: new DualRunMonitor({ ...options, onReport: (r) => reports.push(r) }), reports };
  }

  it("catches a deliberately wrong candidate and still returns the primary's result", async () => {
    const { projectId } = await project();
    const wrongTasks: TaskRepository = {
      ...repos.tasks,
      listForProject: async (id) => (await repos.tasks.listForProject(id)).reverse(),
    };
    const wrongProjects: ProjectRepository = {
      ...repos.projects,
      getDetail: async (id) => {
        const detail = await repos.projects.getDetail(id);
        return { ...detail, taskCounts: { ...detail.taskCounts, DONE: detail.taskCounts.DONE + 1 } };
      },
    };
    const { monitor, reports } = collecting();
    const tasks = dualRun("tasks", repos.tasks, wrongTasks, READ_OPERATIONS.tasks, monitor);
    const projects = dualRun("projects", repos.projects, wrongProjects, READ_OPERATIONS.projects, monitor);

    expect(await tasks.listForProject(projectId)).toEqual(await repos.tasks.listForProject(projectId));
    expect(await projects.getDetail(projectId)).toEqual(await repos.projects.getDetail(projectId));
    expect(await projects.statusSummary((await repos.projects.getDetail(projectId)).organizationId)).toMatchObject({
      ACTIVE: 1,
    });

    // A mismatch is counted once it reproduced on a re-read of both sides (in the background).
    await monitor.settled();
    const stats = monitor.stats();
    expect(stats.operations["tasks.listForProject"]).toMatchObject({ calls: 1, sampled: 1, mismatches: 1, matches: 0 });
    expect(stats.operations["projects.getDetail"]).toMatchObject({ mismatches: 1 });
    expect(stats.operations["projects.statusSummary"]).toMatchObject({ matches: 1, mismatches: 0 });
    const detail = reports.find((r) => r.operation === "projects.getDetail");
    expect(detail).toMatchObject({
      kind: "mismatch",
      diff: [{ path: "$.taskCounts.DONE", primary: "1", candidate: "2" }],
    });
    expect(detail?.inputsHash).toMatch(/^[0-9a-f]{64}$/);
    const listed = reports.find((r) => r.operation === "tasks.listForProject");
    expect(listed?.kind === "mismatch" && listed.diff.some((d) => d.path === "$[0].title")).toBe(true);
  });

  it("keeps candidate errors from the caller, and treats the same error code on both sides as agreement", async () => {
    const { ownerId } = await project();
    const failing: UserRepository = {
      ...repos.users,
      getById: () => Promise.reject(new Error("candidate exploded")),
      findById: () => Promise.reject(Object.assign(new Error("wrong code"), { code: "INTERNAL" })),
    };
    const { monitor, reports } = collecting();
    const users = dualRun("users", repos.users, failing, READ_OPERATIONS.users, monitor);
    expect((await users.getById(ownerId)).id).toBe(ownerId);
    expect(await users.findById("cunknownunknownunknown000")).toBeNull();
    // Both sides NOT_FOUND: the caller gets the primary's error, the run counts as a match.
    const agree = dualRun("users", repos.users, repos.users, READ_OPERATIONS.users, monitor);
    const failure = await agree.getById("cunknownunknownunknown000").catch((e: unknown) => e);
    expect(isDataError(failure, "NOT_FOUND")).toBe(true);

    expect(monitor.stats().operations["users.getById"]).toMatchObject({ candidateErrors: 1, matches: 1 });
    expect(monitor.stats().operations["users.findById"]).toMatchObject({ candidateErrors: 1 });
    expect(reports.filter((r) => r.kind === "candidate-error")).toHaveLength(2);
    expect(reports[0]).toMatchObject({
      kind: "candidate-error",
      operation: "users.getById",
      error: { message: "candidate exploded" },
      primary: "ok",
    });
  });

  it("abandons a slow candidate at the timeout, so the caller waits at most that long", async () => {
    const { ownerId } = await project();
    let candidateFinished = false;
    const slow: UserRepository = {
      ...repos.users,
      getById: async (id) => {
        await sleep(1500);
        candidateFinished = true;
        return repos.users.getById(id);
      },
    };
    const { monitor, reports } = collecting({ timeoutMs: 100 });
    const users = dualRun("users", repos.users, slow, READ_OPERATIONS.users, monitor);
    const started = performance.now();
    expect((await users.getById(ownerId)).id).toBe(ownerId);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(candidateFinished).toBe(false);
    expect(monitor.stats().operations["users.getById"]).toMatchObject({ timeouts: 1, mismatches: 0 });
    expect(reports[0]).toMatchObject({ kind: "timeout", operation: "users.getById", timeoutMs: 100 });
  });

  it("with waitForCandidate off, returns before the candidate and compares in the background", async () => {
    const { projectId } = await project();
    const slowWrong: TaskRepository = {
      ...repos.tasks,
      listForProject: async (id) => {
        await sleep(300);
        return (await repos.tasks.listForProject(id)).slice(1);
      },
    };
    const { monitor } = collecting({ timeoutMs: 5000, waitForCandidate: false });
    const tasks = dualRun("tasks", repos.tasks, slowWrong, READ_OPERATIONS.tasks, monitor);
    const started = performance.now();
    expect(await tasks.listForProject(projectId)).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(300);
    expect(monitor.stats().total.mismatches).toBe(0);
    await monitor.settled();
    expect(monitor.stats().total.mismatches).toBe(1);
  });

  it("reports a mismatch that does not reproduce on a re-read as transient, not as a mismatch", async () => {
    const { projectId } = await project();
    let calls = 0;
    // Wrong on its first answer only, like a read that raced a concurrent write.
    const flaky: TaskRepository = {
      ...repos.tasks,
      listForProject: async (id) => {
        calls++;
        const tasks = await repos.tasks.listForProject(id);
        return calls === 1 ? tasks.slice(1) : tasks;
      },
    };
    const { monitor, reports } = collecting();
    const tasks = dualRun("tasks", repos.tasks, flaky, READ_OPERATIONS.tasks, monitor);
    expect(await tasks.listForProject(projectId)).toHaveLength(3);
    await monitor.settled();
    expect(monitor.stats().operations["tasks.listForProject"]).toMatchObject({
      sampled: 1,
      mismatches: 0,
      transient: 1,
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: "transient", operation: "tasks.listForProject" });
    expect(reports[0]!.kind === "transient" && reports[0]!.diff[0]).toEqual({
      path: "$.length",
      primary: "3",
      candidate: "2",
    });
    expect(calls).toBe(2);
  });

  it("sends writes to the primary only", async () => {
    const refuse = (): Promise<never> => Promise.reject(new Error("the candidate must not write"));
    const candidate: UserRepository = { ...repos.users, create: refuse, update: refuse, delete: refuse };
    const { monitor } = collecting();
    const users = dualRun("users", repos.users, candidate, READ_OPERATIONS.users, monitor);
    const user = await users.create({ email: "writer@example.com", name: "Writer" });
    await users.update(user.id, { name: "Renamed" });
    expect((await repos.users.getById(user.id)).name).toBe("Renamed");
    await users.delete(user.id);
    expect(await repos.users.findById(user.id)).toBeNull();
    expect(monitor.stats().total).toMatchObject({ calls: 0, sampled: 0, candidateErrors: 0 });
  });

  it("honours the sampling rate", async () => {
    const { ownerId } = await project();
    let candidateCalls = 0;
    const counting: UserRepository = {
      ...repos.users,
      getById: (id) => {
        candidateCalls++;
        return repos.users.getById(id);
      },
    };
    const draws = [0.1, 0.9, 0.3, 0.7, 0.49, 0.5];
    const { monitor } = collecting({ sampleRate: 0.5, random: () => draws.shift() ?? 1 });
    const users = dualRun("users", repos.users, counting, READ_OPERATIONS.users, monitor);
    for (let i = 0; i < 6; i++) await users.getById(ownerId);
    expect(candidateCalls).toBe(3);
    expect(monitor.stats().operations["users.getById"]).toMatchObject({ calls: 6, sampled: 3, matches: 3 });
    expect(() => new DualRunMonitor({ sampleRate: 2 })).toThrow(/sampleRate/);
  });
});
