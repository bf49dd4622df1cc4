/**
 * The repository port. Every implementation (Prisma, Drizzle, hand-written SQL, the Prisma facade
 * over Drizzle) returns a {@link Repositories}; nothing ORM-specific crosses this interface.
 */
import type { AuditRepository } from "./audit.ts";
import type { DownloadRepository } from "./downloads.ts";
import type { OrganizationRepository } from "./organizations.ts";
import type { ProjectRepository } from "./projects.ts";
import type { SessionRepository } from "./sessions.ts";
import type { TaskRepository } from "./tasks.ts";
import type { UserRepository } from "./users.ts";

export type * from "./audit.ts";
export type * from "./downloads.ts";
export type * from "./organizations.ts";
export type * from "./projects.ts";
export type * from "./sessions.ts";
export type * from "./tasks.ts";
export type * from "./users.ts";
export { PROJECT_SORT_FIELDS } from "./projects.ts";

/** The implementations this project ships. */
export const IMPLEMENTATIONS = ["prisma", "drizzle", "sql", "prisma-on-drizzle"] as const;
export type ImplementationName = (typeof IMPLEMENTATIONS)[number];

/** Every aggregate's repository, bound to one connection or one transaction. */
export interface RepositorySet {
  users: UserRepository;
  sessions: SessionRepository;
  organizations: OrganizationRepository;
  projects: ProjectRepository;
  tasks: TaskRepository;
  downloads: DownloadRepository;
  audit: AuditRepository;
}

export interface Repositories extends RepositorySet {
  readonly implementation: ImplementationName;
  /**
   * A unit of work: every call made through `tx` runs in one database transaction, committed when
   * `work` resolves and rolled back when it throws (the error is rethrown unchanged). Operations
   * that open their own transaction (createWithOwner, updateStatus, reorder, ...) join this one.
   * Calls through the outer repositories are not part of it.
   */
  transaction<T>(work: (tx: RepositorySet) => Promise<T>): Promise<T>;
  /** Releases the implementation's connections. The instance is unusable afterwards. */
  close(): Promise<void>;
}
