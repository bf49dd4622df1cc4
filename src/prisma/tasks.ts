import { forbidden, notFound, validation } from "../domain/errors.ts";
import type { TaskRepository } from "../repositories/tasks.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";
import type { Prisma } from "./generated/client.ts";
import { toUserSummary, userSummarySelect } from "./mappers.ts";

/**
 * Locks the project row (raw SQL: Prisma has no `FOR UPDATE`) so concurrent appends and reorders of
 * one project take turns instead of computing positions from the same snapshot. False if it does not exist.
 */
async function lockProject(tx: Prisma.TransactionClient, projectId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM projects WHERE id = ${projectId} FOR UPDATE`;
  return rows.length === 1;
}

export function prismaTasks({ db, atomically }: PrismaContext): TaskRepository {
  return {
    createMany: (projectId, tasks) =>
      translating("Task", "write", () =>
        atomically(async (tx) => {
          if (!(await lockProject(tx, projectId))) throw notFound("Project", { id: projectId });
          const { _max } = await tx.task.aggregate({ where: { projectId }, _max: { position: true } });
          const start = (_max.position ?? -1) + 1;
          // createManyAndReturn (ids only) rather than createMany: a recorded workload then holds the
          // new rows' ids, so a replay can map later calls on these tasks (createMany returns a count).
          const created = await tx.task.createManyAndReturn({
            data: tasks.map((t, i) => ({ projectId, title: t.title, status: t.status, position: start + i })),
            select: { id: true },
          });
          return created.length;
        }),
      ),
    assign: ({ taskId, assigneeId }) =>
      translating("Task", "write", async () => {
        const task = await db.task.findUnique({
          where: { id: taskId },
          select: { project: { select: { organizationId: true } } },
        });
        if (!task) throw notFound("Task", { id: taskId });
        if (assigneeId !== null) {
          const membership = await db.membership.findUnique({
            where: { organizationId_userId: { organizationId: task.project.organizationId, userId: assigneeId } },
            select: { id: true },
          });
          if (!membership)
            throw forbidden("the assignee must be a member of the project's organization", { taskId, assigneeId });
        }
        return db.task.update({ where: { id: taskId }, data: { assigneeId } });
      }),
    reorder: (projectId, orderedTaskIds) =>
      translating("Task", "write", () =>
        atomically(async (tx) => {
          if (!(await lockProject(tx, projectId))) throw notFound("Project", { id: projectId });
          const current = await tx.task.findMany({ where: { projectId }, select: { id: true } });
          const known = new Set(current.map((t) => t.id));
          if (current.length !== orderedTaskIds.length || !orderedTaskIds.every((id) => known.has(id))) {
            throw validation("orderedTaskIds", "must list each of the project's tasks exactly once");
          }
          // Prisma has no bulk update with a different value per row: one UPDATE per task, in one transaction.
          for (const [position, id] of orderedTaskIds.entries()) {
            await tx.task.update({ where: { id }, data: { position } });
          }
        }),
      ),
    listForProject: (projectId) =>
      translating("Task", "write", async () => {
        const rows = await db.task.findMany({
          where: { projectId },
          include: { assignee: { select: userSummarySelect } },
          orderBy: [{ position: "asc" }, { id: "asc" }],
        });
        return rows.map((row) => ({ ...row, assignee: row.assignee ? toUserSummary(row.assignee) : null }));
      }),
  };
}
