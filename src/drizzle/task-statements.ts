/**
 * The task repository's statements, each built once per context with named placeholders
 * (DrizzleContext.prepared), so a call only binds values. Batches travel as ONE jsonb parameter,
 * so a statement's text and parameter count do not depend on the batch size.
 *
 * createMany and reorder run inside a transaction they open themselves, after locking the project
 * row (tasks.ts says why): their statements are session statements (session-statement.ts), built
 * once too but run on the transaction's connection, not on whatever connection the pool hands out.
 *
 * `updated_at` is always an explicit `now` placeholder: the schema's `$onUpdate` is evaluated when a
 * statement is BUILT, so a statement built once would otherwise write its first call's time forever.
 */
import { and, asc, count, eq, exists, getTableColumns, sql } from "drizzle-orm";
import type { QueryBuilder } from "drizzle-orm/pg-core";
import type { DrizzleDb } from "./context.ts";
import { memberships, projects, taskStatusEnum, tasks, users } from "./schema.ts";
import { sessionStatement } from "./session-statement.ts";
import { placeholderOf } from "./sql-helpers.ts";

/**
 * `listForProject`: the tasks with their optional assignee (LEFT JOIN), by position then id. A flat
 * row (no nested `{ task, assignee }` selection): the mapper builds each domain object in one step
 * instead of Drizzle nesting every row and the mapper copying it again (hundreds of rows per call).
 */
export function listForProjectStatement(db: DrizzleDb, name: string) {
  return db
    .select({ ...getTableColumns(tasks), assigneeEmail: users.email, assigneeName: users.name })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(eq(tasks.projectId, sql.placeholder("projectId")))
    .orderBy(asc(tasks.position), asc(tasks.id))
    .prepare(name);
}

/**
 * `createMany` and `reorder`'s first statement: locks the project row (FOR NO KEY UPDATE: it queues
 * appends and reorders of the project, not foreign-key checks of other writers), one row with its id
 * if it exists, none if not. Placeholder: projectId.
 */
export function lockProjectStatement(db: DrizzleDb, name: string) {
  const lock = db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.id, sql.placeholder("projectId")))
    .for("no key update");
  return sessionStatement(lock.toSQL(), name, ([id]) => ({ id: id as string }));
}

/**
 * `createMany`, after the lock: one INSERT ... SELECT over `jsonb_array_elements(batch) WITH ORDINALITY`; positions
 * continue after the project's current maximum (an uncorrelated sub-select, evaluated once). The
 * count comes back from a CTE around the INSERT. Placeholders: projectId, batch (a JSON array of
 * `{id, title, status}`), now.
 */
export function createManyStatement(db: DrizzleDb, name: string) {
  const firstPosition = db
    .select({ next: sql<number>`coalesce(max(${tasks.position}) + 1, 0)` })
    .from(tasks)
    .where(eq(tasks.projectId, sql.placeholder("projectId")));
  const rows = (qb: QueryBuilder) =>
    qb
      .select({
        id: sql<string>`item.value ->> 'id'`.as("id"),
        projectId: sql<string>`${sql.placeholder("projectId")}::text`.as("project_id"),
        title: sql<string>`item.value ->> 'title'`.as("title"),
        status: sql`(item.value ->> 'status')::${sql.identifier(taskStatusEnum.enumName)}`.as("status"),
        assigneeId: sql`null`.as("assignee_id"),
        position: sql<number>`(${firstPosition}) + item.ordinal - 1`.as("position"),
        createdAt: placeholderOf(tasks.createdAt, "now").as("created_at"),
        updatedAt: placeholderOf(tasks.updatedAt, "now").as("updated_at"),
      })
      .from(sql`jsonb_array_elements(${sql.placeholder("batch")}::jsonb) with ordinality as item(value, ordinal)`);
  const inserted = db.$with("inserted").as(db.insert(tasks).select(rows).returning({ id: tasks.id }));
  const counted = db.with(inserted).select({ n: count() }).from(inserted);
  return sessionStatement(counted.toSQL(), name, ([n]) => ({ n: Number(n) }));
}

/**
 * `assign` to a user: an UPDATE that only matches when the assignee is a member of the task's
 * project's organization. Placeholders: taskId, assigneeId, now.
 */
export function assignStatement(db: DrizzleDb, name: string) {
  const isMember = exists(
    db
      .select({ one: sql`1` })
      .from(projects)
      .innerJoin(memberships, eq(memberships.organizationId, projects.organizationId))
      .where(and(eq(projects.id, tasks.projectId), eq(memberships.userId, sql.placeholder("assigneeId")))),
  );
  return db
    .update(tasks)
    .set({ assigneeId: sql`${sql.placeholder("assigneeId")}::text`, updatedAt: placeholderOf(tasks.updatedAt, "now") })
    .where(and(eq(tasks.id, sql.placeholder("taskId")), isMember))
    .returning()
    .prepare(name);
}

/** `assign(null)`: clears the assignee. Placeholders: taskId, now. */
export function unassignStatement(db: DrizzleDb, name: string) {
  return db
    .update(tasks)
    .set({ assigneeId: null, updatedAt: placeholderOf(tasks.updatedAt, "now") })
    .where(eq(tasks.id, sql.placeholder("taskId")))
    .returning()
    .prepare(name);
}

/** Whether a task exists (tells NOT_FOUND from FORBIDDEN after an assignment matched nothing). */
export function taskExistsStatement(db: DrizzleDb, name: string) {
  return db
    .select({ id: tasks.id })
    .from(tasks)
    .where(eq(tasks.id, sql.placeholder("taskId")))
    .prepare(name);
}

/**
 * `reorder`, after the lock: one statement that checks the wanted ids are exactly the project's
 * tasks (`ok`; ids arrive without repeats, with-validation.ts rejects those) and, only if so,
 * updates every listed task's position to its index in the list (an UPDATE ... FROM in a CTE). Every
 * listed task is written, moved or not, so each one's updatedAt is bumped as the contract says.
 * One round trip where a read then a write took two. Placeholders: projectId, ids (a JSON array
 * of ids), now.
 */
export function reorderStatement(db: DrizzleDb, name: string) {
  const wanted = sql`jsonb_array_elements_text(${sql.placeholder("ids")}::jsonb) with ordinality as wanted(id, ordinal)`;
  const projectTasks = db
    .select({ id: tasks.id })
    .from(tasks)
    .where(eq(tasks.projectId, sql.placeholder("projectId")));
  const verdict = db.$with("verdict").as(
    db
      .select({
        ok: sql<boolean>`(select count(*) from (${projectTasks}) as current) = jsonb_array_length(${sql.placeholder("ids")}::jsonb)
          and not exists (select wanted.id from ${wanted} except ${projectTasks})`.as("ok"),
      })
      .from(sql`(select 1) as one`),
  );
  const updated = db.$with("updated").as(
    db
      .update(tasks)
      .set({ position: sql`wanted.ordinal - 1`, updatedAt: placeholderOf(tasks.updatedAt, "now") })
      .from(sql`${wanted} cross join verdict`)
      .where(and(sql`verdict.ok`, eq(tasks.id, sql`wanted.id`), eq(tasks.projectId, sql.placeholder("projectId"))))
      .returning({ id: tasks.id }),
  );
  const answer = db.with(verdict, updated).select({ ok: verdict.ok }).from(verdict);
  return sessionStatement(answer.toSQL(), name, ([ok]) => ({ ok: ok === true }));
}
