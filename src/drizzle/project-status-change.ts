/**
 * A project's status change through Drizzle: lock, update and audit in one statement (used by
 * `updateStatus` and `archive`).
 */
import { eq, getTableColumns, getTableName, sql } from "drizzle-orm";
import { notFound } from "../domain/errors.ts";
import type { Project, ProjectStatus } from "../domain/types.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toProject } from "./mappers.ts";
import { auditLogs, projects } from "./schema.ts";
import { placeholderOf } from "./sql-helpers.ts";

/**
 * One statement, three steps (data-modifying CTEs), so it is atomic without BEGIN/COMMIT:
 * `previous` locks the row and reads the current status (FOR UPDATE re-reads a row changed
 * concurrently, so `before` is never stale); `updated` writes the new status and returns both;
 * `audit` inserts the entry from `updated`, so an unknown project inserts nothing and returns no row.
 * Prepared once per context (DrizzleContext.prepared); `updateStatus` and `archive` share it.
 */
export function changeProjectStatus(
  { prepared, db }: DrizzleContext,
  projectId: string,
  status: ProjectStatus,
  actorId: string,
  action: string,
): Promise<Project> {
  return translateErrors(async () => {
    const [row] = await prepared("projects.changeStatus", (name) => statusChangeStatement(db, name)).execute({
      projectId,
      status,
      now: new Date(),
      actorId,
      action,
    });
    if (!row) throw notFound("Project", { id: projectId });
    return toProject(row);
  });
}

function statusChangeStatement(db: DrizzleDb, name: string) {
  const previous = db.$with("previous").as(
    db
      .select({ id: projects.id, status: projects.status })
      .from(projects)
      .where(eq(projects.id, sql.placeholder("projectId")))
      .for("update"),
  );
  const updated = db.$with("updated").as(
    db
      .update(projects)
      .set({ status: placeholderOf(projects.status, "status"), updatedAt: placeholderOf(projects.updatedAt, "now") })
      .from(previous)
      .where(eq(projects.id, previous.id))
      .returning({ ...getTableColumns(projects), before: sql<ProjectStatus>`${previous.status}`.as("before") }),
  );
  const audit = db.$with("audit").as(
    db
      .insert(auditLogs)
      .select((qb) =>
        qb
          .select({
            // INSERT ... SELECT must name every column, and DEFAULT is not allowed in a select
            // list: this is the bigserial's own default expression.
            id: sql`nextval(pg_get_serial_sequence(${getTableName(auditLogs)}, ${auditLogs.id.name}))`.as("id"),
            organizationId: updated.organizationId,
            actorId: sql<string>`${sql.placeholder("actorId")}::text`.as("actor_id"),
            entityType: sql<string>`'project'`.as("entity_type"),
            entityId: updated.id,
            action: sql<string>`${sql.placeholder("action")}::text`.as("action"),
            before: sql`jsonb_build_object('status', ${updated.before})`.as("before"),
            after: sql`jsonb_build_object('status', ${updated.status})`.as("after"),
            createdAt: placeholderOf(auditLogs.createdAt, "now").as("created_at"),
          })
          .from(updated),
      )
      .returning({ id: auditLogs.id }),
  );
  return db
    .with(previous, updated, audit)
    .select({
      id: updated.id,
      organizationId: updated.organizationId,
      ownerId: updated.ownerId,
      name: updated.name,
      status: updated.status,
      metadata: updated.metadata,
      tags: updated.tags,
      createdAt: updated.createdAt,
      updatedAt: updated.updatedAt,
    })
    .from(updated)
    .prepare(name);
}
