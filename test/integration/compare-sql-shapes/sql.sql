-- SQL sent by "sql" per operation (normalized shape: placeholders as $?, repeated lists collapsed).
-- Regenerate after reviewing a change: npx vitest run test/integration/compare-sql.test.ts -u

-- users.create: 1 statement(s), 1 round trip(s)
INSERT INTO users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, email, name, created_at, updated_at;

-- users.findById: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE id = $?;

-- users.getById: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE id = $?;

-- users.findByEmail: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE email = $?;

-- users.update: 1 statement(s), 1 round trip(s)
UPDATE users
SET email = COALESCE($?, email), name = COALESCE($?, name), updated_at = $?
WHERE id = $?
RETURNING id, email, name, created_at, updated_at;

-- users.delete: 1 statement(s), 1 round trip(s)
DELETE
FROM users
WHERE id = $?;

-- users.list: 1 statement(s), 1 round trip(s)
SELECT id, email, name, created_at, updated_at
FROM users
WHERE ($?::text IS NULL OR name ILIKE $? OR email ILIKE $?) AND ($?::text IS NULL OR id > $?)
ORDER BY id
LIMIT $?;

-- sessions.create: 1 statement(s), 1 round trip(s)
INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, user_id, token_hash, expires_at, created_at;

-- sessions.findActiveByTokenHash: 1 statement(s), 1 round trip(s)
SELECT s.id, s.user_id, s.token_hash, s.expires_at, s.created_at, u.email AS user_email, u.name AS user_name, u.created_at AS user_created_at, u.updated_at AS user_updated_at
FROM sessions AS s
JOIN users AS u ON u.id = s.user_id
WHERE s.token_hash = $? AND s.expires_at > $?;

-- sessions.revoke: 1 statement(s), 1 round trip(s)
DELETE
FROM sessions
WHERE id = $?;

-- sessions.deleteExpired: 1 statement(s), 1 round trip(s)
DELETE
FROM sessions
WHERE expires_at <= $?;

-- organizations.createWithOwner: 1 statement(s), 1 round trip(s)
WITH organization AS (
  INSERT INTO organizations (id, slug, name, plan, created_at, updated_at)
  VALUES ($?, $?, $?, $?::"Plan", $?, $?)
  RETURNING id, slug, name, plan, created_at, updated_at),
membership AS (
  INSERT INTO memberships (id, organization_id, user_id, role, created_at)
  SELECT $?, organization.id, $?, 'OWNER', $?
  FROM organization
  RETURNING id, organization_id, user_id, role, created_at),
audit AS (
  INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, after, created_at)
  SELECT organization.id, $?, 'organization', organization.id, 'organization.created', JSONB_BUILD_OBJECT('slug', organization.slug, 'name', organization.name, 'plan', organization.plan), $?
  FROM organization)
SELECT o.id, o.slug, o.name, o.plan, o.created_at, o.updated_at, m.id AS membership_id, m.user_id AS membership_user_id, m.role AS membership_role, m.created_at AS membership_created_at
FROM organization AS o
CROSS JOIN membership AS m;

-- organizations.findBySlug: 1 statement(s), 1 round trip(s)
SELECT id, slug, name, plan, created_at, updated_at
FROM organizations
WHERE slug = $?;

-- organizations.listForUser: 1 statement(s), 1 round trip(s)
SELECT o.id, o.slug, o.name, o.plan, o.created_at, o.updated_at, m.role, (
  SELECT COUNT(*)::int
  FROM memberships AS c
  WHERE c.organization_id = o.id) AS member_count
FROM memberships AS m
JOIN organizations AS o ON o.id = m.organization_id
WHERE m.user_id = $?
ORDER BY o.name, o.id;

-- organizations.addMember: 1 statement(s), 1 round trip(s)
INSERT INTO memberships (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, $?::"MemberRole", $?)
RETURNING id, organization_id, user_id, role, created_at;

-- organizations.changeRole: 1 statement(s), 1 round trip(s)
WITH LOCKED AS (
  SELECT id, user_id, role
  FROM memberships
  WHERE organization_id = $? AND (role = 'OWNER' OR user_id = $?)
  ORDER BY id
  FOR UPDATE),
target AS (
  SELECT id, role
  FROM LOCKED
  WHERE user_id = $?),
allowed AS (
  SELECT target.id
  FROM target
  WHERE $?::"MemberRole" = 'OWNER' OR target.role <> 'OWNER' OR (
    SELECT COUNT(*)
    FROM LOCKED
    WHERE role = 'OWNER') > 1),
updated AS (
  UPDATE memberships AS m
  SET role = $?::"MemberRole"
  FROM allowed
  WHERE m.id = allowed.id
  RETURNING m.id, m.organization_id, m.user_id, m.role, m.created_at)
SELECT found.found, updated.*
FROM (
  SELECT EXISTS (
    SELECT 1
    FROM target) AS found) AS found
LEFT JOIN updated ON TRUE;

-- organizations.removeMember: 1 statement(s), 1 round trip(s)
WITH LOCKED AS (
  SELECT id, user_id, role
  FROM memberships
  WHERE organization_id = $? AND (role = 'OWNER' OR user_id = $?)
  ORDER BY id
  FOR UPDATE),
target AS (
  SELECT id, role
  FROM LOCKED
  WHERE user_id = $?),
allowed AS (
  SELECT target.id
  FROM target
  WHERE target.role <> 'OWNER' OR (
    SELECT COUNT(*)
    FROM LOCKED
    WHERE role = 'OWNER') > 1),
deleted AS (
  DELETE
  FROM memberships AS m USING allowed
  WHERE m.id = allowed.id
  RETURNING m.id)
SELECT EXISTS (
  SELECT 1
  FROM target) AS found, EXISTS (
  SELECT 1
  FROM deleted) AS removed;

-- projects.create: 1 statement(s), 1 round trip(s)
WITH membership AS (
  SELECT 1
  FROM memberships
  WHERE organization_id = $? AND user_id = $?
  FOR KEY SHARE),
inserted AS (
  INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
  SELECT $?, $?, $?, $?, $?::"ProjectStatus", $?::jsonb, $?::text[], $?, $?
  WHERE EXISTS (
    SELECT 1
    FROM membership)
  RETURNING id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
SELECT found.organization_found, inserted.*
FROM (
  SELECT EXISTS (
    SELECT 1
    FROM organizations
    WHERE id = $?) AS organization_found) AS found
LEFT JOIN inserted ON TRUE;

-- projects.getDetail: 1 statement(s), 1 round trip(s)
SELECT p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at, u.email AS owner_email, u.name AS owner_name, counts.todo, counts.in_progress, counts.done
FROM projects AS p
JOIN users AS u ON u.id = p.owner_id
CROSS JOIN LATERAL (
  SELECT COUNT(*) FILTER (
    WHERE t.status = 'TODO')::int AS todo, COUNT(*) FILTER (
    WHERE t.status = 'IN_PROGRESS')::int AS in_progress, COUNT(*) FILTER (
    WHERE t.status = 'DONE')::int AS done
  FROM tasks AS t
  WHERE t.project_id = p.id) AS counts
WHERE p.id = $?;

-- projects.listByOrganization: 1 statement(s), 1 round trip(s)
WITH matching AS (
  SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
  FROM projects
  WHERE organization_id = $? AND ($?::"ProjectStatus" IS NULL OR status = $?::"ProjectStatus") AND ($?::text IS NULL OR tags @> ARRAY [$?::text]) AND ($?::text IS NULL OR name ILIKE $?)),
page AS (
  SELECT *
  FROM matching
  ORDER BY name ASC, id ASC
  LIMIT $?
  OFFSET $?)
SELECT total.total, page.*
FROM (
  SELECT COUNT(*)::int AS total
  FROM matching) AS total
LEFT JOIN page ON TRUE
ORDER BY name ASC, id ASC;

-- projects.updateStatus: 1 statement(s), 1 round trip(s)
WITH previous AS (
  SELECT id, status
  FROM projects
  WHERE id = $?
  FOR NO KEY UPDATE),
updated AS (
  UPDATE projects AS p
  SET status = $?::"ProjectStatus", updated_at = $?
  FROM previous
  WHERE p.id = previous.id
  RETURNING p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at, previous.status AS previous_status),
audit AS (
  INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  SELECT organization_id, $?, 'project', id, $?, JSONB_BUILD_OBJECT('status', previous_status), JSONB_BUILD_OBJECT('status', status), $?
  FROM updated)
SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
FROM updated;

-- projects.archive: 1 statement(s), 1 round trip(s)
WITH previous AS (
  SELECT id, status
  FROM projects
  WHERE id = $?
  FOR NO KEY UPDATE),
updated AS (
  UPDATE projects AS p
  SET status = $?::"ProjectStatus", updated_at = $?
  FROM previous
  WHERE p.id = previous.id
  RETURNING p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at, previous.status AS previous_status),
audit AS (
  INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  SELECT organization_id, $?, 'project', id, $?, JSONB_BUILD_OBJECT('status', previous_status), JSONB_BUILD_OBJECT('status', status), $?
  FROM updated)
SELECT id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at
FROM updated;

-- projects.statusSummary: 1 statement(s), 1 round trip(s)
SELECT COUNT(*) FILTER (
  WHERE status = 'ACTIVE')::int AS active, COUNT(*) FILTER (
  WHERE status = 'PAUSED')::int AS paused, COUNT(*) FILTER (
  WHERE status = 'COMPLETED')::int AS completed, COUNT(*) FILTER (
  WHERE status = 'ARCHIVED')::int AS archived
FROM projects
WHERE organization_id = $?;

-- tasks.createMany: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR NO KEY UPDATE;
INSERT INTO tasks (id, project_id, title, status, position, created_at, updated_at)
SELECT batch.id, $?, batch.title, batch.status, (next.position + batch.ordinal - 1)::int, $?, $?
FROM (
  SELECT COALESCE(MAX(position) + 1, 0) AS position
  FROM tasks
  WHERE project_id = $?) AS next
CROSS JOIN UNNEST($?::text[], $?::text[], $?::"TaskStatus"[]) WITH ORDINALITY AS batch(id, title, status, ordinal);
COMMIT;

-- tasks.assign: 1 statement(s), 1 round trip(s)
WITH membership AS (
  SELECT m.user_id
  FROM tasks AS t
  JOIN projects AS p ON p.id = t.project_id
  JOIN memberships AS m ON m.organization_id = p.organization_id AND m.user_id = $?
  WHERE t.id = $?
  FOR KEY SHARE OF m),
updated AS (
  UPDATE tasks
  SET assignee_id = membership.user_id, updated_at = $?
  FROM membership
  WHERE tasks.id = $?
  RETURNING tasks.id, tasks.project_id, tasks.title, tasks.status, tasks.assignee_id, tasks.position, tasks.created_at, tasks.updated_at)
SELECT found.task_found, updated.*
FROM (
  SELECT EXISTS (
    SELECT 1
    FROM tasks
    WHERE id = $?) AS task_found) AS found
LEFT JOIN updated ON TRUE;

-- tasks.reorder: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR NO KEY UPDATE;
WITH wanted AS (
  SELECT id, (ordinal - 1)::int AS position
  FROM UNNEST($?::text[]) WITH ORDINALITY AS w(id, ordinal)),
current AS (
  SELECT id
  FROM tasks
  WHERE project_id = $?),
verdict AS (
  SELECT (
    SELECT COUNT(*)
    FROM current) = cardinality($?::text[]) AND NOT EXISTS (
    SELECT id
    FROM wanted EXCEPT
    SELECT id
    FROM current) AS ok),
updated AS (
  UPDATE tasks AS t
  SET position = wanted.position, updated_at = $?
  FROM wanted, verdict
  WHERE verdict.ok AND t.id = wanted.id AND t.project_id = $?
  RETURNING t.id)
SELECT verdict.ok
FROM verdict;
COMMIT;

-- tasks.listForProject: 1 statement(s), 1 round trip(s)
SELECT t.id, t.project_id, t.title, t.status, t.assignee_id, t.position, t.created_at, t.updated_at, u.email AS assignee_email, u.name AS assignee_name
FROM tasks AS t
LEFT JOIN users AS u ON u.id = t.assignee_id
WHERE t.project_id = $?
ORDER BY t.position, t.id;

-- downloads.upsertRelease: 1 statement(s), 1 round trip(s)
INSERT INTO downloads (id, version, platform, url, COUNT, released_at, updated_at)
VALUES ($?, $?, $?, $?, 0, $?, $?)
ON CONFLICT (version, platform) DO UPDATE
SET url = EXCLUDED.url, released_at = EXCLUDED.released_at, updated_at = EXCLUDED.updated_at
RETURNING id, version, platform, url, COUNT, released_at, updated_at;

-- downloads.latestPerPlatform: 1 statement(s), 1 round trip(s)
SELECT DISTINCT ON (platform) id, version, platform, url, COUNT, released_at, updated_at
FROM downloads
ORDER BY platform, released_at DESC, version DESC;

-- downloads.recordDownload: 1 statement(s), 1 round trip(s)
UPDATE downloads
SET COUNT = COUNT + 1, updated_at = $?
WHERE version = $? AND platform = $?
RETURNING COUNT;

-- audit.append: 1 statement(s), 1 round trip(s)
INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?::jsonb, $?::jsonb, $?)
RETURNING id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at;

-- audit.listForEntity: 1 statement(s), 1 round trip(s)
SELECT id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at
FROM audit_logs
WHERE entity_type = $? AND entity_id = $? AND ($?::bigint IS NULL OR id < $?::bigint)
ORDER BY id DESC
LIMIT $?;

-- transaction: 6 statement(s), 6 round trip(s)
BEGIN;
WITH organization AS (
  INSERT INTO organizations (id, slug, name, plan, created_at, updated_at)
  VALUES ($?, $?, $?, $?::"Plan", $?, $?)
  RETURNING id, slug, name, plan, created_at, updated_at),
membership AS (
  INSERT INTO memberships (id, organization_id, user_id, role, created_at)
  SELECT $?, organization.id, $?, 'OWNER', $?
  FROM organization
  RETURNING id, organization_id, user_id, role, created_at),
audit AS (
  INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, after, created_at)
  SELECT organization.id, $?, 'organization', organization.id, 'organization.created', JSONB_BUILD_OBJECT('slug', organization.slug, 'name', organization.name, 'plan', organization.plan), $?
  FROM organization)
SELECT o.id, o.slug, o.name, o.plan, o.created_at, o.updated_at, m.id AS membership_id, m.user_id AS membership_user_id, m.role AS membership_role, m.created_at AS membership_created_at
FROM organization AS o
CROSS JOIN membership AS m;
WITH membership AS (
  SELECT 1
  FROM memberships
  WHERE organization_id = $? AND user_id = $?
  FOR KEY SHARE),
inserted AS (
  INSERT INTO projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
  SELECT $?, $?, $?, $?, $?::"ProjectStatus", $?::jsonb, $?::text[], $?, $?
  WHERE EXISTS (
    SELECT 1
    FROM membership)
  RETURNING id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
SELECT found.organization_found, inserted.*
FROM (
  SELECT EXISTS (
    SELECT 1
    FROM organizations
    WHERE id = $?) AS organization_found) AS found
LEFT JOIN inserted ON TRUE;
SELECT id
FROM projects
WHERE id = $?
FOR NO KEY UPDATE;
INSERT INTO tasks (id, project_id, title, status, position, created_at, updated_at)
SELECT batch.id, $?, batch.title, batch.status, (next.position + batch.ordinal - 1)::int, $?, $?
FROM (
  SELECT COALESCE(MAX(position) + 1, 0) AS position
  FROM tasks
  WHERE project_id = $?) AS next
CROSS JOIN UNNEST($?::text[], $?::text[], $?::"TaskStatus"[]) WITH ORDINALITY AS batch(id, title, status, ordinal);
COMMIT;

-- users.create [email taken]: 1 statement(s), 1 round trip(s)
INSERT INTO users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING id, email, name, created_at, updated_at;

-- projects.getDetail [missing]: 1 statement(s), 1 round trip(s)
SELECT p.id, p.organization_id, p.owner_id, p.name, p.status, p.metadata, p.tags, p.created_at, p.updated_at, u.email AS owner_email, u.name AS owner_name, counts.todo, counts.in_progress, counts.done
FROM projects AS p
JOIN users AS u ON u.id = p.owner_id
CROSS JOIN LATERAL (
  SELECT COUNT(*) FILTER (
    WHERE t.status = 'TODO')::int AS todo, COUNT(*) FILTER (
    WHERE t.status = 'IN_PROGRESS')::int AS in_progress, COUNT(*) FILTER (
    WHERE t.status = 'DONE')::int AS done
  FROM tasks AS t
  WHERE t.project_id = p.id) AS counts
WHERE p.id = $?;
