/**
 * Projects through Drizzle: jsonb and text[] columns, offset pages with their total in one
 * statement, FILTER aggregates for per-status counts, and a status change that locks, updates and
 * audits in one statement.
 */
import { newId } from "../domain/ids.ts";
import { and, arrayContains, asc, count, desc, eq, getTableColumns, getTableName, ilike, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { forbidden, notFound } from "../domain/errors.ts";
import { PROJECT_STATUSES, TASK_STATUSES, type ProjectStatus } from "../domain/types.ts";
import type { ListProjectsInput, ProjectRepository, ProjectSortField } from "../repositories/projects.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toProject, toUserSummary } from "./mappers.ts";
import { auditLogs, memberships, organizations, projects, tasks, users } from "./schema.ts";
import { containsPattern } from "../domain/search.ts";
import { countPerValue, valueOf } from "./sql-helpers.ts";

/** The WHERE clause of `listByOrganization`, shared by the page and its total. */
function listFilter(input: ListProjectsInput): SQL | undefined {
  return and(
    eq(projects.organizationId, input.organizationId),
    input.status ? eq(projects.status, input.status) : undefined,
    // `@>` on the GIN-indexed array; the tag is bound as a one-element text[].
    input.tag !== undefined ? arrayContains(projects.tags, [input.tag]) : undefined,
    input.search !== undefined ? ilike(projects.name, containsPattern(input.search)) : undefined,
  );
}

/** The project repository on `ctx`. */
export function drizzleProjects(ctx: DrizzleContext): ProjectRepository {
  const { db } = ctx;

  // One statement, three steps (data-modifying CTEs), so it is atomic without BEGIN/COMMIT:
  // `previous` locks the row and reads the current status (FOR UPDATE re-reads a row changed
  // concurrently, so `before` is never stale); `updated` writes the new status and returns both;
  // `audit` inserts the entry from `updated`, so an unknown project inserts nothing and returns no row.
  const changeStatus = (projectId: string, status: ProjectStatus, actorId: string, action: string) =>
    translateErrors(async () => {
      const now = new Date();
      const previous = db.$with("previous").as(db.select({ id: projects.id, status: projects.status }).from(projects).where(eq(projects.id, projectId)).for("update"));
      const updated = db.$with("updated").as(
        db
          .update(projects)
          .set({ status, updatedAt: now })
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
                actorId: valueOf(auditLogs.actorId, actorId).as("actor_id"),
                entityType: valueOf(auditLogs.entityType, "project").as("entity_type"),
                entityId: updated.id,
                action: valueOf(auditLogs.action, action).as("action"),
                before: sql`jsonb_build_object('status', ${updated.before})`.as("before"),
                after: sql`jsonb_build_object('status', ${updated.status})`.as("after"),
                createdAt: valueOf(auditLogs.createdAt, now).as("created_at"),
              })
              .from(updated),
          )
          .returning({ id: auditLogs.id }),
      );
      const [row] = await db
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
        .from(updated);
      if (!row) throw notFound("Project", { id: projectId });
      return toProject(row);
    });

  return {
    // One statement in the normal case: INSERT ... SELECT from the owner's membership row, so a
    // non-member inserts nothing (the row is share-locked against a concurrent removal). Only when
    // nothing was inserted does a second query tell NOT_FOUND from FORBIDDEN.
    create: (input) =>
      translateErrors(async () => {
        const now = new Date();
        const [row] = await db
          .insert(projects)
          .select((qb) =>
            qb
              .select({
                id: valueOf(projects.id, newId()).as("id"),
                organizationId: memberships.organizationId,
                ownerId: memberships.userId,
                name: valueOf(projects.name, input.name).as("name"),
                status: valueOf(projects.status, input.status ?? "ACTIVE").as("status"),
                metadata: valueOf(projects.metadata, input.metadata ?? {}).as("metadata"),
                tags: valueOf(projects.tags, input.tags ?? []).as("tags"),
                createdAt: valueOf(projects.createdAt, now).as("created_at"),
                updatedAt: valueOf(projects.updatedAt, now).as("updated_at"),
              })
              .from(memberships)
              .where(and(eq(memberships.organizationId, input.organizationId), eq(memberships.userId, input.ownerId)))
              .for("key share"),
          )
          .returning();
        if (row) return toProject(row);
        const [organization] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.organizationId));
        if (!organization) throw notFound("Organization", { id: input.organizationId });
        throw forbidden("the owner is not a member of the organization", { organizationId: input.organizationId, ownerId: input.ownerId });
      }),

    // One query: the project, its owner, and a FILTER count per task status over the joined tasks.
    getDetail: (projectId) =>
      translateErrors(async () => {
        const [row] = await db
          .select({
            project: projects,
            owner: { id: users.id, email: users.email, name: users.name },
            taskCounts: countPerValue(tasks.status, TASK_STATUSES),
          })
          .from(projects)
          .innerJoin(users, eq(users.id, projects.ownerId))
          .leftJoin(tasks, eq(tasks.projectId, projects.id))
          .where(eq(projects.id, projectId))
          .groupBy(projects.id, users.id);
        if (!row) throw notFound("Project", { id: projectId });
        return { ...toProject(row.project), owner: toUserSummary(row.owner), taskCounts: row.taskCounts };
      }),

    // One statement for the page and its total: the one-row count LEFT JOINs the page, so an offset
    // past the end still returns the total (a `count(*) over ()` would vanish with the rows).
    listByOrganization: (input) =>
      translateErrors(async () => {
        const sort = input.sort ?? { field: "createdAt", direction: "desc" };
        const direction = sort.direction === "asc" ? asc : desc;
        const sortColumns: Record<ProjectSortField, AnyPgColumn> = { name: projects.name, createdAt: projects.createdAt, updatedAt: projects.updatedAt };
        const where = listFilter(input);
        const page = db
          .select()
          .from(projects)
          .where(where)
          .orderBy(direction(sortColumns[sort.field]), asc(projects.id))
          .limit(input.limit ?? 20)
          .offset(input.offset ?? 0)
          .as("page");
        const total = db.select({ n: count().as("n") }).from(projects).where(where).as("total");
        const rows = await db
          .select({
            total: total.n,
            project: {
              id: page.id,
              organizationId: page.organizationId,
              ownerId: page.ownerId,
              name: page.name,
              status: page.status,
              metadata: page.metadata,
              tags: page.tags,
              createdAt: page.createdAt,
              updatedAt: page.updatedAt,
            },
          })
          .from(total)
          .leftJoin(page, sql`true`)
          .orderBy(direction(page[sort.field]), asc(page.id));
        const items = rows.flatMap((r) => (r.project ? [toProject(r.project)] : []));
        return { items, total: rows[0]?.total ?? 0 };
      }),

    updateStatus: (input) => changeStatus(input.projectId, input.status, input.actorId, "project.status_changed"),

    archive: (input) => changeStatus(input.projectId, "ARCHIVED", input.actorId, "project.archived"),

    statusSummary: (organizationId) =>
      translateErrors(async () => {
        const [row] = await db.select(countPerValue(projects.status, PROJECT_STATUSES)).from(projects).where(eq(projects.organizationId, organizationId));
        return row!;
      }),
  };
}
