-- SQL sent by "drizzle" per operation (normalized shape: placeholders as $?, repeated lists collapsed).
-- Regenerate after reviewing a change: npx vitest run test/integration/compare-sql.test.ts -u

-- users.create: 1 statement(s), 1 round trip(s)
INSERT INTO users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, email, name, created_at, updated_at;

-- users.findById: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE users.id = $?;

-- users.getById: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE users.id = $?;

-- users.findByEmail: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE users.email = $?;

-- users.update: 1 statement(s), 1 round trip(s)
UPDATE users
SET email = COALESCE($?, users.email), name = COALESCE($?, users.name), updated_at = $?
WHERE users.id = $?
RETURNING id, email, name, created_at, updated_at;

-- users.delete: 1 statement(s), 1 round trip(s)
DELETE
FROM users
WHERE users.id = $?
RETURNING id;

-- users.list: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE (users.name ILIKE $? OR users.email ILIKE $?)
ORDER BY users.id ASC
LIMIT $?;

-- sessions.create: 1 statement(s), 1 round trip(s)
INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, user_id, token_hash, expires_at, created_at;

-- sessions.findActiveByTokenHash: 1 statement(s), 1 round trip(s)
SELECT sessions.id, sessions.user_id, sessions.token_hash, sessions.expires_at, sessions.created_at, users.id, users.email, users.name, users.created_at, users.updated_at
FROM sessions
INNER JOIN users ON users.id = sessions.user_id
WHERE (sessions.token_hash = $? AND sessions.expires_at > $?);

-- sessions.revoke: 1 statement(s), 1 round trip(s)
DELETE
FROM sessions
WHERE sessions.id = $?
RETURNING id;

-- sessions.deleteExpired: 1 statement(s), 1 round trip(s)
WITH expired AS (
  DELETE
  FROM sessions
  WHERE sessions.expires_at <= $?
  RETURNING id)
SELECT COUNT(*)
FROM expired;

-- organizations.createWithOwner: 1 statement(s), 1 round trip(s)
WITH organization AS (
  INSERT INTO organizations (id, slug, name, plan, created_at, updated_at)
  VALUES ($?, $?, $?, $?, $?, $?)
  RETURNING id, slug, name, plan, created_at, updated_at),
membership AS (
  INSERT INTO memberships (id, organization_id, user_id, role, created_at)
  VALUES ($?, $?, $?, $?, $?)
  RETURNING id, organization_id, user_id, role, created_at),
audit AS (
  INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  VALUES (DEFAULT, $?, $?, $?, $?, $?, DEFAULT, $?::jsonb, $?)
  RETURNING id)
SELECT organization.id, organization.slug, organization.name, organization.plan, organization.created_at, organization.updated_at, membership.id, membership.organization_id, membership.user_id, membership.role, membership.created_at
FROM organization
CROSS JOIN membership;

-- organizations.findBySlug: 1 statement(s), 1 round trip(s)
SELECT id, slug, name, plan, created_at, updated_at
FROM organizations
WHERE organizations.slug = $?;

-- organizations.listForUser: 1 statement(s), 1 round trip(s)
SELECT organizations.id, organizations.slug, organizations.name, organizations.plan, organizations.created_at, organizations.updated_at, mine.role, (
  SELECT COUNT(*)
  FROM memberships
  WHERE memberships.organization_id = organizations.id)
FROM memberships mine
INNER JOIN organizations ON organizations.id = mine.organization_id
WHERE mine.user_id = $?
ORDER BY organizations.name ASC, organizations.id ASC;

-- organizations.addMember: 1 statement(s), 1 round trip(s)
INSERT INTO memberships (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, organization_id, user_id, role, created_at;

-- organizations.changeRole: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE (memberships.organization_id = $? AND memberships.role = $?)
ORDER BY memberships.id ASC
FOR UPDATE;
UPDATE memberships
SET role = $?
WHERE (memberships.organization_id = $? AND memberships.user_id = $?)
RETURNING id, organization_id, user_id, role, created_at;
COMMIT;

-- organizations.removeMember: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE (memberships.organization_id = $? AND memberships.role = $?)
ORDER BY memberships.id ASC
FOR UPDATE;
DELETE
FROM memberships
WHERE (memberships.organization_id = $? AND memberships.user_id = $?)
RETURNING id;
COMMIT;

-- projects.create: 1 statement(s), 1 round trip(s)
INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
SELECT $?::text AS id, organization_id, user_id, $?::text AS name, $? AS status, $? AS metadata, $? AS tags, $? AS created_at, $? AS updated_at
FROM memberships
WHERE (memberships.organization_id = $? AND memberships.user_id = $?)
FOR key SHARE
RETURNING id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at;

-- projects.getDetail: 1 statement(s), 1 round trip(s)
SELECT projects.id, projects.organization_id, projects.owner_id, projects.name, projects.status, projects.metadata, projects.tags, projects.created_at, projects.updated_at, users.id, users.email, users.name, "TODO", "IN_PROGRESS", "DONE"
FROM projects
INNER JOIN users ON users.id = projects.owner_id
CROSS JOIN LATERAL (
  SELECT (COUNT(*) FILTER (
      WHERE status = $?))::int AS "TODO", (COUNT(*) FILTER (
      WHERE status = $?))::int AS "IN_PROGRESS", (COUNT(*) FILTER (
      WHERE status = $?))::int AS "DONE"
  FROM tasks
  WHERE tasks.project_id = projects.id) counts
WHERE projects.id = $?;

-- projects.listByOrganization: 1 statement(s), 1 round trip(s)
SELECT n, page.id, page.organization_id, page.owner_id, page.name, page.status, page.metadata, page.tags, page.created_at, page.updated_at
FROM (
  SELECT COUNT(*) AS n
  FROM projects
  WHERE projects.organization_id = $?) total
LEFT JOIN (
  SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
  FROM projects
  WHERE projects.organization_id = $?
  ORDER BY projects.name ASC, projects.id ASC
  LIMIT $?
  OFFSET $?) page ON TRUE
ORDER BY page.name ASC, page.id ASC;

-- projects.updateStatus: 1 statement(s), 1 round trip(s)
WITH previous AS (
  SELECT id, status
  FROM projects
  WHERE projects.id = $?
  FOR UPDATE),
updated AS (
  UPDATE projects
  SET status = $?, updated_at = $?
  FROM previous
  WHERE projects.id = previous.id
  RETURNING projects.id, projects.organization_id, projects.owner_id, projects.name, projects.status, projects.metadata, projects.tags, projects.created_at, projects.updated_at, previous.status AS before),
audit AS (
  INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  SELECT nextval(pg_get_serial_sequence($?, $?)) AS id, organization_id, $?::text AS actor_id, 'project' AS entity_type, id, $?::text AS action, JSONB_BUILD_OBJECT('status', before) AS before, JSONB_BUILD_OBJECT('status', status) AS after, $? AS created_at
  FROM updated
  RETURNING id)
SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
FROM updated;

-- projects.archive: 1 statement(s), 1 round trip(s)
WITH previous AS (
  SELECT id, status
  FROM projects
  WHERE projects.id = $?
  FOR UPDATE),
updated AS (
  UPDATE projects
  SET status = $?, updated_at = $?
  FROM previous
  WHERE projects.id = previous.id
  RETURNING projects.id, projects.organization_id, projects.owner_id, projects.name, projects.status, projects.metadata, projects.tags, projects.created_at, projects.updated_at, previous.status AS before),
audit AS (
  INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  SELECT nextval(pg_get_serial_sequence($?, $?)) AS id, organization_id, $?::text AS actor_id, 'project' AS entity_type, id, $?::text AS action, JSONB_BUILD_OBJECT('status', before) AS before, JSONB_BUILD_OBJECT('status', status) AS after, $? AS created_at
  FROM updated
  RETURNING id)
SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
FROM updated;

-- projects.statusSummary: 1 statement(s), 1 round trip(s)
SELECT COUNT(*) FILTER (
  WHERE status = $?), COUNT(*) FILTER (
  WHERE status = $?), COUNT(*) FILTER (
  WHERE status = $?), COUNT(*) FILTER (
  WHERE status = $?)
FROM projects
WHERE projects.organization_id = $?;

-- tasks.createMany: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE projects.id = $?
FOR no key UPDATE;
WITH inserted AS (
  INSERT INTO tasks (id, project_id, title, status, assignee_id, position, created_at, updated_at)
  SELECT item.value ->> 'id' AS id, $?::text AS project_id, item.value ->> 'title' AS title, (item.value ->> 'status')::"TaskStatus" AS status, NULL AS assignee_id, ((
      SELECT COALESCE(MAX(position) + 1, 0)
      FROM tasks
      WHERE tasks.project_id = $?)) + item.ordinal - 1 AS position, $? AS created_at, $? AS updated_at
  FROM jsonb_array_elements($?::jsonb) WITH ordinality AS item(value, ordinal)
  RETURNING id)
SELECT COUNT(*)
FROM inserted;
COMMIT;

-- tasks.assign: 1 statement(s), 1 round trip(s)
UPDATE tasks
SET assignee_id = $?::text, updated_at = $?
WHERE (tasks.id = $? AND EXISTS (
    SELECT 1
    FROM projects
    INNER JOIN memberships ON memberships.organization_id = projects.organization_id
    WHERE (projects.id = tasks.project_id AND memberships.user_id = $?)))
RETURNING id, project_id, title, status, assignee_id, position, created_at, updated_at;

-- tasks.reorder: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE projects.id = $?
FOR no key UPDATE;
WITH verdict AS (
  SELECT (
    SELECT COUNT(*)
    FROM ((
        SELECT id
        FROM tasks
        WHERE tasks.project_id = $?)) AS current) = jsonb_array_length($?::jsonb) AND NOT EXISTS (
    SELECT wanted.id
    FROM jsonb_array_elements_text($?::jsonb) WITH ordinality AS wanted(id, ordinal) except(
      SELECT id
      FROM tasks
      WHERE tasks.project_id = $?)) AS ok
  FROM (
    SELECT 1) AS one),
updated AS (
  UPDATE tasks
  SET position = wanted.ordinal - 1, updated_at = $?
  FROM jsonb_array_elements_text($?::jsonb) WITH ordinality AS wanted(id, ordinal)
  CROSS JOIN verdict
  WHERE (verdict.ok AND tasks.id = wanted.id AND tasks.project_id = $?)
  RETURNING tasks.id)
SELECT ok
FROM verdict;
COMMIT;

-- tasks.listForProject: 1 statement(s), 1 round trip(s)
SELECT tasks.id, tasks.project_id, tasks.title, tasks.status, tasks.assignee_id, tasks.position, tasks.created_at, tasks.updated_at, users.email, users.name
FROM tasks
LEFT JOIN users ON users.id = tasks.assignee_id
WHERE tasks.project_id = $?
ORDER BY tasks.position ASC, tasks.id ASC;

-- downloads.upsertRelease: 1 statement(s), 1 round trip(s)
INSERT INTO downloads (id, version, platform, url, "count", released_at, updated_at)
VALUES ($?, $?, $?, $?, DEFAULT, $?, $?)
ON CONFLICT (version, platform) DO UPDATE
SET url = excluded.url, released_at = excluded.released_at, updated_at = $?
RETURNING id, version, platform, url, "count", released_at, updated_at;

-- downloads.latestPerPlatform: 1 statement(s), 1 round trip(s)
SELECT DISTINCT ON (downloads.platform) id, version, platform, url, "count", released_at, updated_at
FROM downloads
ORDER BY downloads.platform ASC, downloads.released_at DESC, downloads.version DESC;

-- downloads.recordDownload: 1 statement(s), 1 round trip(s)
UPDATE downloads
SET "count" = downloads."count" + 1, updated_at = $?
WHERE (downloads.version = $? AND downloads.platform = $?)
RETURNING "count";

-- audit.append: 1 statement(s), 1 round trip(s)
INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES (DEFAULT, $?, $?, $?, $?, $?, $?::jsonb, $?::jsonb, $?)
RETURNING id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at;

-- audit.listForEntity: 1 statement(s), 1 round trip(s)
SELECT id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at
FROM audit_logs
WHERE (audit_logs.entity_type = $? AND audit_logs.entity_id = $?)
ORDER BY audit_logs.id DESC
LIMIT $?;

-- transaction: 6 statement(s), 6 round trip(s)
BEGIN;
WITH organization AS (
  INSERT INTO organizations (id, slug, name, plan, created_at, updated_at)
  VALUES ($?, $?, $?, $?, $?, $?)
  RETURNING id, slug, name, plan, created_at, updated_at),
membership AS (
  INSERT INTO memberships (id, organization_id, user_id, role, created_at)
  VALUES ($?, $?, $?, $?, $?)
  RETURNING id, organization_id, user_id, role, created_at),
audit AS (
  INSERT INTO audit_logs (id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  VALUES (DEFAULT, $?, $?, $?, $?, $?, DEFAULT, $?::jsonb, $?)
  RETURNING id)
SELECT organization.id, organization.slug, organization.name, organization.plan, organization.created_at, organization.updated_at, membership.id, membership.organization_id, membership.user_id, membership.role, membership.created_at
FROM organization
CROSS JOIN membership;
INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
SELECT $?::text AS id, organization_id, user_id, $?::text AS name, $? AS status, $? AS metadata, $? AS tags, $? AS created_at, $? AS updated_at
FROM memberships
WHERE (memberships.organization_id = $? AND memberships.user_id = $?)
FOR key SHARE
RETURNING id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at;
SELECT id
FROM projects
WHERE projects.id = $?
FOR no key UPDATE;
WITH inserted AS (
  INSERT INTO tasks (id, project_id, title, status, assignee_id, position, created_at, updated_at)
  SELECT item.value ->> 'id' AS id, $?::text AS project_id, item.value ->> 'title' AS title, (item.value ->> 'status')::"TaskStatus" AS status, NULL AS assignee_id, ((
      SELECT COALESCE(MAX(position) + 1, 0)
      FROM tasks
      WHERE tasks.project_id = $?)) + item.ordinal - 1 AS position, $? AS created_at, $? AS updated_at
  FROM jsonb_array_elements($?::jsonb) WITH ordinality AS item(value, ordinal)
  RETURNING id)
SELECT COUNT(*)
FROM inserted;
COMMIT;

-- users.create [email taken]: 1 statement(s), 1 round trip(s)
INSERT INTO users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, email, name, created_at, updated_at;

-- projects.getDetail [missing]: 1 statement(s), 1 round trip(s)
SELECT projects.id, projects.organization_id, projects.owner_id, projects.name, projects.status, projects.metadata, projects.tags, projects.created_at, projects.updated_at, users.id, users.email, users.name, "TODO", "IN_PROGRESS", "DONE"
FROM projects
INNER JOIN users ON users.id = projects.owner_id
CROSS JOIN LATERAL (
  SELECT (COUNT(*) FILTER (
      WHERE status = $?))::int AS "TODO", (COUNT(*) FILTER (
      WHERE status = $?))::int AS "IN_PROGRESS", (COUNT(*) FILTER (
      WHERE status = $?))::int AS "DONE"
  FROM tasks
  WHERE tasks.project_id = projects.id) counts
WHERE projects.id = $?;
