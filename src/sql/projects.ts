/**
 * Projects in hand-written SQL: every operation is one statement. The status changes write their
 * audit entry in the same statement (data-modifying CTE), so they are atomic without BEGIN/COMMIT.
 */
import { forbidden, notFound } from "../domain/errors.ts";
import type { ProjectStatus } from "../domain/types.ts";
import type { ListProjectsQuery, ProjectRepository, ProjectSortField } from "../repositories/projects.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { containsPattern } from "../domain/search.ts";
import { onlyRow, type ProjectRow, toProject } from "./rows.ts";

const PROJECT_COLUMNS = "id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at";

// The owner must be a member. FOR KEY SHARE keeps that membership from being deleted until this
// transaction ends (the lock a foreign-key check takes), so a concurrent removal cannot slip in
// between the check and the insert. `organization_found` tells NOT_FOUND from FORBIDDEN when
// nothing was inserted.
const CREATE_PROJECT = named(
  "orm_switch.sql.projects.create_project",
  `
  WITH membership AS (
    SELECT 1
    FROM memberships
    WHERE organization_id = $2 AND user_id = $3
    FOR KEY SHARE
  ), inserted AS (
    INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
    SELECT $1, $2, $3, $4, $5::"ProjectStatus", $6::jsonb, $7::text[], $8, $8
    WHERE EXISTS (SELECT 1 FROM membership)
    RETURNING ${PROJECT_COLUMNS}
  )
  SELECT found.organization_found, inserted.*
  FROM (SELECT EXISTS (SELECT 1 FROM organizations WHERE id = $2) AS organization_found) AS found
  LEFT JOIN inserted ON true`,
);

// Owner and per-status task counts in the same round trip: a join for the owner, a LATERAL
// aggregate with one FILTER per status over the (project_id, position) index.
const SELECT_PROJECT_DETAIL = named(
  "orm_switch.sql.projects.select_project_detail",
  `
  SELECT p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at,
         u.email AS owner_email,
         u.name  AS owner_name,
         counts.todo, counts.in_progress, counts.done
  FROM projects AS p
  JOIN users    AS u ON u.id = p.owner_id
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE t.status = 'TODO')::int        AS todo,
           count(*) FILTER (WHERE t.status = 'IN_PROGRESS')::int AS in_progress,
           count(*) FILTER (WHERE t.status = 'DONE')::int        AS done
    FROM tasks AS t
    WHERE t.project_id = p.id
  ) AS counts
  WHERE p.id = $1`,
);

/**
 * One page and the total in one round trip. The total comes from its own one-row subquery that the
 * page is LEFT JOINed to, so it is there even when the offset is past the last row (a
 * `count(*) OVER ()` would vanish with the rows). The tag filter is `@>` so the GIN index applies.
 * `orderBy` is one of the fixed clauses below, never caller text.
 */
const listProjectsSql = (orderBy: string): string => `
  WITH matching AS (
    SELECT ${PROJECT_COLUMNS}
    FROM projects
    WHERE organization_id = $1
      AND ($2::"ProjectStatus" IS NULL OR status = $2::"ProjectStatus")
      AND ($3::text IS NULL OR tags @> ARRAY[$3::text])
      AND ($4::text IS NULL OR name ILIKE $4)
  ), page AS (
    SELECT * FROM matching
    ORDER BY ${orderBy}
    LIMIT $5 OFFSET $6
  )
  SELECT total.total, page.*
  FROM (SELECT count(*)::int AS total FROM matching) AS total
  LEFT JOIN page ON true
  ORDER BY ${orderBy}`;

const SORT_COLUMN: Record<ProjectSortField, string> = {
  name: "name",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

// Every sort the interface allows, built once; ties are broken by id ascending.
const LIST_PROJECTS = Object.fromEntries(
  Object.entries(SORT_COLUMN).map(([field, column]) => [
    field,
    { asc: listProjectsSql(`${column} ASC, id ASC`), desc: listProjectsSql(`${column} DESC, id ASC`) },
  ]),
) as Record<ProjectSortField, Record<"asc" | "desc", string>>;

// FOR NO KEY UPDATE reads the status being replaced under the same lock the UPDATE takes, so the
// audit entry's `before` is the value this statement actually overwrote, even when another status
// change committed meanwhile.
const CHANGE_PROJECT_STATUS = named(
  "orm_switch.sql.projects.change_project_status",
  `
  WITH previous AS (
    SELECT id, status
    FROM projects
    WHERE id = $1
    FOR NO KEY UPDATE
  ), updated AS (
    UPDATE projects AS p
    SET status = $2::"ProjectStatus", updated_at = $3
    FROM previous
    WHERE p.id = previous.id
    RETURNING p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at,
              previous.status AS previous_status
  ), audit AS (
    INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
    SELECT organization_id, $4, 'project', id, $5,
           jsonb_build_object('status', previous_status), jsonb_build_object('status', status), $3
    FROM updated
  )
  SELECT ${PROJECT_COLUMNS} FROM updated`,
);

const PROJECT_STATUS_SUMMARY = named(
  "orm_switch.sql.projects.project_status_summary",
  `
  SELECT count(*) FILTER (WHERE status = 'ACTIVE')::int    AS active,
         count(*) FILTER (WHERE status = 'PAUSED')::int    AS paused,
         count(*) FILTER (WHERE status = 'COMPLETED')::int AS completed,
         count(*) FILTER (WHERE status = 'ARCHIVED')::int  AS archived
  FROM projects
  WHERE organization_id = $1`,
);

interface DetailRow extends ProjectRow {
  owner_email: string;
  owner_name: string;
  todo: number;
  in_progress: number;
  done: number;
}

/** The project repository on `db`. */
export function sqlProjects(db: SqlExecutor): ProjectRepository {
  const changeStatus = (projectId: string, status: ProjectStatus, actorId: string, action: string) =>
    translateErrors(async () => {
      const { rows } = await db.query<ProjectRow>(CHANGE_PROJECT_STATUS, [
        projectId,
        status,
        new Date(),
        actorId,
        action,
      ]);
      if (!rows[0]) throw notFound("Project", { id: projectId });
      return toProject(rows[0]);
    });

  return {
    create: (input) =>
      translateErrors(async () => {
        const params = [
          newId(),
          input.organizationId,
          input.ownerId,
          input.name,
          input.status ?? "ACTIVE",
          JSON.stringify(input.metadata ?? {}),
          input.tags ?? [],
          new Date(),
        ];
        const row = onlyRow(
          (await db.query<{ organization_found: boolean } & ProjectRow>(CREATE_PROJECT, params)).rows,
        );
        if (!row.organization_found) throw notFound("Organization", { id: input.organizationId });
        if (row.id === null)
          throw forbidden("the owner is not a member of the organization", {
            organizationId: input.organizationId,
            ownerId: input.ownerId,
          });
        return toProject(row);
      }),

    getDetail: (projectId) =>
      translateErrors(async () => {
        const { rows } = await db.query<DetailRow>(SELECT_PROJECT_DETAIL, [projectId]);
        const row = rows[0];
        if (!row) throw notFound("Project", { id: projectId });
        return {
          ...toProject(row),
          owner: { id: row.owner_id, email: row.owner_email, name: row.owner_name },
          taskCounts: { TODO: row.todo, IN_PROGRESS: row.in_progress, DONE: row.done },
        };
      }),

    listByOrganization: (input: ListProjectsQuery) =>
      translateErrors(async () => {
        const { sort } = input;
        const params = [
          input.organizationId,
          input.status ?? null,
          input.tag ?? null,
          input.search === undefined ? null : containsPattern(input.search),
          input.limit,
          input.offset,
        ];
        const { rows } = await db.query<{ total: number } & ProjectRow>(
          LIST_PROJECTS[sort.field][sort.direction],
          params,
        );
        // An empty page is a single row of NULL project columns next to the total.
        return { items: rows.filter((r) => r.id !== null).map(toProject), total: onlyRow(rows).total };
      }),

    updateStatus: (input) => changeStatus(input.projectId, input.status, input.actorId, "project.status_changed"),

    archive: (input) => changeStatus(input.projectId, "ARCHIVED", input.actorId, "project.archived"),

    statusSummary: (organizationId) =>
      translateErrors(async () => {
        const row = onlyRow(
          (
            await db.query<{ active: number; paused: number; completed: number; archived: number }>(
              PROJECT_STATUS_SUMMARY,
              [organizationId],
            )
          ).rows,
        );
        return { ACTIVE: row.active, PAUSED: row.paused, COMPLETED: row.completed, ARCHIVED: row.archived };
      }),
  };
}
