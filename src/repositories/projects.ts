import type { CountedPage, JsonObject, Project, ProjectDetail, ProjectStatus } from "../domain/types.ts";

export interface CreateProjectInput {
  organizationId: string;
  /** Must be a member of the organization. */
  ownerId: string;
  name: string;
  status?: ProjectStatus;
  /** A JSON object of at most 16 KiB serialized; default `{}`. */
  metadata?: JsonObject;
  /** At most 20 distinct tags of 1 to 50 characters; default none. */
  tags?: string[];
}

export const PROJECT_SORT_FIELDS = ["name", "createdAt", "updatedAt"] as const;
export type ProjectSortField = (typeof PROJECT_SORT_FIELDS)[number];

export interface ListProjectsInput {
  organizationId: string;
  status?: ProjectStatus;
  /** Only projects carrying this tag. */
  tag?: string;
  /** Case-insensitive literal substring of the name. */
  search?: string;
  /** Default `{ field: "createdAt", direction: "desc" }`; ties are broken by id ascending. */
  sort?: { field: ProjectSortField; direction: "asc" | "desc" };
  /** 0 to 10 000; default 0. */
  offset?: number;
  /** 1 to 100; default 20. */
  limit?: number;
}

/**
 * What an implementation's `listByOrganization` receives: with-validation.ts has filled the
 * defaults, so implementations do not apply them again (one place decides them).
 */
export interface ListProjectsQuery extends ListProjectsInput {
  sort: { field: ProjectSortField; direction: "asc" | "desc" };
  offset: number;
  limit: number;
}

export interface StatusChangeInput {
  projectId: string;
  status: ProjectStatus;
  /** Recorded in the audit entry. */
  actorId: string;
}

/** Projects: jsonb, text[], enum filters, offset pagination with totals, aggregates. */
export interface ProjectRepository {
  /** @throws VALIDATION; NOT_FOUND no such organization; FORBIDDEN the owner is not a member. */
  create(input: CreateProjectInput): Promise<Project>;
  /** The project with its owner and its task count per status. @throws NOT_FOUND. */
  getDetail(projectId: string): Promise<ProjectDetail>;
  /** One page of the organization's projects and the total number that match the filters. */
  listByOrganization(input: ListProjectsInput): Promise<CountedPage<Project>>;
  /**
   * Sets the status and appends a `project.status_changed` audit entry (before/after status) in the
   * same transaction. @throws NOT_FOUND.
   */
  updateStatus(input: StatusChangeInput): Promise<Project>;
  /** `updateStatus` to ARCHIVED, audited as `project.archived`. @throws NOT_FOUND. */
  archive(input: { projectId: string; actorId: string }): Promise<Project>;
  /** Number of the organization's projects in each status, zeros included. */
  statusSummary(organizationId: string): Promise<Record<ProjectStatus, number>>;
}
