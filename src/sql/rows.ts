/**
 * Result rows as the statements return them (snake_case columns, values already parsed by
 * type-parsers.ts) and their mapping to domain objects. Explicit copies: a column added to a table
 * never leaks through the repository interface.
 */
import type {
  AuditEntry,
  Download,
  JsonObject,
  JsonValue,
  MemberRole,
  Membership,
  Organization,
  Plan,
  Project,
  ProjectStatus,
  Session,
  Task,
  TaskStatus,
  User,
} from "../domain/types.ts";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

export interface OrganizationRow {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  created_at: Date;
  updated_at: Date;
}

export interface MembershipRow {
  id: string;
  organization_id: string;
  user_id: string;
  role: MemberRole;
  created_at: Date;
}

export interface ProjectRow {
  id: string;
  organization_id: string;
  owner_id: string;
  name: string;
  status: ProjectStatus;
  metadata: JsonObject;
  /** Nullable in the schema (Prisma's `String[]`), although nothing writes NULL. */
  tags: string[] | null;
  created_at: Date;
  updated_at: Date;
}

export interface TaskRow {
  id: string;
  project_id: string;
  title: string;
  status: TaskStatus;
  assignee_id: string | null;
  position: number;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRow {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  created_at: Date;
}

export interface DownloadRow {
  id: string;
  version: string;
  platform: string;
  url: string;
  count: number;
  released_at: Date;
  updated_at: Date;
}

export interface AuditRow {
  /** bigint, as a decimal string. */
  id: string;
  organization_id: string | null;
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: JsonValue | null;
  after: JsonValue | null;
  created_at: Date;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  plan: r.plan,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toMembership = (r: MembershipRow): Membership => ({
  id: r.id,
  organizationId: r.organization_id,
  userId: r.user_id,
  role: r.role,
  createdAt: r.created_at,
});

export const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  organizationId: r.organization_id,
  ownerId: r.owner_id,
  name: r.name,
  status: r.status,
  metadata: r.metadata,
  tags: r.tags ?? [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toTask = (r: TaskRow): Task => ({
  id: r.id,
  projectId: r.project_id,
  title: r.title,
  status: r.status,
  assigneeId: r.assignee_id,
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const toSession = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.user_id,
  tokenHash: r.token_hash,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});

export const toDownload = (r: DownloadRow): Download => ({
  id: r.id,
  version: r.version,
  platform: r.platform,
  url: r.url,
  count: r.count,
  releasedAt: r.released_at,
  updatedAt: r.updated_at,
});

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  organizationId: r.organization_id,
  actorId: r.actor_id,
  entityType: r.entity_type,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
  createdAt: r.created_at,
});

/** The single row a statement that must return one returned. @throws Error when there is none (a bug). */
export function onlyRow<R>(rows: R[]): R {
  const [row] = rows;
  if (row === undefined) throw new Error("expected one row, the statement returned none");
  return row;
}
