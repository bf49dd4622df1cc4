/**
 * Rows as Drizzle returns them -> domain objects. Explicit copies, so a column added to the schema
 * never leaks through the repository interface, and the few representation changes live here:
 * bigint audit ids become decimal strings, a NULL `tags` array reads as [] (the column is nullable,
 * as Prisma declares `String[]`, though nothing writes NULL to it).
 */
import type {
  AuditEntry,
  Download,
  Membership,
  Organization,
  Project,
  Session,
  Task,
  TaskWithAssignee,
  User,
  UserSummary,
} from "../domain/types.ts";
import type { auditLogs, downloads, memberships, organizations, projects, sessions, tasks, users } from "./schema.ts";

export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type MembershipRow = typeof memberships.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type DownloadRow = typeof downloads.$inferSelect;
export type AuditRow = typeof auditLogs.$inferSelect;

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toUserSummary = (r: Pick<UserRow, "id" | "email" | "name">): UserSummary => ({
  id: r.id,
  email: r.email,
  name: r.name,
});

export const toOrganization = (r: OrganizationRow): Organization => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  plan: r.plan,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toMembership = (r: MembershipRow): Membership => ({
  id: r.id,
  organizationId: r.organizationId,
  userId: r.userId,
  role: r.role,
  createdAt: r.createdAt,
});

export const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  organizationId: r.organizationId,
  ownerId: r.ownerId,
  name: r.name,
  status: r.status,
  metadata: r.metadata,
  tags: r.tags ?? [],
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const toTask = (r: TaskRow): Task => ({
  id: r.id,
  projectId: r.projectId,
  title: r.title,
  status: r.status,
  assigneeId: r.assigneeId,
  position: r.position,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/**
 * A task row with its LEFT JOINed assignee's email and name: {@link toTask}'s object, with the
 * assignee added to it in place. Not a spread of the Task into a new literal: this runs once per
 * row of `listForProject` (mapping 287 rows on the shared 2-core machine, medians: one literal of
 * every field 11-15 µs, this 31-77 µs, a spread 440-1100 µs).
 */
export const toTaskWithAssignee = (
  r: TaskRow & { assigneeEmail: string | null; assigneeName: string | null },
): TaskWithAssignee =>
  Object.assign(toTask(r), {
    assignee: r.assigneeId === null ? null : { id: r.assigneeId, email: r.assigneeEmail!, name: r.assigneeName! },
  });

export const toSession = (r: SessionRow): Session => ({
  id: r.id,
  userId: r.userId,
  tokenHash: r.tokenHash,
  expiresAt: r.expiresAt,
  createdAt: r.createdAt,
});

export const toDownload = (r: DownloadRow): Download => ({
  id: r.id,
  version: r.version,
  platform: r.platform,
  url: r.url,
  count: r.count,
  releasedAt: r.releasedAt,
  updatedAt: r.updatedAt,
});

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  id: r.id.toString(),
  organizationId: r.organizationId,
  actorId: r.actorId,
  entityType: r.entityType,
  entityId: r.entityId,
  action: r.action,
  before: r.before ?? null,
  after: r.after ?? null,
  createdAt: r.createdAt,
});
