/**
 * The comparison's scenario list: one entry per repository operation (plus a unit of work and two
 * failure paths), each with fixed inputs picked from the seed data. Every implementation runs the
 * list in this order on its own copy of the same seeded database, so each sees the same state.
 *
 * Operations whose result grows with the data also carry a `small` input: the statement count at
 * both sizes is what detects N+1 patterns (see report.ts).
 */
import type { DataErrorCode } from "../domain/errors.ts";
import type { Repositories } from "../repositories/index.ts";
import { SEED_NOW, sha256Hex, type SeedData } from "../seed/index.ts";

const DAY = 24 * 60 * 60 * 1000;

export interface Scenario {
  /** The operation, as `aggregate.method`; variants add a bracketed note (`users.create [email taken]`). */
  name: string;
  /** What the input is, for the report. */
  description: string;
  /** Runs the operation with its fixed main input. */
  run: (repos: Repositories) => Promise<unknown>;
  /**
   * The same operation on a smaller input, run before the main one. When the statement count
   * differs between the two, the count grows with the data.
   */
  small?: { description: string; run: (repos: Repositories) => Promise<unknown> };
  /** The error code the operation is expected to fail with (failure-path scenarios). */
  expectError?: DataErrorCode;
}

/** The seed facts the scenarios pick their inputs from. */
class SeedIndex {
  readonly tasksByProject = new Map<string, SeedData["tasks"]>();
  readonly membershipsByUser = new Map<string, SeedData["memberships"]>();
  readonly ownedProjects = new Set<string>();
  /** Users and projects already used by a writing scenario: later scenarios pick others. */
  readonly taken = new Set<string>();

  constructor(readonly data: SeedData) {
    for (const t of data.tasks)
      this.tasksByProject.set(t.projectId, [...(this.tasksByProject.get(t.projectId) ?? []), t]);
    for (const m of data.memberships)
      this.membershipsByUser.set(m.userId, [...(this.membershipsByUser.get(m.userId) ?? []), m]);
    for (const p of data.projects) this.ownedProjects.add(p.ownerId);
  }

  taskCount(projectId: string): number {
    return this.tasksByProject.get(projectId)?.length ?? 0;
  }

  /** The first candidate not taken yet, marked taken. */
  claim<T extends { id: string }>(candidates: T[], what: string): T {
    const found = candidates.find((c) => !this.taken.has(c.id));
    if (!found) throw new Error(`the seed has no ${what} left for the comparison (seed a larger --scale)`);
    this.taken.add(found.id);
    return found;
  }

  /** Projects by task count, ties by id. */
  projectsByTaskCount(): SeedData["projects"] {
    return [...this.data.projects].sort(
      (a, b) => this.taskCount(a.id) - this.taskCount(b.id) || a.id.localeCompare(b.id),
    );
  }

  /** Users who own nothing and are not organization owners: safe to delete, remove or reassign. */
  plainMembers(): SeedData["users"] {
    return this.data.users.filter(
      (u) =>
        !this.ownedProjects.has(u.id) && (this.membershipsByUser.get(u.id) ?? []).every((m) => m.role === "MEMBER"),
    );
  }
}

/** Builds the scenarios for a seeded data set (the generated rows, demo rows excluded). */
export function buildScenarios(data: SeedData): Scenario[] {
  const seed = new SeedIndex(data);
  const orgs = data.organizations;
  const org0 = orgs[0]!;
  const orgOf = (k: number): SeedData["organizations"][number] => orgs[k % orgs.length]!;
  const owner0 = data.memberships.find((m) => m.organizationId === org0.id && m.role === "OWNER")!.userId;

  const byTasks = seed.projectsByTaskCount();
  const bigProject = byTasks.at(-1)!;
  seed.taken.add(bigProject.id);
  const smallProject = seed.claim(
    byTasks.filter(
      (p) =>
        seed.taskCount(p.id) >= 2 &&
        seed.taskCount(p.id) <= 5 &&
        seed.tasksByProject.get(p.id)!.some((t) => t.assigneeId),
    ),
    "project with 2 to 5 tasks",
  );
  const reorderBig = seed.claim(
    [...byTasks].sort((a, b) => Math.abs(seed.taskCount(a.id) - 30) - Math.abs(seed.taskCount(b.id) - 30)),
    "project with about 30 tasks",
  );
  const reorderSmall = seed.claim(
    byTasks.filter((p) => seed.taskCount(p.id) >= 3),
    "project with 3 or more tasks",
  );
  const inOrg0 = (p: { organizationId: string }): boolean => p.organizationId === org0.id;
  const createManyProject = seed.claim(data.projects.filter(inOrg0), "project for createMany");
  const statusProject = seed.claim(
    data.projects.filter((p) => inOrg0(p) && p.status !== "COMPLETED"),
    "project for updateStatus",
  );
  const archiveProject = seed.claim(
    data.projects.filter((p) => inOrg0(p) && p.status !== "ARCHIVED"),
    "project to archive",
  );
  const assignProject = seed.claim(
    data.projects.filter((p) => seed.taskCount(p.id) > 0),
    "project for assign",
  );
  const auditCount = (id: string): number => data.auditLogs.filter((a) => a.entityId === id).length;
  const historyProject = [...data.projects].sort(
    (a, b) => auditCount(b.id) - auditCount(a.id) || a.id.localeCompare(b.id),
  )[0]!;

  const users = data.users;
  const readUser = seed.claim(users.slice(10), "user to read");
  const getUser = seed.claim(users.slice(11), "user to get");
  const emailUser = seed.claim(users.slice(12), "user to find by email");
  const updateUser = seed.claim(users.slice(13), "user to update");
  const deleteUser = seed.claim(
    seed.plainMembers().filter((u) => data.tasks.some((t) => t.assigneeId === u.id)),
    "user without projects but with assigned tasks",
  );
  const sessionUser = seed.claim(users.slice(14), "user for a new session");
  const activeSession = data.sessions.find((s) => s.expiresAt > SEED_NOW && !seed.taken.has(s.userId))!;
  seed.taken.add(activeSession.userId);
  const revokedSession = data.sessions.find((s) => !seed.taken.has(s.userId) && s.id !== activeSession.id)!;
  seed.taken.add(revokedSession.userId);
  const newOrgOwner = seed.claim(users.slice(17), "owner for a new organization");
  const membershipCount = (u: { id: string }): number => seed.membershipsByUser.get(u.id)?.length ?? 0;
  const manyOrgsUser = [...users].sort(
    (a, b) => membershipCount(b) - membershipCount(a) || a.id.localeCompare(b.id),
  )[0]!;
  const oneOrgUser = users.find((u) => membershipCount(u) === 1 && u.id !== manyOrgsUser.id)!;
  const targetOrg = orgOf(1);
  const newMember = seed.claim(
    users.filter((u) => !(seed.membershipsByUser.get(u.id) ?? []).some((m) => m.organizationId === targetOrg.id)),
    `user outside ${targetOrg.slug}`,
  );
  const roleMember = seed.claim(
    seed
      .plainMembers()
      .filter((u) => (seed.membershipsByUser.get(u.id) ?? []).some((m) => m.organizationId === targetOrg.id)),
    `plain member of ${targetOrg.slug}`,
  );
  const removeOrg = orgOf(2);
  const removedMember = seed.claim(
    seed
      .plainMembers()
      .filter((u) => (seed.membershipsByUser.get(u.id) ?? []).some((m) => m.organizationId === removeOrg.id)),
    `plain member of ${removeOrg.slug}`,
  );
  const assignTask = seed.tasksByProject.get(assignProject.id)![0]!;
  const assignOrgMember = data.memberships.find(
    (m) =>
      m.organizationId === assignProject.organizationId &&
      m.userId !== assignTask.assigneeId &&
      !seed.taken.has(m.userId),
  )!.userId;
  seed.taken.add(assignOrgMember);
  const downloadToUpdate = data.downloads[0]!;
  const downloadToCount = data.downloads.find((d) => d.platform === "darwin-arm64") ?? data.downloads[1]!;
  const searchWord = users[0]!.name.split(" ")[0]!.toLowerCase();
  const reversed = (projectId: string): string[] =>
    seed.tasksByProject
      .get(projectId)!
      .map((t) => t.id)
      .reverse();
  const newTasks = (n: number, prefix: string): { title: string; status?: "TODO" | "IN_PROGRESS" | "DONE" }[] =>
    Array.from({ length: n }, (_, i) =>
      i % 3 === 2 ? { title: `${prefix} ${i + 1}`, status: "IN_PROGRESS" as const } : { title: `${prefix} ${i + 1}` },
    );

  return [
    // users
    {
      name: "users.create",
      description: "a new user",
      run: (r) => r.users.create({ email: "New.Person@Compare.Example.com", name: " New Person " }),
    },
    { name: "users.findById", description: `user ${readUser.id}`, run: (r) => r.users.findById(readUser.id) },
    { name: "users.getById", description: `user ${getUser.id}`, run: (r) => r.users.getById(getUser.id) },
    {
      name: "users.findByEmail",
      description: "a seeded email written in upper case",
      run: (r) => r.users.findByEmail(emailUser.email.toUpperCase()),
    },
    {
      name: "users.update",
      description: `rename ${updateUser.id}`,
      run: (r) => r.users.update(updateUser.id, { name: "Renamed Person" }),
    },
    {
      name: "users.delete",
      description: `${deleteUser.id}: memberships and a session cascade, assigned tasks become unassigned`,
      run: (r) => r.users.delete(deleteUser.id),
    },
    {
      name: "users.list",
      description: `search "${searchWord}", first page of 20`,
      run: (r) => r.users.list({ search: searchWord, limit: 20 }),
      small: { description: "same search, page of 3", run: (r) => r.users.list({ search: searchWord, limit: 3 }) },
    },
    // sessions
    {
      name: "sessions.create",
      description: `a session for ${sessionUser.id}`,
      run: (r) =>
        r.sessions.create({
          userId: sessionUser.id,
          tokenHash: sha256Hex("compare-session-token"),
          expiresAt: new Date(SEED_NOW.getTime() + DAY),
        }),
    },
    {
      name: "sessions.findActiveByTokenHash",
      description: "an active seeded session, at the seed's now",
      run: (r) => r.sessions.findActiveByTokenHash(activeSession.tokenHash, SEED_NOW),
    },
    {
      name: "sessions.revoke",
      description: `session ${revokedSession.id}`,
      run: (r) => r.sessions.revoke(revokedSession.id),
    },
    {
      name: "sessions.deleteExpired",
      description: "every session expired at the seed's now",
      run: (r) => r.sessions.deleteExpired(SEED_NOW),
      small: {
        description: "sessions expired 25 days before it",
        run: (r) => r.sessions.deleteExpired(new Date(SEED_NOW.getTime() - 25 * DAY)),
      },
    },
    // organizations
    {
      name: "organizations.createWithOwner",
      description: `a new organization owned by ${newOrgOwner.id}`,
      run: (r) =>
        r.organizations.createWithOwner({
          slug: "compare-new-org",
          name: "Compare New Org",
          plan: "PRO",
          ownerId: newOrgOwner.id,
        }),
    },
    {
      name: "organizations.findBySlug",
      description: `slug ${org0.slug}`,
      run: (r) => r.organizations.findBySlug(org0.slug),
    },
    {
      name: "organizations.listForUser",
      description: `${manyOrgsUser.id}, member of ${membershipCount(manyOrgsUser)} organizations`,
      run: (r) => r.organizations.listForUser(manyOrgsUser.id),
      small: {
        description: `${oneOrgUser.id}, member of 1 organization`,
        run: (r) => r.organizations.listForUser(oneOrgUser.id),
      },
    },
    {
      name: "organizations.addMember",
      description: `${newMember.id} joins ${targetOrg.slug}`,
      run: (r) => r.organizations.addMember({ organizationId: targetOrg.id, userId: newMember.id, role: "MEMBER" }),
    },
    {
      name: "organizations.changeRole",
      description: `${roleMember.id} becomes ADMIN of ${targetOrg.slug}`,
      run: (r) => r.organizations.changeRole({ organizationId: targetOrg.id, userId: roleMember.id, role: "ADMIN" }),
    },
    {
      name: "organizations.removeMember",
      description: `${removedMember.id} leaves ${removeOrg.slug}`,
      run: (r) => r.organizations.removeMember({ organizationId: removeOrg.id, userId: removedMember.id }),
    },
    // projects
    {
      name: "projects.create",
      description: `in ${org0.slug}, with metadata and tags`,
      run: (r) =>
        r.projects.create({
          organizationId: org0.id,
          ownerId: owner0,
          name: "Compare Project",
          status: "PAUSED",
          metadata: { priority: 2, nested: { ok: true }, list: [1, "two"] },
          tags: ["compare", "api"],
        }),
    },
    {
      name: "projects.getDetail",
      description: `${bigProject.id}, ${seed.taskCount(bigProject.id)} tasks`,
      run: (r) => r.projects.getDetail(bigProject.id),
    },
    {
      name: "projects.listByOrganization",
      description: `${org0.slug}, by name, first page of 20 with total`,
      run: (r) =>
        r.projects.listByOrganization({
          organizationId: org0.id,
          sort: { field: "name", direction: "asc" },
          limit: 20,
        }),
      small: {
        description: "page of 3",
        run: (r) =>
          r.projects.listByOrganization({
            organizationId: org0.id,
            sort: { field: "name", direction: "asc" },
            limit: 3,
          }),
      },
    },
    {
      name: "projects.updateStatus",
      description: `${statusProject.id} to COMPLETED, audited`,
      run: (r) => r.projects.updateStatus({ projectId: statusProject.id, status: "COMPLETED", actorId: owner0 }),
    },
    {
      name: "projects.archive",
      description: `${archiveProject.id}, audited`,
      run: (r) => r.projects.archive({ projectId: archiveProject.id, actorId: owner0 }),
    },
    { name: "projects.statusSummary", description: `${org0.slug}`, run: (r) => r.projects.statusSummary(org0.id) },
    // tasks
    {
      name: "tasks.createMany",
      description: `25 tasks appended to ${createManyProject.id}`,
      run: (r) => r.tasks.createMany(createManyProject.id, newTasks(25, "Bulk task")),
      small: {
        description: "2 tasks",
        run: (r) => r.tasks.createMany(createManyProject.id, newTasks(2, "Small batch task")),
      },
    },
    {
      name: "tasks.assign",
      description: `${assignTask.id} to a member of its organization`,
      run: (r) => r.tasks.assign({ taskId: assignTask.id, assigneeId: assignOrgMember }),
    },
    {
      name: "tasks.reorder",
      description: `${reorderBig.id}: its ${seed.taskCount(reorderBig.id)} tasks reversed`,
      run: (r) => r.tasks.reorder(reorderBig.id, reversed(reorderBig.id)),
      small: {
        description: `${reorderSmall.id}: its ${seed.taskCount(reorderSmall.id)} tasks reversed`,
        run: (r) => r.tasks.reorder(reorderSmall.id, reversed(reorderSmall.id)),
      },
    },
    {
      name: "tasks.listForProject",
      description: `${bigProject.id}: ${seed.taskCount(bigProject.id)} tasks with assignees`,
      run: (r) => r.tasks.listForProject(bigProject.id),
      small: {
        description: `${smallProject.id}: ${seed.taskCount(smallProject.id)} tasks`,
        run: (r) => r.tasks.listForProject(smallProject.id),
      },
    },
    // downloads
    {
      name: "downloads.upsertRelease",
      description: `existing release ${downloadToUpdate.version}/${downloadToUpdate.platform} gets a new url`,
      run: (r) =>
        r.downloads.upsertRelease({
          version: downloadToUpdate.version,
          platform: downloadToUpdate.platform,
          url: "https://mirror.example.com/moved.tar.gz",
          releasedAt: new Date(SEED_NOW.getTime() - DAY),
        }),
    },
    {
      name: "downloads.latestPerPlatform",
      description: "latest release per platform",
      run: (r) => r.downloads.latestPerPlatform(),
    },
    {
      name: "downloads.recordDownload",
      description: `${downloadToCount.version}/${downloadToCount.platform}`,
      run: (r) => r.downloads.recordDownload({ version: downloadToCount.version, platform: downloadToCount.platform }),
    },
    // audit
    {
      name: "audit.append",
      description: `a comment on ${historyProject.id}`,
      run: (r) =>
        r.audit.append({
          organizationId: historyProject.organizationId,
          actorId: owner0,
          entityType: "project",
          entityId: historyProject.id,
          action: "project.commented",
          after: { text: "compare" },
        }),
    },
    {
      name: "audit.listForEntity",
      description: `${historyProject.id} (${auditCount(historyProject.id) + 1} entries), first page of 20`,
      run: (r) => r.audit.listForEntity({ entityType: "project", entityId: historyProject.id, limit: 20 }),
      small: {
        description: "first page of 3",
        run: (r) => r.audit.listForEntity({ entityType: "project", entityId: historyProject.id, limit: 3 }),
      },
    },
    // a unit of work spanning aggregates
    {
      name: "transaction",
      description: "unit of work: an organization, a project in it and 3 tasks",
      run: (r) =>
        r.transaction(async (tx) => {
          const { organization } = await tx.organizations.createWithOwner({
            slug: "compare-uow",
            name: "Compare UoW",
            ownerId: newOrgOwner.id,
          });
          const project = await tx.projects.create({
            organizationId: organization.id,
            ownerId: newOrgOwner.id,
            name: "UoW Project",
          });
          const created = await tx.tasks.createMany(project.id, newTasks(3, "UoW task"));
          return { organization, project, created };
        }),
    },
    // failure paths: what an operation costs when it is refused
    {
      name: "users.create [email taken]",
      description: "an existing email",
      expectError: "CONFLICT",
      run: (r) => r.users.create({ email: readUser.email, name: "Duplicate" }),
    },
    {
      name: "projects.getDetail [missing]",
      description: "an id that does not exist",
      expectError: "NOT_FOUND",
      run: (r) => r.projects.getDetail("prj_does_not_exist"),
    },
  ];
}
