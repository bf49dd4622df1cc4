import { forbidden, notFound } from "../domain/errors.ts";
import type { MemberRole } from "../domain/types.ts";
import type { OrganizationRepository } from "../repositories/organizations.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";
import { DbNull } from "../prisma-runtime/index.ts";
import type { Prisma } from "./generated/client.ts";

/**
 * Locks the organization's OWNER memberships and returns their user ids. Prisma has no `FOR UPDATE`,
 * so this one statement is raw SQL: without the lock, two owners removing each other concurrently
 * would each see two owners and both succeed, leaving none. Rows are locked in id order (no deadlock);
 * a waiter re-reads after the other transaction commits, so it sees the owners that are left.
 */
async function lockOwners(tx: Prisma.TransactionClient, organizationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id FROM memberships
    WHERE organization_id = ${organizationId} AND role = 'OWNER'
    ORDER BY id
    FOR UPDATE`;
  return rows.map((r) => r.user_id);
}

function assertOwnerRemains(owners: string[], userId: string, organizationId: string, losesOwnership: boolean): void {
  if (losesOwnership && owners.length === 1 && owners[0] === userId) {
    throw forbidden("an organization must keep at least one owner", { organizationId, userId });
  }
}

export function prismaOrganizations({ db, atomically }: PrismaContext): OrganizationRepository {
  return {
    createWithOwner: ({ slug, name, plan, ownerId }) =>
      translating("Organization", "write", () =>
        atomically(async (tx) => {
          // Nested write: the OWNER membership is created with the organization.
          const { memberships, ...organization } = await tx.organization.create({
            data: { slug, name, plan, memberships: { create: { userId: ownerId, role: "OWNER" } } },
            include: { memberships: true },
          });
          await tx.auditLog.create({
            data: {
              organizationId: organization.id,
              actorId: ownerId,
              entityType: "organization",
              entityId: organization.id,
              action: "organization.created",
              before: DbNull,
              after: { slug, name, plan: organization.plan },
            },
          });
          return { organization, membership: memberships[0]! };
        }),
      ),
    findBySlug: (slug) => translating("Organization", "write", () => db.organization.findUnique({ where: { slug } })),
    listForUser: (userId) =>
      translating("Organization", "write", async () => {
        const rows = await db.membership.findMany({
          where: { userId },
          include: { organization: { include: { _count: { select: { memberships: true } } } } },
          orderBy: [{ organization: { name: "asc" } }, { organization: { id: "asc" } }],
        });
        return rows.map(({ role, organization: { _count, ...organization } }) => ({
          organization,
          role,
          memberCount: _count.memberships,
        }));
      }),
    addMember: ({ organizationId, userId, role }) =>
      translating("Membership", "write", () => db.membership.create({ data: { organizationId, userId, role } })),
    changeRole: ({ organizationId, userId, role }) =>
      translating("Membership", "write", () =>
        atomically(async (tx) => {
          const owners = await lockOwners(tx, organizationId);
          const current = await tx.membership.findUnique({
            where: { organizationId_userId: { organizationId, userId } },
          });
          if (!current) throw notFound("Membership", { organizationId, userId });
          assertOwnerRemains(
            owners,
            userId,
            organizationId,
            current.role === "OWNER" && role !== ("OWNER" satisfies MemberRole),
          );
          return tx.membership.update({ where: { id: current.id }, data: { role } });
        }),
      ),
    removeMember: ({ organizationId, userId }) =>
      translating("Membership", "delete", () =>
        atomically(async (tx) => {
          const owners = await lockOwners(tx, organizationId);
          const current = await tx.membership.findUnique({
            where: { organizationId_userId: { organizationId, userId } },
          });
          if (!current) throw notFound("Membership", { organizationId, userId });
          assertOwnerRemains(owners, userId, organizationId, current.role === "OWNER");
          await tx.membership.delete({ where: { id: current.id } });
        }),
      ),
  };
}
