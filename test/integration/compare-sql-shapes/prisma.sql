-- SQL sent by "prisma" per operation (normalized shape: placeholders as $?, repeated lists collapsed).
-- Regenerate after reviewing a change: npx vitest run test/integration/compare-sql.test.ts -u

-- users.create: 1 statement(s), 1 round trip(s)
INSERT INTO public.users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at;

-- users.findById: 1 statement(s), 1 round trip(s)
SELECT public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at
FROM public.users
WHERE (public.users.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;

-- users.getById: 1 statement(s), 1 round trip(s)
SELECT public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at
FROM public.users
WHERE (public.users.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;

-- users.findByEmail: 1 statement(s), 1 round trip(s)
SELECT public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at
FROM public.users
WHERE (public.users.email = $? AND 1 = 1)
LIMIT $?
OFFSET $?;

-- users.update: 1 statement(s), 1 round trip(s)
UPDATE public.users
SET name = $?, updated_at = $?
WHERE (public.users.id = $? AND 1 = 1)
RETURNING public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at;

-- users.delete: 1 statement(s), 1 round trip(s)
DELETE
FROM public.users
WHERE (public.users.id = $? AND 1 = 1)
RETURNING public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at;

-- users.list: 1 statement(s), 1 round trip(s)
SELECT public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at
FROM public.users
WHERE (public.users.name ILIKE ('%' || $? || '%') OR public.users.email ILIKE ('%' || $? || '%'))
ORDER BY public.users.id ASC
LIMIT $?
OFFSET $?;

-- sessions.create: 1 statement(s), 1 round trip(s)
INSERT INTO public.sessions (id, user_id, token_hash, expires_at, created_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING public.sessions.id, public.sessions.user_id, public.sessions.token_hash, public.sessions.expires_at, public.sessions.created_at;

-- sessions.findActiveByTokenHash: 2 statement(s), 2 round trip(s)
SELECT public.sessions.id, public.sessions.user_id, public.sessions.token_hash, public.sessions.expires_at, public.sessions.created_at
FROM public.sessions
WHERE (public.sessions.token_hash = $? AND public.sessions.expires_at > $?)
LIMIT $?
OFFSET $?;
SELECT public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at
FROM public.users
WHERE public.users.id IN ($?)
OFFSET $?;

-- sessions.revoke: 1 statement(s), 1 round trip(s)
DELETE
FROM public.sessions
WHERE (public.sessions.id = $? AND 1 = 1)
RETURNING public.sessions.id, public.sessions.user_id, public.sessions.token_hash, public.sessions.expires_at, public.sessions.created_at;

-- sessions.deleteExpired: 1 statement(s), 1 round trip(s)
DELETE
FROM public.sessions
WHERE public.sessions.expires_at <= $?;

-- organizations.createWithOwner: 7 statement(s), 7 round trip(s)
BEGIN;
INSERT INTO public.organizations (id, slug, name, plan, created_at, updated_at)
VALUES ($?, $?, $?, CAST($?::text AS public."Plan"), $?, $?)
RETURNING public.organizations.id;
INSERT INTO public.memberships (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, CAST($?::text AS public."MemberRole"), $?)
RETURNING public.memberships.id;
SELECT public.organizations.id, public.organizations.slug, public.organizations.name, public.organizations.plan::text, public.organizations.created_at, public.organizations.updated_at
FROM public.organizations
WHERE public.organizations.id = $?
LIMIT $?
OFFSET $?;
SELECT public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at
FROM public.memberships
WHERE public.memberships.organization_id = $?
OFFSET $?;
INSERT INTO public.audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at;
COMMIT;

-- organizations.findBySlug: 1 statement(s), 1 round trip(s)
SELECT public.organizations.id, public.organizations.slug, public.organizations.name, public.organizations.plan::text, public.organizations.created_at, public.organizations.updated_at
FROM public.organizations
WHERE (public.organizations.slug = $? AND 1 = 1)
LIMIT $?
OFFSET $?;

-- organizations.listForUser: 2 statement(s), 2 round trip(s)
SELECT public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at
FROM public.memberships
LEFT JOIN public.organizations AS orderby_1 ON (orderby_1.id) = (public.memberships.organization_id)
LEFT JOIN public.organizations AS orderby_2 ON (orderby_2.id) = (public.memberships.organization_id)
WHERE public.memberships.user_id = $?
ORDER BY orderby_1.name ASC, orderby_2.id ASC
OFFSET $?;
SELECT public.organizations.id, public.organizations.slug, public.organizations.name, public.organizations.plan::text, public.organizations.created_at, public.organizations.updated_at, COALESCE("aggr_selection_0_Membership"._aggr_count_memberships, 0) AS _aggr_count_memberships
FROM public.organizations
LEFT JOIN (
  SELECT public.memberships.organization_id, COUNT(*) AS _aggr_count_memberships
  FROM public.memberships
  WHERE 1 = 1
  GROUP BY public.memberships.organization_id) AS "aggr_selection_0_Membership" ON (public.organizations.id = "aggr_selection_0_Membership".organization_id)
WHERE public.organizations.id IN ($?, ...)
OFFSET $?;

-- organizations.addMember: 1 statement(s), 1 round trip(s)
INSERT INTO public.memberships (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, CAST($?::text AS public."MemberRole"), $?)
RETURNING public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at;

-- organizations.changeRole: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE organization_id = $? AND role = 'OWNER'
ORDER BY id
FOR UPDATE;
SELECT public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at
FROM public.memberships
WHERE ((public.memberships.organization_id = $? AND public.memberships.user_id = $?) AND 1 = 1)
LIMIT $?
OFFSET $?;
UPDATE public.memberships
SET role = CAST($?::text AS public."MemberRole")
WHERE (public.memberships.id = $? AND 1 = 1)
RETURNING public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at;
COMMIT;

-- organizations.removeMember: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT user_id
FROM memberships
WHERE organization_id = $? AND role = 'OWNER'
ORDER BY id
FOR UPDATE;
SELECT public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at
FROM public.memberships
WHERE ((public.memberships.organization_id = $? AND public.memberships.user_id = $?) AND 1 = 1)
LIMIT $?
OFFSET $?;
DELETE
FROM public.memberships
WHERE (public.memberships.id = $? AND 1 = 1)
RETURNING public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at;
COMMIT;

-- projects.create: 3 statement(s), 3 round trip(s)
SELECT public.organizations.id
FROM public.organizations
WHERE (public.organizations.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
SELECT public.memberships.id, public.memberships.organization_id
FROM public.memberships
WHERE (public.memberships.user_id = $? AND public.memberships.organization_id = $?)
OFFSET $?;
INSERT INTO public.projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
VALUES ($?, $?, $?, $?, CAST($?::text AS public."ProjectStatus"), $?, $?, $?, $?)
RETURNING public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at;

-- projects.getDetail: 3 statement(s), 3 round trip(s)
SELECT COUNT(*) AS "_count$_all", public.tasks.status::text
FROM public.tasks
WHERE public.tasks.project_id = $?
GROUP BY public.tasks.status
OFFSET $?;
SELECT public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at
FROM public.projects
WHERE (public.projects.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
SELECT public.users.id, public.users.email, public.users.name
FROM public.users
WHERE public.users.id = $?
OFFSET $?;

-- projects.listByOrganization: 4 statement(s), 4 round trip(s)
BEGIN;
SELECT public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at
FROM public.projects
WHERE public.projects.organization_id = $?
ORDER BY public.projects.name ASC, public.projects.id ASC
LIMIT $?
OFFSET $?;
SELECT COUNT(*) AS "_count$_all"
FROM (
  SELECT public.projects.id
  FROM public.projects
  WHERE public.projects.organization_id = $?
  OFFSET $?) AS sub;
COMMIT;

-- projects.updateStatus: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT public.projects.id, public.projects.status::text
FROM public.projects
WHERE (public.projects.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
UPDATE public.projects
SET status = CAST($?::text AS public."ProjectStatus"), updated_at = $?
WHERE (public.projects.id = $? AND 1 = 1)
RETURNING public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at;
INSERT INTO public.audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at;
COMMIT;

-- projects.archive: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT public.projects.id, public.projects.status::text
FROM public.projects
WHERE (public.projects.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
UPDATE public.projects
SET status = CAST($?::text AS public."ProjectStatus"), updated_at = $?
WHERE (public.projects.id = $? AND 1 = 1)
RETURNING public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at;
INSERT INTO public.audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at;
COMMIT;

-- projects.statusSummary: 1 statement(s), 1 round trip(s)
SELECT COUNT(*) AS "_count$_all", public.projects.status::text
FROM public.projects
WHERE public.projects.organization_id = $?
GROUP BY public.projects.status
OFFSET $?;

-- tasks.createMany: 5 statement(s), 5 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT MAX(position) AS "_max$position"
FROM (
  SELECT public.tasks.position
  FROM public.tasks
  WHERE public.tasks.project_id = $?
  OFFSET $?) AS sub;
INSERT INTO public.tasks (id, project_id, title, status, position, created_at, updated_at)
VALUES ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?)
RETURNING public.tasks.id;
COMMIT;

-- tasks.assign: 4 statement(s), 4 round trip(s)
SELECT public.tasks.id, public.tasks.project_id
FROM public.tasks
WHERE (public.tasks.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
SELECT public.projects.id, public.projects.organization_id
FROM public.projects
WHERE public.projects.id = $?
OFFSET $?;
SELECT public.memberships.id
FROM public.memberships
WHERE ((public.memberships.organization_id = $? AND public.memberships.user_id = $?) AND 1 = 1)
LIMIT $?
OFFSET $?;
UPDATE public.tasks
SET assignee_id = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;

-- tasks.reorder: 32 statement(s), 32 round trip(s)
BEGIN;
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT public.tasks.id
FROM public.tasks
WHERE public.tasks.project_id = $?
OFFSET $?;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
UPDATE public.tasks
SET position = $?, updated_at = $?
WHERE (public.tasks.id = $? AND 1 = 1)
RETURNING public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at;
COMMIT;

-- tasks.listForProject: 2 statement(s), 2 round trip(s)
SELECT public.tasks.id, public.tasks.project_id, public.tasks.title, public.tasks.status::text, public.tasks.assignee_id, public.tasks.position, public.tasks.created_at, public.tasks.updated_at
FROM public.tasks
WHERE public.tasks.project_id = $?
ORDER BY public.tasks.position ASC, public.tasks.id ASC
OFFSET $?;
SELECT public.users.id, public.users.email, public.users.name
FROM public.users
WHERE public.users.id IN ($?, ...)
OFFSET $?;

-- downloads.upsertRelease: 1 statement(s), 1 round trip(s)
INSERT INTO public.downloads (id, version, platform, url, "count", released_at, updated_at)
VALUES ($?, $?, $?, $?, $?, $?, $?)
ON CONFLICT (version, platform) DO UPDATE
SET url = $?, released_at = $?, updated_at = $?
WHERE ((public.downloads.version = $? AND public.downloads.platform = $?) AND 1 = 1)
RETURNING public.downloads.id, public.downloads.version, public.downloads.platform, public.downloads.url, public.downloads."count", public.downloads.released_at, public.downloads.updated_at;

-- downloads.latestPerPlatform: 1 statement(s), 1 round trip(s)
SELECT public.downloads.id, public.downloads.version, public.downloads.platform, public.downloads.url, public.downloads."count", public.downloads.released_at, public.downloads.updated_at
FROM public.downloads
WHERE 1 = 1
ORDER BY public.downloads.platform ASC, public.downloads.released_at DESC, public.downloads.version DESC
OFFSET $?;

-- downloads.recordDownload: 1 statement(s), 1 round trip(s)
UPDATE public.downloads
SET "count" = (public.downloads."count" + $?), updated_at = $?
WHERE ((public.downloads.version = $? AND public.downloads.platform = $?) AND 1 = 1)
RETURNING public.downloads.id, public.downloads."count";

-- audit.append: 1 statement(s), 1 round trip(s)
INSERT INTO public.audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at;

-- audit.listForEntity: 1 statement(s), 1 round trip(s)
SELECT public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at
FROM public.audit_logs
WHERE (public.audit_logs.entity_type = $? AND public.audit_logs.entity_id = $?)
ORDER BY public.audit_logs.id DESC
LIMIT $?
OFFSET $?;

-- transaction: 13 statement(s), 13 round trip(s)
BEGIN;
INSERT INTO public.organizations (id, slug, name, plan, created_at, updated_at)
VALUES ($?, $?, $?, CAST($?::text AS public."Plan"), $?, $?)
RETURNING public.organizations.id;
INSERT INTO public.memberships (id, organization_id, user_id, role, created_at)
VALUES ($?, $?, $?, CAST($?::text AS public."MemberRole"), $?)
RETURNING public.memberships.id;
SELECT public.organizations.id, public.organizations.slug, public.organizations.name, public.organizations.plan::text, public.organizations.created_at, public.organizations.updated_at
FROM public.organizations
WHERE public.organizations.id = $?
LIMIT $?
OFFSET $?;
SELECT public.memberships.id, public.memberships.organization_id, public.memberships.user_id, public.memberships.role::text, public.memberships.created_at
FROM public.memberships
WHERE public.memberships.organization_id = $?
OFFSET $?;
INSERT INTO public.audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
VALUES ($?, $?, $?, $?, $?, $?, $?, $?)
RETURNING public.audit_logs.id, public.audit_logs.organization_id, public.audit_logs.actor_id, public.audit_logs.entity_type, public.audit_logs.entity_id, public.audit_logs.action, public.audit_logs.before, public.audit_logs.after, public.audit_logs.created_at;
SELECT public.organizations.id
FROM public.organizations
WHERE (public.organizations.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
SELECT public.memberships.id, public.memberships.organization_id
FROM public.memberships
WHERE (public.memberships.user_id = $? AND public.memberships.organization_id = $?)
OFFSET $?;
INSERT INTO public.projects (id, organization_id, owner_id, name, status, metadata, tags, created_at, updated_at)
VALUES ($?, $?, $?, $?, CAST($?::text AS public."ProjectStatus"), $?, $?, $?, $?)
RETURNING public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at;
SELECT id
FROM projects
WHERE id = $?
FOR UPDATE;
SELECT MAX(position) AS "_max$position"
FROM (
  SELECT public.tasks.position
  FROM public.tasks
  WHERE public.tasks.project_id = $?
  OFFSET $?) AS sub;
INSERT INTO public.tasks (id, project_id, title, status, position, created_at, updated_at)
VALUES ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?), ($?, $?, $?, CAST($?::text AS public."TaskStatus"), $?, $?, $?)
RETURNING public.tasks.id;
COMMIT;

-- users.create [email taken]: 1 statement(s), 1 round trip(s)
INSERT INTO public.users (id, email, name, created_at, updated_at)
VALUES ($?, $?, $?, $?, $?)
RETURNING public.users.id, public.users.email, public.users.name, public.users.created_at, public.users.updated_at;

-- projects.getDetail [missing]: 2 statement(s), 2 round trip(s)
SELECT COUNT(*) AS "_count$_all", public.tasks.status::text
FROM public.tasks
WHERE public.tasks.project_id = $?
GROUP BY public.tasks.status
OFFSET $?;
SELECT public.projects.id, public.projects.organization_id, public.projects.owner_id, public.projects.name, public.projects.status::text, public.projects.metadata, public.projects.tags, public.projects.created_at, public.projects.updated_at
FROM public.projects
WHERE (public.projects.id = $? AND 1 = 1)
LIMIT $?
OFFSET $?;
