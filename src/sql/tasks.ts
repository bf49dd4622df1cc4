/**
 * Tasks in hand-written SQL.
 *
 * createMany and reorder work on "the project's tasks" as a whole, so concurrent calls on one
 * project must not interleave: each first locks the project row (FOR NO KEY UPDATE: it queues
 * appenders and reorders but not foreign-key checks), then reads the tasks in a SECOND statement.
 * Under READ COMMITTED a statement sees what committed before it started; had the lock and the read
 * been one statement, a caller that waited for the lock would still compute positions from the
 * tasks as they were before the previous holder committed, and hand out the same positions twice.
 * That costs a transaction (BEGIN, lock, write, COMMIT); everything else is one statement.
 */
import { forbidden, notFound, validation } from "../domain/errors.ts";
import type { TaskRepository } from "../repositories/tasks.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { onlyRow, type TaskRow, toTask } from "./rows.ts";

const TASK_COLUMNS = "id, project_id, title, status, assignee_id, position, created_at, updated_at";

const LOCK_PROJECT = named(
  "orm_switch.sql.tasks.lock_project",
  `
  SELECT id
  FROM projects
  WHERE id = $1
  FOR NO KEY UPDATE`,
);

// One multi-row INSERT from parallel arrays (unnest keeps the statement's text and parameter count
// fixed whatever the batch size). WITH ORDINALITY numbers the rows in the given order; positions
// continue after the project's highest one, read backwards on the (project_id, position) index.
const INSERT_TASKS = named(
  "orm_switch.sql.tasks.insert_tasks",
  `
  INSERT INTO tasks (id, project_id, title, status, position, created_at, updated_at)
  SELECT batch.id, $1, batch.title, batch.status, (next.position + batch.ordinal - 1)::int, $5, $5
  FROM (SELECT COALESCE(max(position) + 1, 0) AS position FROM tasks WHERE project_id = $1) AS next
  CROSS JOIN unnest($2::text[], $3::text[], $4::"TaskStatus"[]) WITH ORDINALITY AS batch(id, title, status, ordinal)`,
);

// The assignee must be a member of the task's project's organization: the UPDATE runs only when
// that membership exists, and FOR KEY SHARE keeps it from being deleted until the transaction ends.
// `task_found` tells NOT_FOUND from FORBIDDEN when nothing was updated.
const ASSIGN_TASK = named(
  "orm_switch.sql.tasks.assign_task",
  `
  WITH membership AS (
    SELECT m.user_id
    FROM tasks       AS t
    JOIN projects    AS p ON p.id = t.project_id
    JOIN memberships AS m ON m.organization_id = p.organization_id AND m.user_id = $2
    WHERE t.id = $1
    FOR KEY SHARE OF m
  ), updated AS (
    UPDATE tasks
    SET assignee_id = membership.user_id, updated_at = $3
    FROM membership
    WHERE tasks.id = $1
    RETURNING tasks.id, tasks.project_id, tasks.title, tasks.status, tasks.assignee_id, tasks.position, tasks.created_at, tasks.updated_at
  )
  SELECT found.task_found, updated.*
  FROM (SELECT EXISTS (SELECT 1 FROM tasks WHERE id = $1) AS task_found) AS found
  LEFT JOIN updated ON true`,
);

const UNASSIGN_TASK = named(
  "orm_switch.sql.tasks.unassign_task",
  `
  UPDATE tasks
  SET assignee_id = NULL, updated_at = $2
  WHERE id = $1
  RETURNING ${TASK_COLUMNS}`,
);

// Runs after LOCK_PROJECT. The ids must be exactly the project's tasks: as many ids as tasks and
// none outside them (the boundary already refused repeated ids). Only then does the UPDATE write;
// `ok` reports the verdict either way.
const REORDER_TASKS = named(
  "orm_switch.sql.tasks.reorder_tasks",
  `
  WITH wanted AS (
    SELECT id, (ordinal - 1)::int AS position
    FROM unnest($2::text[]) WITH ORDINALITY AS w(id, ordinal)
  ), current AS (
    SELECT id FROM tasks WHERE project_id = $1
  ), verdict AS (
    SELECT (SELECT count(*) FROM current) = cardinality($2::text[])
       AND NOT EXISTS (SELECT id FROM wanted EXCEPT SELECT id FROM current) AS ok
  ), updated AS (
    UPDATE tasks AS t
    SET position = wanted.position, updated_at = $3
    FROM wanted, verdict
    WHERE verdict.ok AND t.id = wanted.id AND t.project_id = $1
    RETURNING t.id
  )
  SELECT verdict.ok FROM verdict`,
);

const LIST_TASKS_WITH_ASSIGNEE = named(
  "orm_switch.sql.tasks.list_tasks_with_assignee",
  `
  SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.position, t.created_at, t.updated_at,
         u.email AS assignee_email,
         u.name  AS assignee_name
  FROM tasks AS t
  LEFT JOIN users AS u ON u.id = t.assignee_id
  WHERE t.project_id = $1
  ORDER BY t.position, t.id`,
);

interface TaskWithAssigneeRow extends TaskRow {
  assignee_email: string | null;
  assignee_name: string | null;
}

/** The task repository on `db`. */
export function sqlTasks(db: SqlExecutor): TaskRepository {
  /** Locks the project for a whole-list change. @throws NOT_FOUND */
  const lockProject = async (tx: SqlExecutor, projectId: string) => {
    const { rowCount } = await tx.query(LOCK_PROJECT, [projectId]);
    if (rowCount === 0) throw notFound("Project", { id: projectId });
  };

  return {
    createMany: (projectId, tasks) =>
      translateErrors(() =>
        db.transaction(async (tx) => {
          await lockProject(tx, projectId);
          const ids = tasks.map(() => newId());
          const titles = tasks.map((t) => t.title);
          const statuses = tasks.map((t) => t.status ?? "TODO");
          const { rowCount } = await tx.query(INSERT_TASKS, [projectId, ids, titles, statuses, new Date()]);
          return rowCount;
        }),
      ),

    assign: (input) =>
      translateErrors(async () => {
        const { taskId, assigneeId } = input;
        if (assigneeId === null) {
          const { rows } = await db.query<TaskRow>(UNASSIGN_TASK, [taskId, new Date()]);
          if (!rows[0]) throw notFound("Task", { id: taskId });
          return toTask(rows[0]);
        }
        const row = onlyRow(
          (await db.query<{ task_found: boolean } & TaskRow>(ASSIGN_TASK, [taskId, assigneeId, new Date()])).rows,
        );
        if (!row.task_found) throw notFound("Task", { id: taskId });
        if (row.id === null)
          throw forbidden("the assignee is not a member of the project's organization", { taskId, assigneeId });
        return toTask(row);
      }),

    reorder: (projectId, orderedTaskIds) =>
      translateErrors(() =>
        db.transaction(async (tx) => {
          await lockProject(tx, projectId);
          const { ok } = onlyRow(
            (await tx.query<{ ok: boolean }>(REORDER_TASKS, [projectId, orderedTaskIds, new Date()])).rows,
          );
          if (!ok) throw validation("orderedTaskIds", "must list each of the project's tasks exactly once");
        }),
      ),

    listForProject: (projectId) =>
      translateErrors(async () => {
        const { rows } = await db.query<TaskWithAssigneeRow>(LIST_TASKS_WITH_ASSIGNEE, [projectId]);
        return rows.map((r) => ({
          ...toTask(r),
          assignee:
            r.assignee_id === null ? null : { id: r.assignee_id, email: r.assignee_email!, name: r.assignee_name! },
        }));
      }),
  };
}
