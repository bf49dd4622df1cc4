/**
 * Tasks through Drizzle: a bulk insert that is one INSERT whatever the batch size, a membership
 * check inside the assigning UPDATE, and a reorder that is one UPDATE ... FROM. Every statement is
 * built once per context (task-statements.ts); a call binds values only.
 *
 * createMany and reorder work on "the project's tasks" as a whole, so concurrent calls on one
 * project must take turns: each runs in a transaction that first locks the project row, then reads
 * or writes the tasks in LATER statements. Under READ COMMITTED a statement sees what committed
 * before it started: a single statement that locked and computed positions would, after waiting for
 * the lock, still compute them from the tasks as they were before the previous holder committed, and
 * hand out the same positions twice.
 */
import { newId } from "../domain/ids.ts";
import { forbidden, notFound, validation } from "../domain/errors.ts";
import type { TaskRepository } from "../repositories/tasks.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toTask, toTaskWithAssignee } from "./mappers.ts";
import {
  assignStatement,
  createManyStatement,
  listForProjectStatement,
  lockProjectStatement,
  reorderStatement,
  taskExistsStatement,
  unassignStatement,
} from "./task-statements.ts";

/** The task repository on `ctx`. */
export function drizzleTasks(ctx: DrizzleContext): TaskRepository {
  const { db, prepared } = ctx;
  const statement = <T>(key: string, build: (db: DrizzleContext["db"], name: string) => T) =>
    prepared(key, (name) => build(db, name));

  /** Locks the project for a whole-list change, inside `tx`. @throws NOT_FOUND */
  const lockProject = async (tx: DrizzleDb, projectId: string) => {
    const rows = await statement("tasks.lockProject", lockProjectStatement).execute(tx, { projectId });
    if (rows.length === 0) throw notFound("Project", { id: projectId });
  };

  return {
    // Lock, then one INSERT whose positions continue after the (now settled) last one.
    createMany: (projectId, list) =>
      translateErrors(() =>
        ctx.atomic(async (tx) => {
          await lockProject(tx, projectId);
          const batch = JSON.stringify(list.map((t) => ({ id: newId(), title: t.title, status: t.status ?? "TODO" })));
          const values = { projectId, batch, now: new Date() };
          const [row] = await statement("tasks.createMany", createManyStatement).execute(tx, values);
          return row!.n;
        }),
      ),

    // One UPDATE that only matches a member assignee; a second query runs only to tell NOT_FOUND
    // from FORBIDDEN.
    assign: ({ taskId, assigneeId }) =>
      translateErrors(async () => {
        const now = new Date();
        const [row] =
          assigneeId === null
            ? await statement("tasks.unassign", unassignStatement).execute({ taskId, now })
            : await statement("tasks.assign", assignStatement).execute({ taskId, assigneeId, now });
        if (row) return toTask(row);
        const [task] = await statement("tasks.exists", taskExistsStatement).execute({ taskId });
        if (!task) throw notFound("Task", { id: taskId });
        throw forbidden("the assignee is not a member of the project's organization", { taskId, assigneeId });
      }),

    // Lock, then one statement that checks the list against the project's tasks and, only if it
    // matches, writes every position. The lock keeps an append from slipping in between.
    reorder: (projectId, orderedTaskIds) =>
      translateErrors(() =>
        ctx.atomic(async (tx) => {
          await lockProject(tx, projectId);
          const values = { projectId, ids: JSON.stringify(orderedTaskIds), now: new Date() };
          const [verdict] = await statement("tasks.reorder", reorderStatement).execute(tx, values);
          if (!verdict?.ok) throw validation("orderedTaskIds", "must list each of the project's tasks exactly once");
        }),
      ),

    // A LEFT JOIN for the optional assignee, read flat and mapped in one step per row.
    listForProject: (projectId) =>
      translateErrors(async () => {
        const rows = await statement("tasks.listForProject", listForProjectStatement).execute({ projectId });
        return rows.map(toTaskWithAssignee);
      }),
  };
}
