/**
 * Organizations and memberships in hand-written SQL. Every operation is one statement, the
 * multi-step ones included:
 *
 * - createWithOwner inserts the organization, the OWNER membership and the audit entry through
 *   data-modifying CTEs. One statement is atomic on its own, so no BEGIN/COMMIT round trips; a
 *   taken slug (23505) or an unknown owner (23503, checked at the end of the statement) undoes all
 *   three.
 * - changeRole and removeMember enforce "at least one owner" under concurrency in the statement
 *   itself: they lock the organization's OWNER rows and the target (FOR UPDATE, in id order, so two
 *   such calls queue instead of deadlocking) and decide from the locked rows. Under READ COMMITTED a
 *   row that a concurrent call demoted or deleted before we got its lock is re-checked against the
 *   WHERE clause and drops out, so two owners removing each other cannot both succeed.
 */
import { forbidden, notFound } from "../domain/errors.ts";
import type { OrganizationRepository } from "../repositories/organizations.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { type MembershipRow, onlyRow, type OrganizationRow, toMembership, toOrganization } from "./rows.ts";

const CREATE_ORGANIZATION_WITH_OWNER = named(
  "orm_switch.sql.organizations.create_organization_with_owner",
  `
  WITH organization AS (
    INSERT INTO organizations (id, slug, name, plan, created_at, updated_at)
    VALUES ($1, $2, $3, $4::"Plan", $7, $7)
    RETURNING id, slug, name, plan, created_at, updated_at
  ), membership AS (
    INSERT INTO memberships (id, organization_id, user_id, role, created_at)
    SELECT $5, organization.id, $6, 'OWNER', $7
    FROM organization
    RETURNING id, organization_id, user_id, role, created_at
  ), audit AS (
    INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, after, created_at)
    SELECT organization.id, $6, 'organization', organization.id, 'organization.created',
           jsonb_build_object('slug', organization.slug, 'name', organization.name, 'plan', organization.plan), $7
    FROM organization
  )
  SELECT o.id, o.slug, o.name, o.plan, o.created_at, o.updated_at,
         m.id         AS membership_id,
         m.user_id    AS membership_user_id,
         m.role       AS membership_role,
         m.created_at AS membership_created_at
  FROM organization AS o
  CROSS JOIN membership AS m`,
);

const SELECT_ORGANIZATION_BY_SLUG = named(
  "orm_switch.sql.organizations.select_organization_by_slug",
  `
  SELECT id, slug, name, plan, created_at, updated_at
  FROM organizations
  WHERE slug = $1`,
);

// The member count is a correlated count on the (organization_id, user_id) unique index.
const LIST_ORGANIZATIONS_FOR_USER = named(
  "orm_switch.sql.organizations.list_organizations_for_user",
  `
  SELECT o.id, o.slug, o.name, o.plan, o.created_at, o.updated_at,
         m.role,
         (SELECT count(*)::int FROM memberships AS c WHERE c.organization_id = o.id) AS member_count
  FROM memberships   AS m
  JOIN organizations AS o ON o.id = m.organization_id
  WHERE m.user_id = $1
  ORDER BY o.name, o.id`,
);

const INSERT_MEMBERSHIP = named(
  "orm_switch.sql.organizations.insert_membership",
  `
  INSERT INTO memberships (id, organization_id, user_id, role, created_at)
  VALUES ($1, $2, $3, $4::"MemberRole", $5)
  RETURNING id, organization_id, user_id, role, created_at`,
);

// The rows the last-owner rule is decided on: every OWNER of the organization and the target.
const LOCK_OWNERS_AND_TARGET = `
    SELECT id, user_id, role
    FROM memberships
    WHERE organization_id = $1
      AND (role = 'OWNER' OR user_id = $2)
    ORDER BY id
    FOR UPDATE`;

// `allowed` holds the target when the change keeps an owner: the new role is OWNER, or the target
// is not an owner, or another locked owner remains. `found` tells NOT_FOUND from FORBIDDEN.
const CHANGE_ROLE = named(
  "orm_switch.sql.organizations.change_role",
  `
  WITH locked AS (${LOCK_OWNERS_AND_TARGET}
  ), target AS (
    SELECT id, role FROM locked WHERE user_id = $2
  ), allowed AS (
    SELECT target.id
    FROM target
    WHERE $3::"MemberRole" = 'OWNER'
       OR target.role <> 'OWNER'
       OR (SELECT count(*) FROM locked WHERE role = 'OWNER') > 1
  ), updated AS (
    UPDATE memberships AS m
    SET role = $3::"MemberRole"
    FROM allowed
    WHERE m.id = allowed.id
    RETURNING m.id, m.organization_id, m.user_id, m.role, m.created_at
  )
  SELECT found.found, updated.*
  FROM (SELECT EXISTS (SELECT 1 FROM target) AS found) AS found
  LEFT JOIN updated ON true`,
);

const REMOVE_MEMBER = named(
  "orm_switch.sql.organizations.remove_member",
  `
  WITH locked AS (${LOCK_OWNERS_AND_TARGET}
  ), target AS (
    SELECT id, role FROM locked WHERE user_id = $2
  ), allowed AS (
    SELECT target.id
    FROM target
    WHERE target.role <> 'OWNER'
       OR (SELECT count(*) FROM locked WHERE role = 'OWNER') > 1
  ), deleted AS (
    DELETE FROM memberships AS m
    USING allowed
    WHERE m.id = allowed.id
    RETURNING m.id
  )
  SELECT EXISTS (SELECT 1 FROM target)  AS found,
         EXISTS (SELECT 1 FROM deleted) AS removed`,
);

interface CreatedRow extends OrganizationRow {
  membership_id: string;
  membership_user_id: string;
  membership_role: MembershipRow["role"];
  membership_created_at: Date;
}

interface ListedRow extends OrganizationRow {
  role: MembershipRow["role"];
  member_count: number;
}

/** The organization repository on `db`. */
export function sqlOrganizations(db: SqlExecutor): OrganizationRepository {
  return {
    createWithOwner: (input) =>
      translateErrors(async () => {
        const params = [newId(), input.slug, input.name, input.plan ?? "FREE", newId(), input.ownerId, new Date()];
        const row = onlyRow((await db.query<CreatedRow>(CREATE_ORGANIZATION_WITH_OWNER, params)).rows);
        return {
          organization: toOrganization(row),
          membership: {
            id: row.membership_id,
            organizationId: row.id,
            userId: row.membership_user_id,
            role: row.membership_role,
            createdAt: row.membership_created_at,
          },
        };
      }),

    findBySlug: (slug) =>
      translateErrors(async () => {
        const { rows } = await db.query<OrganizationRow>(SELECT_ORGANIZATION_BY_SLUG, [slug]);
        return rows[0] ? toOrganization(rows[0]) : null;
      }),

    listForUser: (userId) =>
      translateErrors(async () => {
        const { rows } = await db.query<ListedRow>(LIST_ORGANIZATIONS_FOR_USER, [userId]);
        return rows.map((r) => ({ organization: toOrganization(r), role: r.role, memberCount: r.member_count }));
      }),

    addMember: (input) =>
      translateErrors(async () => {
        const { rows } = await db.query<MembershipRow>(INSERT_MEMBERSHIP, [
          newId(),
          input.organizationId,
          input.userId,
          input.role,
          new Date(),
        ]);
        return toMembership(onlyRow(rows));
      }),

    changeRole: (input) =>
      translateErrors(async () => {
        const { organizationId, userId } = input;
        const row = onlyRow(
          (
            await db.query<{ found: boolean } & Partial<MembershipRow>>(CHANGE_ROLE, [
              organizationId,
              userId,
              input.role,
            ])
          ).rows,
        );
        if (!row.found) throw notFound("Membership", { organizationId, userId });
        if (row.id === null || row.id === undefined)
          throw forbidden("cannot demote the organization's last owner", { organizationId, userId });
        return toMembership(row as MembershipRow);
      }),

    removeMember: (input) =>
      translateErrors(async () => {
        const { organizationId, userId } = input;
        const row = onlyRow(
          (await db.query<{ found: boolean; removed: boolean }>(REMOVE_MEMBER, [organizationId, userId])).rows,
        );
        if (!row.found) throw notFound("Membership", { organizationId, userId });
        if (!row.removed) throw forbidden("cannot remove the organization's last owner", { organizationId, userId });
      }),
  };
}
