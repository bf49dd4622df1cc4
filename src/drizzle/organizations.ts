/**
 * Organizations and memberships through Drizzle. The "at least one owner" rule holds under
 * concurrency: a change that could remove an owner first locks the organization's OWNER rows
 * (FOR UPDATE, in id order so two such changes cannot deadlock), then decides from the locked rows.
 * A concurrent change that already committed has by then been re-read by the lock: a demoted or
 * removed owner is no longer among the rows returned.
 */
import { newId } from "../domain/ids.ts";
import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { forbidden, notFound } from "../domain/errors.ts";
import type { OrganizationRepository } from "../repositories/organizations.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toMembership, toOrganization } from "./mappers.ts";
import { auditLogs, memberships, organizations } from "./schema.ts";

/** Locks the organization's owner memberships and returns the owners' user ids. */
async function lockOwners(db: DrizzleDb, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "OWNER")))
    .orderBy(asc(memberships.id))
    .for("update");
  return rows.map((r) => r.userId);
}

function assertNotLastOwner(owners: string[], userId: string, organizationId: string, action: string): void {
  if (owners.length === 1 && owners[0] === userId) {
    throw forbidden(`cannot ${action} the organization's last owner`, { organizationId, userId });
  }
}

const memberKey = (organizationId: string, userId: string) =>
  and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId));

/**
 * `createWithOwner`'s statement, with placeholders: ids, dates and the audit entry's JSON are passed
 * in, since $defaultFn values would be computed once, when the statement is built.
 */
function createWithOwnerStatement(db: DrizzleDb, name: string) {
  const organizationId = sql.placeholder("organizationId");
  const ownerId = sql.placeholder("ownerId");
  const now = sql.placeholder("now");
  const organization = db.$with("organization").as(
    db
      .insert(organizations)
      .values({
        id: organizationId,
        slug: sql.placeholder("slug"),
        name: sql.placeholder("name"),
        plan: sql.placeholder("plan"),
        createdAt: now,
        updatedAt: now,
      })
      .returning(),
  );
  const membership = db.$with("membership").as(
    db
      .insert(memberships)
      .values({ id: sql.placeholder("membershipId"), organizationId, userId: ownerId, role: "OWNER", createdAt: now })
      .returning(),
  );
  const audit = db.$with("audit").as(
    db
      .insert(auditLogs)
      .values({
        organizationId,
        actorId: ownerId,
        entityType: "organization",
        entityId: organizationId,
        action: "organization.created",
        after: sql`${sql.placeholder("after")}::jsonb`,
        createdAt: now,
      })
      .returning({ id: auditLogs.id }),
  );
  return db
    .with(organization, membership, audit)
    .select({
      organization: {
        id: organization.id,
        slug: organization.slug,
        name: organization.name,
        plan: organization.plan,
        createdAt: organization.createdAt,
        updatedAt: organization.updatedAt,
      },
      membership: {
        id: membership.id,
        organizationId: membership.organizationId,
        userId: membership.userId,
        role: membership.role,
        createdAt: membership.createdAt,
      },
    })
    .from(organization)
    .crossJoin(membership)
    .prepare(name);
}

/** The organization repository on `ctx`. */
export function drizzleOrganizations(ctx: DrizzleContext): OrganizationRepository {
  const { db, prepared } = ctx;
  // The hot reads, prepared once (DrizzleContext.prepared).
  const bySlug = () =>
    prepared("organizations.findBySlug", (name) =>
      db
        .select()
        .from(organizations)
        .where(eq(organizations.slug, sql.placeholder("slug")))
        .prepare(name),
    );
  const forUser = () =>
    prepared("organizations.listForUser", (name) => {
      const mine = alias(memberships, "mine");
      return db
        .select({
          organization: organizations,
          role: mine.role,
          memberCount: db.$count(memberships, eq(memberships.organizationId, organizations.id)),
        })
        .from(mine)
        .innerJoin(organizations, eq(organizations.id, mine.organizationId))
        .where(eq(mine.userId, sql.placeholder("userId")))
        .orderBy(asc(organizations.name), asc(organizations.id))
        .prepare(name);
    });
  const create = () => prepared("organizations.createWithOwner", (name) => createWithOwnerStatement(db, name));
  return {
    // Three inserts in ONE statement (data-modifying CTEs): atomic without BEGIN/COMMIT, one round
    // trip instead of five. The ids are made here, so no insert waits for another's RETURNING; the
    // foreign keys are checked at the end of the statement, when the organization row exists. A taken
    // slug fails the statement (CONFLICT), an unknown owner fails the membership's foreign key
    // (NOT_FOUND), and either way nothing is left behind.
    createWithOwner: (input) =>
      translateErrors(async () => {
        const [row] = await create().execute({
          organizationId: newId(),
          membershipId: newId(),
          slug: input.slug,
          name: input.name,
          plan: input.plan ?? "FREE",
          ownerId: input.ownerId,
          after: JSON.stringify({ slug: input.slug, name: input.name, plan: input.plan ?? "FREE" }),
          now: new Date(),
        });
        return { organization: toOrganization(row!.organization), membership: toMembership(row!.membership) };
      }),

    findBySlug: (slug) =>
      translateErrors(async () => {
        const [row] = await bySlug().execute({ slug });
        return row ? toOrganization(row) : null;
      }),

    // One query: the user's memberships joined to their organizations, each with a correlated
    // count of all its members.
    listForUser: (userId) =>
      translateErrors(async () => {
        const rows = await forUser().execute({ userId });
        return rows.map((r) => ({
          organization: toOrganization(r.organization),
          role: r.role,
          memberCount: r.memberCount,
        }));
      }),

    addMember: (input) =>
      translateErrors(async () => {
        const [row] = await db
          .insert(memberships)
          .values({ organizationId: input.organizationId, userId: input.userId, role: input.role })
          .returning();
        return toMembership(row!);
      }),

    changeRole: (input) =>
      translateErrors(async () => {
        const update = async (tx: DrizzleDb) => {
          const [row] = await tx
            .update(memberships)
            .set({ role: input.role })
            .where(memberKey(input.organizationId, input.userId))
            .returning();
          if (!row) throw notFound("Membership", { organizationId: input.organizationId, userId: input.userId });
          return toMembership(row);
        };
        // Making someone an owner can never break the rule: one statement, no lock.
        if (input.role === "OWNER") return update(db);
        return ctx.atomic(async (tx) => {
          assertNotLastOwner(await lockOwners(tx, input.organizationId), input.userId, input.organizationId, "demote");
          return update(tx);
        });
      }),

    removeMember: (input) =>
      translateErrors(() =>
        ctx.atomic(async (tx) => {
          assertNotLastOwner(await lockOwners(tx, input.organizationId), input.userId, input.organizationId, "remove");
          const deleted = await tx
            .delete(memberships)
            .where(memberKey(input.organizationId, input.userId))
            .returning({ id: memberships.id });
          if (deleted.length === 0)
            throw notFound("Membership", { organizationId: input.organizationId, userId: input.userId });
        }),
      ),
  };
}
