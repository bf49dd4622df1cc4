/**
 * Tasks through Drizzle: a bulk insert that is one INSERT whatever the batch size, a membership
 * check inside the assigning UPDATE, and a reorder that is one UPDATE ... FROM.
 */
import { newId } from "../domain/ids.ts";
import { and, asc, count, eq, exists, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import { forbidden, notFound, validation } from "../domain/errors.ts";
import type { TaskRepository } from "../repositories/tasks.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toTask, toUserSummary } from "./mappers.ts";
import { memberships, projects, taskStatusEnum, tasks, users } from "./schema.ts";
import { valueOf } from "./sql-helpers.ts";

/** The task repository on `ctx`. */
export function drizzleTasks({ db, prepared }: DrizzleContext): TaskRepository {
  // The hot read, prepared once (DrizzleContext.prepared).
  const withAssignees = () =>
    prepared("tasks.listForProject", (name) =>
      db
        .select({ task: tasks, assignee: { id: users.id, email: users.email, name: users.name } })
        .from(tasks)
        .leftJoin(users, eq(users.id, tasks.assigneeId))
        .where(eq(tasks.projectId, sql.placeholder("projectId")))
        .orderBy(asc(tasks.position), asc(tasks.id))
        .prepare(name),
    );
  return {
    // The whole batch travels as ONE jsonb parameter and is unnested WITH ORDINALITY, so the
    // statement text and parameter count do not grow with the batch (1000 rows would otherwise be
    // 8000 bind parameters). Positions continue after the project's current maximum, read by an
    // uncorrelated sub-select that PostgreSQL evaluates once. An unknown project fails the foreign
    // key (NOT_FOUND). The count comes back from a CTE around the INSERT.
    createMany: (projectId, list) =>
      translateErrors(async () => {
        const now = new Date();
        const batch = JSON.stringify(list.map((t) => ({ id: newId(), title: t.title, status: t.status ?? "TODO" })));
        const firstPosition = db
          .select({ next: sql<number>`coalesce(max(${tasks.position}) + 1, 0)` })
          .from(tasks)
          .where(eq(tasks.projectId, projectId));
        const rows = (qb: QueryBuilder) =>
          qb
            .select({
              id: sql<string>`item.value ->> 'id'`.as("id"),
              projectId: valueOf(tasks.projectId, projectId).as("project_id"),
              title: sql<string>`item.value ->> 'title'`.as("title"),
              status: sql`(item.value ->> 'status')::${sql.identifier(taskStatusEnum.enumName)}`.as("status"),
              assigneeId: sql`null`.as("assignee_id"),
              position: sql<number>`(${firstPosition}) + item.ordinal - 1`.as("position"),
              createdAt: valueOf(tasks.createdAt, now).as("created_at"),
              updatedAt: valueOf(tasks.updatedAt, now).as("updated_at"),
            })
            .from(sql`jsonb_array_elements(${batch}::jsonb) with ordinality as item(value, ordinal)`);
        const inserted = db.$with("inserted").as(db.insert(tasks).select(rows).returning({ id: tasks.id }));
        const [row] = await db.with(inserted).select({ n: count() }).from(inserted);
        return row!.n;
      }),

    // Setting an assignee is one UPDATE that only matches when the assignee is a member of the
    // task's project's organization; a second query runs only to tell NOT_FOUND from FORBIDDEN.
    assign: (input) =>
      translateErrors(async () => {
        const isMember =
          input.assigneeId === null
            ? undefined
            : exists(
                db
                  .select({ one: sql`1` })
                  .from(projects)
                  .innerJoin(memberships, eq(memberships.organizationId, projects.organizationId))
                  .where(and(eq(projects.id, tasks.projectId), eq(memberships.userId, input.assigneeId))),
              );
        const [row] = await db
          .update(tasks)
          .set({ assigneeId: input.assigneeId })
          .where(and(eq(tasks.id, input.taskId), isMember))
          .returning();
        if (row) return toTask(row);
        const [task] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, input.taskId));
        if (!task) throw notFound("Task", { id: input.taskId });
        throw forbidden("the assignee is not a member of the project's organization", {
          taskId: input.taskId,
          assigneeId: input.assigneeId,
        });
      }),

    // One read (the project and its task ids, so an unknown project is told apart from an empty
    // one), then one UPDATE ... FROM the ordered id list: a single statement is atomic by itself,
    // and rows already in place are not rewritten.
    reorder: (projectId, orderedTaskIds) =>
      translateErrors(async () => {
        const rows = await db
          .select({ taskId: tasks.id })
          .from(projects)
          .leftJoin(tasks, eq(tasks.projectId, projects.id))
          .where(eq(projects.id, projectId));
        if (rows.length === 0) throw notFound("Project", { id: projectId });
        const current = new Set(rows.flatMap((r) => (r.taskId === null ? [] : [r.taskId])));
        if (current.size !== orderedTaskIds.length || orderedTaskIds.some((id) => !current.has(id))) {
          throw validation("orderedTaskIds", "must list each of the project's tasks exactly once");
        }
        if (orderedTaskIds.length === 0) return;
        await db
          .update(tasks)
          .set({ position: sql`wanted.ordinal - 1` })
          .from(
            sql`jsonb_array_elements_text(${JSON.stringify(orderedTaskIds)}::jsonb) with ordinality as wanted(id, ordinal)`,
          )
          // Every listed task is written, moved or not, so each one's updatedAt is bumped as the contract says.
          .where(and(eq(tasks.id, sql`wanted.id`), eq(tasks.projectId, projectId)));
      }),

    // A LEFT JOIN for the optional assignee: Drizzle returns `assignee: null` when nothing joined.
    listForProject: (projectId) =>
      translateErrors(async () => {
        const rows = await withAssignees().execute({ projectId });
        return rows.map((r) => ({ ...toTask(r.task), assignee: r.assignee ? toUserSummary(r.assignee) : null }));
      }),
  };
}
