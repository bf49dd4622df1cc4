/**
 * Projects through Drizzle: jsonb and text[] columns, offset pages with their total in one
 * statement, FILTER aggregates for per-status counts, and a status change that locks, updates and
 * audits in one statement (project-status-change.ts). One function per operation.
 */
import { newId } from "../domain/ids.ts";
import { and, arrayContains, asc, count, desc, eq, ilike, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { forbidden, notFound } from "../domain/errors.ts";
import { type CountedPage, PROJECT_STATUSES, type Project, type ProjectDetail, type ProjectStatus, TASK_STATUSES } from "../domain/types.ts";
import type { CreateProjectInput, ListProjectsInput, ListProjectsQuery, ProjectRepository, ProjectSortField } from "../repositories/projects.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { changeProjectStatus } from "./project-status-change.ts";
import { translateErrors } from "./errors.ts";
import { toProject, toUserSummary } from "./mappers.ts";
import { memberships, organizations, projects, tasks, users } from "./schema.ts";
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

/**
 * `create`. One statement in the normal case: INSERT ... SELECT from the owner's membership row, so
 * a non-member inserts nothing (the row is share-locked against a concurrent removal). Only when
 * nothing was inserted does a second query tell NOT_FOUND from FORBIDDEN.
 */
function createProject(db: DrizzleDb, input: CreateProjectInput): Promise<Project> {
  return translateErrors(async () => {
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
  });
}

/**
 * `getDetail`. One query: the project, its owner, and a FILTER count per task status over the
 * joined tasks.
 */
function getDetail(db: DrizzleDb, projectId: string): Promise<ProjectDetail> {
  return translateErrors(async () => {
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
  });
}

/**
 * `listByOrganization`. One statement for the page and its total: the one-row count LEFT JOINs the
 * page, so an offset past the end still returns the total (a `count(*) over ()` would vanish with
 * the rows).
 */
function listByOrganization(db: DrizzleDb, input: ListProjectsQuery): Promise<CountedPage<Project>> {
  return translateErrors(async () => {
    const { sort } = input;
    const direction = sort.direction === "asc" ? asc : desc;
    const sortColumns: Record<ProjectSortField, AnyPgColumn> = { name: projects.name, createdAt: projects.createdAt, updatedAt: projects.updatedAt };
    const where = listFilter(input);
    const page = db
      .select()
      .from(projects)
      .where(where)
      .orderBy(direction(sortColumns[sort.field]), asc(projects.id))
      .limit(input.limit)
      .offset(input.offset)
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
  });
}

/** `statusSummary`: one FILTER count per status, zeros included, in one aggregate row. */
function statusSummary(db: DrizzleDb, organizationId: string): Promise<Record<ProjectStatus, number>> {
  return translateErrors(async () => {
    const [row] = await db.select(countPerValue(projects.status, PROJECT_STATUSES)).from(projects).where(eq(projects.organizationId, organizationId));
    return row!;
  });
}

/** The project repository on `ctx`. */
export function drizzleProjects({ db }: DrizzleContext): ProjectRepository {
  return {
    create: (input) => createProject(db, input),
    getDetail: (projectId) => getDetail(db, projectId),
    listByOrganization: (input: ListProjectsQuery) => listByOrganization(db, input),
    updateStatus: (input) => changeProjectStatus(db, input.projectId, input.status, input.actorId, "project.status_changed"),
    archive: (input) => changeProjectStatus(db, input.projectId, "ARCHIVED", input.actorId, "project.archived"),
    statusSummary: (organizationId) => statusSummary(db, organizationId),
  };
}
