/**
 * Domain types: what every repository returns, whichever implementation ran the query.
 * Plain data only. Dates are `Date` (millisecond precision, like PostgreSQL's timestamp(3)),
 * audit ids are decimal strings (bigint in the database, not safe as a JS number).
 */

export const PLANS = ["FREE", "PRO", "ENTERPRISE"] as const;
export type Plan = (typeof PLANS)[number];

export const MEMBER_ROLES = ["OWNER", "ADMIN", "MEMBER"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const PROJECT_STATUSES = ["ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const TASK_STATUSES = ["TODO", "IN_PROGRESS", "DONE"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface User {
  id: string;
  /** Stored trimmed and lower-cased, which is what makes it unique case-insensitively. */
  email: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  createdAt: Date;
  updatedAt: Date;
}

export interface Membership {
  id: string;
  organizationId: string;
  userId: string;
  role: MemberRole;
  createdAt: Date;
}

/** One row of `organizations.listForUser`. */
export interface OrganizationForUser {
  organization: Organization;
  /** The listed user's role in this organization. */
  role: MemberRole;
  /** How many members the organization has, the listed user included. */
  memberCount: number;
}

export interface Project {
  id: string;
  organizationId: string;
  ownerId: string;
  name: string;
  status: ProjectStatus;
  metadata: JsonObject;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** The public part of a user, as embedded in other aggregates. */
export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

export interface ProjectDetail extends Project {
  owner: UserSummary;
  /** Task count for every status, zeros included. */
  taskCounts: Record<TaskStatus, number>;
}

export interface Task {
  id: string;
  projectId: string;
  title: string;
  status: TaskStatus;
  assigneeId: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface TaskWithAssignee extends Task {
  assignee: UserSummary | null;
}

export interface Session {
  id: string;
  userId: string;
  /** SHA-256 of the bearer token, hex. The token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface SessionWithUser extends Session {
  user: User;
}

export interface Download {
  id: string;
  version: string;
  platform: string;
  url: string;
  count: number;
  releasedAt: Date;
  updatedAt: Date;
}

export interface AuditEntry {
  /** bigint identity as a decimal string. */
  id: string;
  organizationId: string | null;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: JsonValue | null;
  after: JsonValue | null;
  createdAt: Date;
}

/** A keyset page: pass `nextCursor` back to get the next page; null means there is none. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An offset page with the total number of matching rows. */
export interface CountedPage<T> {
  items: T[];
  total: number;
}
