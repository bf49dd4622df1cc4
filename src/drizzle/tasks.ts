/**
 * Tasks through Drizzle: a bulk insert that is one INSERT whatever the batch size, a membership
 * check inside the assigning UPDATE, and a reorder that is one UPDATE ... FROM. Every statement is
 * built once per context (task-statements.ts); a call binds values only.
 */
import { newId } from "../domain/ids.ts";
import { forbidden, notFound, validation } from "../domain/errors.ts";
import type { TaskRepository } from "../repositories/tasks.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toTask, toTaskWithAssignee } from "./mappers.ts";
import {
  assignStatement,
  createManyStatement,
  listForProjectStatement,
  projectTaskIdsStatement,
  reorderStatement,
  taskExistsStatement,
  unassignStatement,
} from "./task-statements.ts";

/** The task repository on `ctx`. */
export function drizzleTasks({ db, prepared }: DrizzleContext): TaskRepository {
  const statement = <T>(key: string, build: (db: DrizzleContext["db"], name: string) => T) =>
    prepared(key, (name) => build(db, name));
  return {
    // An unknown project fails the foreign key (NOT_FOUND).
    createMany: (projectId, list) =>
      translateErrors(async () => {
        const batch = JSON.stringify(list.map((t) => ({ id: newId(), title: t.title, status: t.status ?? "TODO" })));
        const [row] = await statement("tasks.createMany", createManyStatement).execute({
          projectId,
          batch,
          now: new Date(),
        });
        return row!.n;
      }),

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

    // One read (the project and its task ids, so an unknown project is told apart from an empty
    // one), then one UPDATE ... FROM the ordered id list: a single statement is atomic by itself.
    reorder: (projectId, orderedTaskIds) =>
      translateErrors(async () => {
        const rows = await statement("tasks.projectTaskIds", projectTaskIdsStatement).execute({ projectId });
        if (rows.length === 0) throw notFound("Project", { id: projectId });
        const current = new Set(rows.flatMap((r) => (r.taskId === null ? [] : [r.taskId])));
        if (current.size !== orderedTaskIds.length || orderedTaskIds.some((id) => !current.has(id))) {
          throw validation("orderedTaskIds", "must list each of the project's tasks exactly once");
        }
        if (orderedTaskIds.length === 0) return;
        const ids = JSON.stringify(orderedTaskIds);
        await statement("tasks.reorder", reorderStatement).execute({ projectId, ids, now: new Date() });
      }),

    // A LEFT JOIN for the optional assignee, read flat and mapped in one step per row.
    listForProject: (projectId) =>
      translateErrors(async () => {
        const rows = await statement("tasks.listForProject", listForProjectStatement).execute({ projectId });
        return rows.map(toTaskWithAssignee);
      }),
  };
}
