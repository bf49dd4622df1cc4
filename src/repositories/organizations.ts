import type { MemberRole, Membership, Organization, OrganizationForUser, Plan } from "../domain/types.ts";

export interface CreateOrganizationInput {
  /** Lower-case letters, digits and single hyphens, 1 to 64 characters. */
  slug: string;
  name: string;
  plan?: Plan;
  /** The user who becomes the first OWNER. */
  ownerId: string;
}

export interface MemberInput {
  organizationId: string;
  userId: string;
}

export interface RoleInput extends MemberInput {
  role: MemberRole;
}

/** Organizations and their memberships, with the "at least one owner" rule. */
export interface OrganizationRepository {
  /**
   * Creates the organization, the owner's OWNER membership and an `organization.created` audit
   * entry, in one transaction: all three or none.
   * @throws VALIDATION; CONFLICT slug taken; NOT_FOUND no such owner.
   */
  createWithOwner(input: CreateOrganizationInput): Promise<{ organization: Organization; membership: Membership }>;
  /** The organization with this slug, or null. */
  findBySlug(slug: string): Promise<Organization | null>;
  /** The user's organizations with their role and each organization's member count, by name then id. */
  listForUser(userId: string): Promise<OrganizationForUser[]>;
  /** @throws CONFLICT already a member; NOT_FOUND no such organization or user. */
  addMember(input: RoleInput): Promise<Membership>;
  /** @throws NOT_FOUND not a member; FORBIDDEN it would leave the organization without an owner. */
  changeRole(input: RoleInput): Promise<Membership>;
  /** @throws NOT_FOUND not a member; FORBIDDEN it would remove the last owner. */
  removeMember(input: MemberInput): Promise<void>;
}
