-- SQL sent by "prisma-on-drizzle" per operation (normalized shape: placeholders as $?, repeated lists collapsed).
-- Regenerate after reviewing a change: npx vitest run test/integration/compare-sql.test.ts -u

-- users.create: 1 statement(s), 1 round trip(s)
INSERT INTO users AS t0 (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- users.findById: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM users AS t0
WHERE t0.id = $?
LIMIT 1;

-- users.getById: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM users AS t0
WHERE t0.id = $?
LIMIT 1;

-- users.findByEmail: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM users AS t0
WHERE t0.email = $?
LIMIT 1;

-- users.update: 1 statement(s), 1 round trip(s)
UPDATE users AS t0
SET name = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- users.delete: 1 statement(s), 1 round trip(s)
DELETE
FROM users AS t0
WHERE t0.id = $?
RETURNING t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- users.list: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM users AS t0
WHERE (t0.name ILIKE ('%' || $? || '%') OR t0.email ILIKE ('%' || $? || '%'))
ORDER BY t0.id ASC
LIMIT $?;

-- sessions.create: 1 statement(s), 1 round trip(s)
INSERT INTO sessions AS t0 (id, user_id, token_hash, expires_at, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.user_id AS "userId", t0.token_hash AS "tokenHash", t0.expires_at AS "expiresAt", t0.created_at AS "createdAt";

-- sessions.findActiveByTokenHash: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.user_id AS "userId", t0.token_hash AS "tokenHash", t0.expires_at AS "expiresAt", t0.created_at AS "createdAt", (
  SELECT JSON_BUILD_OBJECT('id', t1.id, 'email', t1.email, 'name', t1.name, 'createdAt', t1.created_at, 'updatedAt', t1.updated_at)
  FROM users AS t1
  WHERE t0.user_id = t1.id
  LIMIT 1) AS "user"
FROM sessions AS t0
WHERE (t0.token_hash = $? AND t0.expires_at > $?)
LIMIT 1;

-- sessions.revoke: 1 statement(s), 1 round trip(s)
DELETE
FROM sessions AS t0
WHERE t0.id = $?
RETURNING t0.id AS id, t0.user_id AS "userId", t0.token_hash AS "tokenHash", t0.expires_at AS "expiresAt", t0.created_at AS "createdAt";

-- sessions.deleteExpired: 1 statement(s), 1 round trip(s)
WITH deleted AS (
  DELETE
  FROM sessions AS t0
  WHERE t0.expires_at <= $?
  RETURNING 1)
SELECT COUNT(*) AS n
FROM deleted;

-- organizations.createWithOwner: 6 statement(s), 6 round trip(s)
BEGIN;
INSERT INTO organizations AS t3 (id, slug, name, plan, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?)
RETURNING t3.id AS id, t3.slug AS slug, t3.name AS name, t3.plan AS plan, t3.created_at AS "createdAt", t3.updated_at AS "updatedAt";
INSERT INTO memberships AS t4 (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t4.id AS id, t4.organization_id AS "organizationId", t4.user_id AS "userId", t4.role AS role, t4.created_at AS "createdAt";
SELECT t5.id AS id, t5.slug AS slug, t5.name AS name, t5.plan AS plan, t5.created_at AS "createdAt", t5.updated_at AS "updatedAt", (
  SELECT COALESCE(JSON_AGG(t7.j
      ORDER BY t7.rn ASC), '[]'::JSON)
  FROM (
    SELECT JSON_BUILD_OBJECT('id', t6.id, 'organizationId', t6.organization_id, 'userId', t6.user_id, 'role', t6.role, 'createdAt', t6.created_at) AS j, ROW_NUMBER() OVER () AS rn
    FROM memberships AS t6
    WHERE t5.id = t6.organization_id) AS t7) AS memberships, t5.id AS __compat_pk0
FROM organizations AS t5
WHERE t5.id = $?;
INSERT INTO audit_logs AS t0 (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt";
COMMIT;

-- organizations.findBySlug: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.slug AS slug, t0.name AS name, t0.plan AS plan, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM organizations AS t0
WHERE t0.slug = $?
LIMIT 1;

-- organizations.listForUser: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt", (
  SELECT JSON_BUILD_OBJECT('id', t1.id, 'slug', t1.slug, 'name', t1.name, 'plan', t1.plan, 'createdAt', t1.created_at, 'updatedAt', t1.updated_at, '_count', JSON_BUILD_OBJECT('memberships', (
        SELECT COUNT(*)
        FROM memberships AS t2
        WHERE t1.id = t2.organization_id)))
  FROM organizations AS t1
  WHERE t0.organization_id = t1.id
  LIMIT 1) AS organization
FROM memberships AS t0
WHERE t0.user_id = $?
ORDER BY (
  SELECT t3.name
  FROM organizations AS t3
  WHERE t0.organization_id = t3.id
  LIMIT 1) ASC, (
  SELECT t4.id
  FROM organizations AS t4
  WHERE t0.organization_id = t4.id
  LIMIT 1) ASC;

-- organizations.addMember: 1 statement(s), 1 round trip(s)
INSERT INTO memberships AS t0 (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt";

-- organizations.changeRole: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE organization_id = $? AND role = 'OWNER'
ORDER BY id
FOR UPDATE;
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt"
FROM memberships AS t0
WHERE (t0.organization_id = $? AND t0.user_id = $?)
LIMIT 1;
UPDATE memberships AS t0
SET role = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt";
COMMIT;

-- organizations.removeMember: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE organization_id = $? AND role = 'OWNER'
ORDER BY id
FOR UPDATE;
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt"
FROM memberships AS t0
WHERE (t0.organization_id = $? AND t0.user_id = $?)
LIMIT 1;
DELETE
FROM memberships AS t0
WHERE t0.id = $?
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.user_id AS "userId", t0.role AS role, t0.created_at AS "createdAt";
COMMIT;

-- projects.create: 2 statement(s), 2 round trip(s)
SELECT t0.id AS id, (
  SELECT COALESCE(JSON_AGG(t2.j
      ORDER BY t2.rn ASC), '[]'::JSON)
  FROM (
    SELECT JSON_BUILD_OBJECT('id', t1.id) AS j, ROW_NUMBER() OVER () AS rn
    FROM memberships AS t1
    WHERE (t0.id = t1.organization_id AND t1.user_id = $?)) AS t2) AS memberships
FROM organizations AS t0
WHERE t0.id = $?
LIMIT 1;
INSERT INTO projects AS t0 (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- projects.getDetail: 2 statement(s), 2 round trip(s)
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt", (
  SELECT JSON_BUILD_OBJECT('id', t1.id, 'email', t1.email, 'name', t1.name)
  FROM users AS t1
  WHERE t0.owner_id = t1.id
  LIMIT 1) AS owner
FROM projects AS t0
WHERE t0.id = $?
LIMIT 1;
SELECT t0.status AS status, COUNT(*) AS "_count$_all"
FROM tasks AS t0
WHERE t0.project_id = $?
GROUP BY t0.status;

-- projects.listByOrganization: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
FROM projects AS t0
WHERE t0.organization_id = $?
ORDER BY t0.name ASC, t0.id ASC
LIMIT $?;
SELECT COUNT(*) AS n
FROM (
  SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, t0.tags AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
  FROM projects AS t0
  WHERE t0.organization_id = $?) AS sub;
COMMIT;

-- projects.updateStatus: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT t0.status AS status
FROM projects AS t0
WHERE t0.id = $?
LIMIT 1;
UPDATE projects AS t0
SET status = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
INSERT INTO audit_logs AS t0 (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt";
COMMIT;

-- projects.archive: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT t0.status AS status
FROM projects AS t0
WHERE t0.id = $?
LIMIT 1;
UPDATE projects AS t0
SET status = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
INSERT INTO audit_logs AS t0 (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt";
COMMIT;

-- projects.statusSummary: 1 statement(s), 1 round trip(s)
SELECT t0.status AS status, COUNT(*) AS "_count$_all"
FROM projects AS t0
WHERE t0.organization_id = $?
GROUP BY t0.status;

-- tasks.createMany: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT MAX(sub.position) AS "_max$position"
FROM (
  SELECT t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
  FROM tasks AS t0
  WHERE t0.project_id = $?) AS sub;
INSERT INTO tasks AS t0 (id, project_id, title, status, position, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?, $?), ...
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
COMMIT;

-- tasks.assign: 3 statement(s), 3 round trip(s)
SELECT (
  SELECT JSON_BUILD_OBJECT('organizationId', t1.organization_id)
  FROM projects AS t1
  WHERE t0.project_id = t1.id
  LIMIT 1) AS project
FROM tasks AS t0
WHERE t0.id = $?
LIMIT 1;
SELECT t0.id AS id
FROM memberships AS t0
WHERE (t0.organization_id = $? AND t0.user_id = $?)
LIMIT 1;
UPDATE tasks AS t0
SET assignee_id = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- tasks.reorder: 32 statement(s), 32 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT t0.id AS id
FROM tasks AS t0
WHERE t0.project_id = $?;
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
UPDATE tasks AS t0
SET position = $?, updated_at = $?
WHERE t0.id = $?
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
COMMIT;

-- tasks.listForProject: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt", (
  SELECT JSON_BUILD_OBJECT('id', t1.id, 'email', t1.email, 'name', t1.name)
  FROM users AS t1
  WHERE t0.assignee_id = t1.id
  LIMIT 1) AS assignee
FROM tasks AS t0
WHERE t0.project_id = $?
ORDER BY t0.position ASC, t0.id ASC;

-- downloads.upsertRelease: 1 statement(s), 1 round trip(s)
INSERT INTO downloads AS t0 (id, version, platform, url, released_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?)
ON CONFLICT (version, platform) DO UPDATE
SET url = $?, released_at = $?, updated_at = $?
WHERE (t0.version = $? AND t0.platform = $?)
RETURNING t0.id AS id, t0.version AS version, t0.platform AS platform, t0.url AS url, t0."count" AS "count", t0.released_at AS "releasedAt", t0.updated_at AS "updatedAt";

-- downloads.latestPerPlatform: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.version AS version, t0.platform AS platform, t0.url AS url, t0."count" AS "count", t0.released_at AS "releasedAt", t0.updated_at AS "updatedAt"
FROM (
  SELECT t0.*, ROW_NUMBER() OVER (PARTITION BY t0.platform
    ORDER BY t0.platform ASC, t0.released_at DESC, t0.version DESC) AS __compat_distinct
  FROM downloads AS t0) AS t0
WHERE t0.__compat_distinct = 1
ORDER BY t0.platform ASC, t0.released_at DESC, t0.version DESC;

-- downloads.recordDownload: 1 statement(s), 1 round trip(s)
UPDATE downloads AS t0
SET "count" = t0."count" + $?, updated_at = $?
WHERE (t0.version = $? AND t0.platform = $?)
RETURNING t0.id AS id, t0.version AS version, t0.platform AS platform, t0.url AS url, t0."count" AS "count", t0.released_at AS "releasedAt", t0.updated_at AS "updatedAt";

-- audit.append: 1 statement(s), 1 round trip(s)
INSERT INTO audit_logs AS t0 (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt";

-- audit.listForEntity: 1 statement(s), 1 round trip(s)
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt"
FROM audit_logs AS t0
WHERE (t0.entity_type = $? AND t0.entity_id = $?)
ORDER BY t0.id DESC
LIMIT $?;

-- transaction: 11 statement(s), 11 round trip(s)
BEGIN;
INSERT INTO organizations AS t3 (id, slug, name, plan, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?)
RETURNING t3.id AS id, t3.slug AS slug, t3.name AS name, t3.plan AS plan, t3.created_at AS "createdAt", t3.updated_at AS "updatedAt";
INSERT INTO memberships AS t4 (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t4.id AS id, t4.organization_id AS "organizationId", t4.user_id AS "userId", t4.role AS role, t4.created_at AS "createdAt";
SELECT t5.id AS id, t5.slug AS slug, t5.name AS name, t5.plan AS plan, t5.created_at AS "createdAt", t5.updated_at AS "updatedAt", (
  SELECT COALESCE(JSON_AGG(t7.j
      ORDER BY t7.rn ASC), '[]'::JSON)
  FROM (
    SELECT JSON_BUILD_OBJECT('id', t6.id, 'organizationId', t6.organization_id, 'userId', t6.user_id, 'role', t6.role, 'createdAt', t6.created_at) AS j, ROW_NUMBER() OVER () AS rn
    FROM memberships AS t6
    WHERE t5.id = t6.organization_id) AS t7) AS memberships, t5.id AS __compat_pk0
FROM organizations AS t5
WHERE t5.id = $?;
INSERT INTO audit_logs AS t0 (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.actor_id AS "actorId", t0.entity_type AS "entityType", t0.entity_id AS "entityId", t0.action AS action, t0.before AS before, t0.after AS after, t0.created_at AS "createdAt";
SELECT t0.id AS id, (
  SELECT COALESCE(JSON_AGG(t2.j
      ORDER BY t2.rn ASC), '[]'::JSON)
  FROM (
    SELECT JSON_BUILD_OBJECT('id', t1.id) AS j, ROW_NUMBER() OVER () AS rn
    FROM memberships AS t1
    WHERE (t0.id = t1.organization_id AND t1.user_id = $?)) AS t2) AS memberships
FROM organizations AS t0
WHERE t0.id = $?
LIMIT 1;
INSERT INTO projects AS t0 (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT MAX(sub.position) AS "_max$position"
FROM (
  SELECT t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt"
  FROM tasks AS t0
  WHERE t0.project_id = $?) AS sub;
INSERT INTO tasks AS t0 (id, project_id, title, status, position, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?, $?), ...
RETURNING t0.id AS id, t0.project_id AS "projectId", t0.title AS title, t0.status AS status, t0.assignee_id AS "assigneeId", t0.position AS position, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";
COMMIT;

-- users.create [email taken]: 1 statement(s), 1 round trip(s)
INSERT INTO users AS t0 (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING t0.id AS id, t0.email AS email, t0.name AS name, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt";

-- projects.getDetail [missing]: 2 statement(s), 2 round trip(s)
SELECT t0.id AS id, t0.organization_id AS "organizationId", t0.owner_id AS "ownerId", t0.name AS name, t0.status AS status, t0.metadata AS metadata, array_to_json(t0.tags) AS tags, t0.created_at AS "createdAt", t0.updated_at AS "updatedAt", (
  SELECT JSON_BUILD_OBJECT('id', t1.id, 'email', t1.email, 'name', t1.name)
  FROM users AS t1
  WHERE t0.owner_id = t1.id
  LIMIT 1) AS owner
FROM projects AS t0
WHERE t0.id = $?
LIMIT 1;
SELECT t0.status AS status, COUNT(*) AS "_count$_all"
FROM tasks AS t0
WHERE t0.project_id = $?
GROUP BY t0.status;
