/**
 * `projects.create` through Drizzle: one INSERT ... SELECT from the owner's membership row, built
 * once per context with named placeholders (DrizzleContext.prepared).
 */
import { and, eq, sql } from "drizzle-orm";
import { forbidden, notFound } from "../domain/errors.ts";
import { newId } from "../domain/ids.ts";
import type { Project } from "../domain/types.ts";
import type { CreateProjectInput } from "../repositories/projects.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toProject } from "./mappers.ts";
import { memberships, organizations, projects } from "./schema.ts";
import { placeholderOf } from "./sql-helpers.ts";

/**
 * The INSERT: a non-member owner selects no membership row, so nothing is inserted (the row is
 * key-share-locked against a concurrent removal). Placeholders: id, organizationId, ownerId, name,
 * status, metadata, tags, now. Each value is encoded by its column when the statement runs (JSON to
 * text, arrays to array literals, Dates to ISO strings), as a bound value would be.
 */
function insertStatement(db: DrizzleDb, name: string) {
  return db
    .insert(projects)
    .select((qb) =>
      qb
        .select({
          id: sql<string>`${sql.placeholder("id")}::text`.as("id"),
          organizationId: memberships.organizationId,
          ownerId: memberships.userId,
          name: sql<string>`${sql.placeholder("name")}::text`.as("name"),
          status: placeholderOf(projects.status, "status").as("status"),
          metadata: placeholderOf(projects.metadata, "metadata").as("metadata"),
          tags: placeholderOf(projects.tags, "tags").as("tags"),
          createdAt: placeholderOf(projects.createdAt, "now").as("created_at"),
          updatedAt: placeholderOf(projects.updatedAt, "now").as("updated_at"),
        })
        .from(memberships)
        .where(
          and(
            eq(memberships.organizationId, sql.placeholder("organizationId")),
            eq(memberships.userId, sql.placeholder("ownerId")),
          ),
        )
        .for("key share"),
    )
    .returning()
    .prepare(name);
}

/** Whether an organization exists (tells NOT_FOUND from FORBIDDEN after nothing was inserted). */
function organizationExistsStatement(db: DrizzleDb, name: string) {
  return db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, sql.placeholder("organizationId")))
    .prepare(name);
}

/**
 * `create`. One statement in the normal case; only when nothing was inserted does a second query
 * tell NOT_FOUND from FORBIDDEN.
 */
export function createProject({ db, prepared }: DrizzleContext, input: CreateProjectInput): Promise<Project> {
  return translateErrors(async () => {
    const { organizationId, ownerId } = input;
    const [row] = await prepared("projects.create", (name) => insertStatement(db, name)).execute({
      id: newId(),
      organizationId,
      ownerId,
      name: input.name,
      status: input.status ?? "ACTIVE",
      metadata: input.metadata ?? {},
      tags: input.tags ?? [],
      now: new Date(),
    });
    if (row) return toProject(row);
    const exists = prepared("projects.organizationExists", (name) => organizationExistsStatement(db, name));
    const [organization] = await exists.execute({ organizationId });
    if (!organization) throw notFound("Organization", { id: organizationId });
    throw forbidden("the owner is not a member of the organization", { organizationId, ownerId });
  });
}
