import { forbidden, notFound } from "../domain/errors.ts";
import { PROJECT_STATUSES, TASK_STATUSES, type ProjectStatus, type TaskStatus } from "../domain/types.ts";
import type { ListProjectsQuery, ProjectRepository } from "../repositories/projects.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";
import { toProject, toUserSummary, userSummarySelect } from "./mappers.ts";
import { escapeLike } from "../domain/search.ts";

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

export function prismaProjects({ db, atomically }: PrismaContext): ProjectRepository {
  const changeStatus = (projectId: string, status: ProjectStatus, actorId: string, action: string) =>
    translating("Project", "write", () =>
      atomically(async (tx) => {
        const before = await tx.project.findUnique({ where: { id: projectId }, select: { status: true } });
        if (!before) throw notFound("Project", { id: projectId });
        const project = await tx.project.update({ where: { id: projectId }, data: { status } });
        await tx.auditLog.create({
          data: {
            organizationId: project.organizationId,
            actorId,
            entityType: "project",
            entityId: projectId,
            action,
            before: { status: before.status },
            after: { status },
          },
        });
        return toProject(project);
      }),
    );

  return {
    create: ({ organizationId, ownerId, name, status, metadata, tags }) =>
      translating("Project", "write", async () => {
        const organization = await db.organization.findUnique({
          where: { id: organizationId },
          select: { id: true, memberships: { where: { userId: ownerId }, select: { id: true } } },
        });
        if (!organization) throw notFound("Organization", { id: organizationId });
        if (organization.memberships.length === 0)
          throw forbidden("the owner must be a member of the organization", { organizationId, ownerId });
        return toProject(
          await db.project.create({
            data: { organizationId, ownerId, name, status, metadata: metadata ?? {}, tags: tags ?? [] },
          }),
        );
      }),
    getDetail: (projectId) =>
      translating("Project", "write", async () => {
        const [project, counts] = await Promise.all([
          db.project.findUnique({ where: { id: projectId }, include: { owner: { select: userSummarySelect } } }),
          db.task.groupBy({ by: ["status"], where: { projectId }, _count: { _all: true } }),
        ]);
        if (!project) throw notFound("Project", { id: projectId });
        const taskCounts = zeros<TaskStatus>(TASK_STATUSES);
        for (const row of counts) taskCounts[row.status] = row._count._all;
        const { owner, ...rest } = project;
        return { ...toProject(rest), owner: toUserSummary(owner), taskCounts };
      }),
    listByOrganization: ({ organizationId, status, tag, search, sort, offset, limit }: ListProjectsQuery) =>
      translating("Project", "write", async () => {
        const where = {
          organizationId,
          ...(status ? { status } : {}),
          ...(tag ? { tags: { has: tag } } : {}),
          ...(search ? { name: { contains: escapeLike(search), mode: "insensitive" as const } } : {}),
        };
        // The page and the total belong together: one transaction (or the unit of work already open).
        const [rows, total] = await atomically(
          async (tx) =>
            [
              await tx.project.findMany({
                where,
                orderBy: [{ [sort.field]: sort.direction }, { id: "asc" }],
                skip: offset,
                take: limit,
              }),
              await tx.project.count({ where }),
            ] as const,
        );
        return { items: rows.map(toProject), total };
      }),
    updateStatus: ({ projectId, status, actorId }) =>
      changeStatus(projectId, status, actorId, "project.status_changed"),
    archive: ({ projectId, actorId }) => changeStatus(projectId, "ARCHIVED", actorId, "project.archived"),
    statusSummary: (organizationId) =>
      translating("Project", "write", async () => {
        const rows = await db.project.groupBy({ by: ["status"], where: { organizationId }, _count: { _all: true } });
        const summary = zeros<ProjectStatus>(PROJECT_STATUSES);
        for (const row of rows) summary[row.status] = row._count._all;
        return summary;
      }),
  };
}
