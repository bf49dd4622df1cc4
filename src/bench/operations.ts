/**
 * The benchmark's operations: one per repository operation, each REPEATABLE (the comparison's
 * scenarios run once each; a benchmark calls the same operation hundreds of times). Reads use
 * seeded rows; writes either create fresh rows with an iteration-unique key or change a row back and
 * forth, so the table sizes the reads see barely move during a run.
 *
 * Every implementation gets its own write targets (`lane`), so two implementations never contend
 * for one row and no write depends on what another implementation did before it.
 */
import type { Repositories } from "../repositories/index.ts";
import { generateSeed, SEED_NOW, sha256Hex, type SeedData } from "../seed/index.ts";

export interface BenchOperation {
  /** `aggregate.method`, as in the repository interfaces. */
  name: string;
  kind: "read" | "write";
  /** What the call does, for the report. */
  description: string;
  /**
   * Runs iteration `i` for the implementation in write lane `lane` (0..lanes-1). Reads ignore the
   * lane; writes use it to pick rows no other implementation touches.
   */
  run(repos: Repositories, i: number, lane: number): Promise<unknown>;
}

/** Lanes for writes: one per implementation measured at once (the four implementations). */
const WRITE_LANES = 4;

const DAY = 24 * 60 * 60 * 1000;

/**
 * A tag unique to one list of operations (one benchmark run), so repeated runs against one database
 * never collide on unique keys: also two runs in one process, as the gate's re-measurement of a
 * suspect cell is.
 */
const runTag = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;

function pick<T>(items: readonly T[], what: string, predicate: (item: T) => boolean = () => true): T {
  const found = items.find(predicate);
  if (!found) throw new Error(`the seed has no ${what} (seed a larger --scale)`);
  return found;
}

/** The operations, with inputs picked from the seed data of `scale` (the same data src/seed writes). */
export function benchOperations(scale = 1, data: SeedData = generateSeed(scale)): BenchOperation[] {
  const tasksByProject = new Map<string, SeedData["tasks"]>();
  for (const t of data.tasks) tasksByProject.set(t.projectId, [...(tasksByProject.get(t.projectId) ?? []), t]);
  const membersOf = (orgId: string) => data.memberships.filter((m) => m.organizationId === orgId);
  const taskCount = (projectId: string) => tasksByProject.get(projectId)?.length ?? 0;

  const org0 = data.organizations[0]!;
  const user0 = data.users[0]!;
  const owner0 = pick(membersOf(org0.id), "owner of the first organization", (m) => m.role === "OWNER").userId;
  const projectsBySize = [...data.projects].sort(
    (a, b) => taskCount(b.id) - taskCount(a.id) || a.id.localeCompare(b.id),
  );
  const bigProject = projectsBySize[0]!;
  const activeSession = pick(data.sessions, "active session", (s) => s.expiresAt > SEED_NOW);
  const multiOrgUser = [...data.users].sort(
    (a, b) =>
      data.memberships.filter((m) => m.userId === b.id).length -
      data.memberships.filter((m) => m.userId === a.id).length,
  )[0]!;
  const searchWord = user0.name.split(" ")[0]!.toLowerCase();
  const audited = pick(data.auditLogs, "audited entity");
  const download = data.downloads[0]!;
  // Write targets per lane: users to rename, projects to toggle and append to, tasks to reassign.
  const laneUsers = data.users.slice(-WRITE_LANES);
  const orgProjects = data.projects.filter((p) => p.organizationId === org0.id);
  if (orgProjects.length < WRITE_LANES * 2)
    throw new Error(
      `the seed has too few projects in ${org0.slug} for ${WRITE_LANES} write lanes (seed a larger --scale)`,
    );
  const laneProjects = orgProjects.slice(-WRITE_LANES * 2);
  const statusProject = (lane: number) => laneProjects[lane]!;
  const appendProject = (lane: number) => laneProjects[WRITE_LANES + lane]!;
  // A small project per lane whose tasks are reversed back and forth.
  const smallProjects = projectsBySize
    .filter((p) => taskCount(p.id) >= 3 && taskCount(p.id) <= 10 && !laneProjects.includes(p))
    .slice(0, WRITE_LANES);
  if (smallProjects.length < WRITE_LANES)
    throw new Error("the seed has too few small projects for the reorder operation");
  const reorderOrder = (lane: number, i: number) => {
    const ids = tasksByProject.get(smallProjects[lane]!.id)!.map((t) => t.id);
    return i % 2 === 0 ? [...ids].reverse() : ids;
  };
  const assignTask = (lane: number) =>
    tasksByProject.get(statusProject(lane).id)?.[0] ?? pick(data.tasks, "task", (t) => t.projectId === org0.id);
  const orgMembers = membersOf(org0.id).map((m) => m.userId);
  const tag = runTag();
  const unique = (lane: number, i: number) => `${tag}-${lane}-${i}`;

  return [
    // Reads
    {
      name: "users.findById",
      kind: "read",
      description: "one user by primary key",
      run: (r, i) => r.users.findById(data.users[i % data.users.length]!.id),
    },
    {
      name: "users.findByEmail",
      kind: "read",
      description: "one user by unique email (case-insensitive)",
      run: (r, i) => r.users.findByEmail(data.users[i % data.users.length]!.email.toUpperCase()),
    },
    {
      name: "users.list",
      kind: "read",
      description: `search "${searchWord}", page of 20`,
      run: (r) => r.users.list({ search: searchWord, limit: 20 }),
    },
    {
      name: "sessions.findActiveByTokenHash",
      kind: "read",
      description: "the auth hot path: session + user by token hash",
      run: (r) => r.sessions.findActiveByTokenHash(activeSession.tokenHash, SEED_NOW),
    },
    {
      name: "organizations.findBySlug",
      kind: "read",
      description: "one organization by unique slug",
      run: (r) => r.organizations.findBySlug(org0.slug),
    },
    {
      name: "organizations.listForUser",
      kind: "read",
      description: "organizations of a user with their role",
      run: (r) => r.organizations.listForUser(multiOrgUser.id),
    },
    {
      name: "projects.getDetail",
      kind: "read",
      description: `project with owner and task counts (${taskCount(bigProject.id)} tasks)`,
      run: (r) => r.projects.getDetail(bigProject.id),
    },
    {
      name: "projects.listByOrganization",
      kind: "read",
      description: "page of 20 by name, with total",
      run: (r) =>
        r.projects.listByOrganization({
          organizationId: org0.id,
          sort: { field: "name", direction: "asc" },
          limit: 20,
        }),
    },
    {
      name: "projects.statusSummary",
      kind: "read",
      description: "count per status in an organization",
      run: (r) => r.projects.statusSummary(org0.id),
    },
    {
      name: "tasks.listForProject",
      kind: "read",
      description: `${taskCount(bigProject.id)} tasks with assignees`,
      run: (r) => r.tasks.listForProject(bigProject.id),
    },
    {
      name: "downloads.latestPerPlatform",
      kind: "read",
      description: "latest release per platform",
      run: (r) => r.downloads.latestPerPlatform(),
    },
    {
      name: "audit.listForEntity",
      kind: "read",
      description: "audit page of one entity",
      run: (r) => r.audit.listForEntity({ entityType: audited.entityType, entityId: audited.entityId, limit: 20 }),
    },
    // Writes
    {
      name: "users.create",
      kind: "write",
      description: "insert a user",
      run: (r, i, lane) => r.users.create({ email: `bench-${unique(lane, i)}@bench.example.com`, name: "Bench User" }),
    },
    {
      name: "users.update",
      kind: "write",
      description: "rename a user",
      run: (r, i, lane) => r.users.update(laneUsers[lane]!.id, { name: `Bench Rename ${i % 2}` }),
    },
    {
      name: "sessions.create",
      kind: "write",
      description: "insert a session",
      run: (r, i, lane) =>
        r.sessions.create({
          userId: laneUsers[lane]!.id,
          tokenHash: sha256Hex(`bench-${unique(lane, i)}`),
          expiresAt: new Date(SEED_NOW.getTime() + DAY),
        }),
    },
    {
      name: "organizations.createWithOwner",
      kind: "write",
      description: "organization + owner membership in one transaction",
      run: (r, i, lane) =>
        r.organizations.createWithOwner({
          slug: `bench-${unique(lane, i)}`,
          name: "Bench Org",
          ownerId: laneUsers[lane]!.id,
        }),
    },
    {
      name: "projects.create",
      kind: "write",
      description: "insert a project with jsonb and tags",
      run: (r, i) =>
        r.projects.create({
          organizationId: org0.id,
          ownerId: owner0,
          name: `Bench Project ${i}`,
          metadata: { bench: true, i },
          tags: ["bench"],
        }),
    },
    {
      name: "projects.updateStatus",
      kind: "write",
      description: "status change + audit entry in one transaction",
      run: (r, i, lane) =>
        r.projects.updateStatus({
          projectId: statusProject(lane).id,
          status: i % 2 === 0 ? "PAUSED" : "ACTIVE",
          actorId: owner0,
        }),
    },
    {
      name: "tasks.createMany",
      kind: "write",
      description: "append 5 tasks (positions after the last)",
      run: (r, i) =>
        r.tasks.createMany(
          appendProject(i % WRITE_LANES).id,
          Array.from({ length: 5 }, (_, k) => ({ title: `Bench task ${i}.${k}` })),
        ),
    },
    {
      name: "tasks.assign",
      kind: "write",
      description: "assign a task to an organization member",
      run: (r, i, lane) =>
        r.tasks.assign({ taskId: assignTask(lane).id, assigneeId: orgMembers[i % orgMembers.length]! }),
    },
    {
      name: "tasks.reorder",
      kind: "write",
      description: "reverse a small project's task order",
      run: (r, i, lane) => r.tasks.reorder(smallProjects[lane]!.id, reorderOrder(lane, i)),
    },
    {
      name: "downloads.recordDownload",
      kind: "write",
      description: "increment a download counter",
      run: (r) => r.downloads.recordDownload({ version: download.version, platform: download.platform }),
    },
    {
      name: "audit.append",
      kind: "write",
      description: "append an audit entry",
      run: (r, i, lane) =>
        r.audit.append({
          organizationId: org0.id,
          actorId: owner0,
          entityType: "bench",
          entityId: `lane-${lane}`,
          action: "bench.write",
          after: { i },
        }),
    },
  ];
}
