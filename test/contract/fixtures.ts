/**
 * Builders for contract tests: valid, unique inputs so tests state only what they are about.
 */
import type { MemberRole, Organization, Project, User } from "../../src/domain/types.ts";
import type { CreateProjectInput, RepositorySet } from "../../src/repositories/index.ts";

let counter = 0;

/** A string unique within this process, safe in emails and slugs. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

export function makeUser(repos: RepositorySet, overrides: { email?: string; name?: string } = {}): Promise<User> {
  const key = unique("user");
  return repos.users.create({ email: overrides.email ?? `${key}@example.com`, name: overrides.name ?? `User ${key}` });
}

/** An organization with a fresh owner. */
export async function makeOrganization(
  repos: RepositorySet,
  options: { owner?: User; name?: string } = {},
): Promise<{ organization: Organization; owner: User }> {
  const owner = options.owner ?? (await makeUser(repos));
  const slug = unique("org");
  const { organization } = await repos.organizations.createWithOwner({
    slug,
    name: options.name ?? `Org ${slug}`,
    ownerId: owner.id,
  });
  return { organization, owner };
}

/** A user who is a member of the organization with the given role. */
export async function makeMember(
  repos: RepositorySet,
  organizationId: string,
  role: MemberRole = "MEMBER",
): Promise<User> {
  const user = await makeUser(repos);
  await repos.organizations.addMember({ organizationId, userId: user.id, role });
  return user;
}

/** A project in a fresh organization (or the given one), owned by the organization's owner. */
export async function makeProject(
  repos: RepositorySet,
  options: { organization?: Organization; owner?: User } & Partial<
    Omit<CreateProjectInput, "organizationId" | "ownerId">
  > = {},
): Promise<{ project: Project; organization: Organization; owner: User }> {
  const { organization: orgOption, owner: ownerOption, ...rest } = options;
  let organization = orgOption;
  let owner = ownerOption;
  if (!organization) ({ organization, owner } = await makeOrganization(repos, { owner }));
  if (!owner) throw new Error("makeProject: pass the owner together with the organization");
  const project = await repos.projects.create({
    organizationId: organization.id,
    ownerId: owner.id,
    name: rest.name ?? unique("Project"),
    ...rest,
  });
  return { project, organization, owner };
}
