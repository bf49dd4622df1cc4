/**
 * Projects through Drizzle: jsonb and text[] columns, offset pages with their total in one
 * statement, FILTER aggregates for per-status counts, and a status change that reads the previous
 * value in the same UPDATE that writes the new one.
 */
import { and, asc, count, desc, eq, getTableColumns, ilike, sql, arrayContains, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgInsertSelectQueryBuilder } from "drizzle-orm/pg-core";
import { forbidden, notFound } from "../domain/errors.ts";
import { PROJECT_STATUSES, TASK_STATUSES, type ProjectStatus } from "../domain/types.ts";
import type { ListProjectsInput, ProjectRepository, ProjectSortField } from "../repositories/projects.ts";
import { insertAuditEntry } from "./audit.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toProject, toUserSummary } from "./mappers.ts";
import { memberships, newId, organizations, projects, tasks, users } from "./schema.ts";
import { containsPattern, countPerValue, valueOf } from "./sql-helpers.ts";

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

  const changeStatus = (projectId: string, status: ProjectStatus, actorId: string, action: string) =>
    translateErrors(() =>
      ctx.atomic(async (tx) => {
        // `UPDATE ... FROM (SELECT ... FOR UPDATE)`: the sub-select locks the row and hands the old
        // status to RETURNING, so no separate read is needed for the audit entry's `before`.
        const previous = tx.select({ id: projects.id, status: projects.status }).from(projects).where(eq(projects.id, projectId)).for("update").as("previous");
        const [row] = await tx
          .update(projects)
          .set({ status })
          .from(previous)
          .where(eq(projects.id, previous.id))
          .returning({ ...getTableColumns(projects), before: previous.status });
        if (!row) throw notFound("Project", { id: projectId });
        const { before, ...project } = row;
        await insertAuditEntry(tx, {
          organizationId: project.organizationId,
          actorId,
          entityType: "project",
          entityId: project.id,
          action,
          before: { status: before },
          after: { status: project.status },
        });
        return toProject(project);
      }),
    );

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
                id: valueOf(projects.id, newId()),
                organizationId: memberships.organizationId,
                ownerId: memberships.userId,
                name: valueOf(projects.name, input.name),
                status: valueOf(projects.status, input.status ?? "ACTIVE"),
                metadata: valueOf(projects.metadata, input.metadata ?? {}),
                tags: valueOf(projects.tags, input.tags ?? []),
                createdAt: valueOf(projects.createdAt, now),
                updatedAt: valueOf(projects.updatedAt, now),
              })
              .from(memberships)
              .where(and(eq(memberships.organizationId, input.organizationId), eq(memberships.userId, input.ownerId)))
              .for("key share") as unknown as PgInsertSelectQueryBuilder<typeof projects>, // .for() drops the insert-select typing; the query is unchanged
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
