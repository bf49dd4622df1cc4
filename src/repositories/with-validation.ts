/**
 * Validation at the boundary, once for every implementation: each operation's input is checked and
 * normalized here (emails lower-cased, names trimmed, defaults filled in) before the implementation
 * sees it, so implementations only ever receive valid input and bad input never reaches a query.
 */
import { validation } from "../domain/errors.ts";
import { MEMBER_ROLES, PLANS, PROJECT_STATUSES, TASK_STATUSES } from "../domain/types.ts";
import * as v from "../domain/validation.ts";
import type { ListAuditQuery } from "./audit.ts";
import type { ListProjectsQuery } from "./projects.ts";
import type { Repositories, RepositorySet } from "./index.ts";
import type { ListUsersQuery } from "./users.ts";
import { PROJECT_SORT_FIELDS } from "./projects.ts";

const TOKEN_HASH = /^[0-9a-f]{64}$/;

function tokenHash(field: string, value: unknown): string {
  if (typeof value !== "string" || !TOKEN_HASH.test(value))
    throw validation(field, "must be 64 lower-case hex characters (SHA-256)");
  return value;
}

const optionalDate = (field: string, value: unknown): Date | undefined =>
  value === undefined ? undefined : v.date(field, value);

/** Wraps one repository set (bound to a pool or to a transaction) with the boundary checks. */
function validateSet(inner: RepositorySet): RepositorySet {
  const { users, sessions, organizations, projects, tasks, downloads, audit } = inner;
  return {
    users: {
      create: async (input) =>
        users.create({ email: v.email("email", input?.email), name: v.text("name", input?.name, { max: 200 }) }),
      findById: async (id) => users.findById(v.id("id", id)),
      getById: async (id) => users.getById(v.id("id", id)),
      findByEmail: async (email) => users.findByEmail(v.email("email", email)),
      update: async (id, patch) => {
        const clean: { email?: string; name?: string } = {};
        if (patch?.email !== undefined) clean.email = v.email("email", patch.email);
        if (patch?.name !== undefined) clean.name = v.text("name", patch.name, { max: 200 });
        if (clean.email === undefined && clean.name === undefined)
          throw validation("patch", "must change at least one field");
        return users.update(v.id("id", id), clean);
      },
      delete: async (id) => users.delete(v.id("id", id)),
      list: async (input = {}) =>
        users.list({
          search: v.search("search", input.search),
          limit: v.limit("limit", input.limit),
          cursor: v.cursor("cursor", input.cursor),
        } satisfies ListUsersQuery),
    },
    sessions: {
      create: async (input) =>
        sessions.create({
          userId: v.id("userId", input?.userId),
          tokenHash: tokenHash("tokenHash", input?.tokenHash),
          expiresAt: v.date("expiresAt", input?.expiresAt),
        }),
      findActiveByTokenHash: async (hash, now) =>
        sessions.findActiveByTokenHash(tokenHash("tokenHash", hash), optionalDate("now", now) ?? new Date()),
      revoke: async (id) => sessions.revoke(v.id("sessionId", id)),
      deleteExpired: async (now) => sessions.deleteExpired(optionalDate("now", now) ?? new Date()),
    },
    organizations: {
      createWithOwner: async (input) =>
        organizations.createWithOwner({
          slug: v.slug("slug", input?.slug),
          name: v.text("name", input?.name, { max: 200 }),
          plan: input?.plan === undefined ? "FREE" : v.oneOf("plan", input.plan, PLANS),
          ownerId: v.id("ownerId", input?.ownerId),
        }),
      findBySlug: async (slug) => organizations.findBySlug(v.slug("slug", slug)),
      listForUser: async (userId) => organizations.listForUser(v.id("userId", userId)),
      addMember: async (input) =>
        organizations.addMember({
          organizationId: v.id("organizationId", input?.organizationId),
          userId: v.id("userId", input?.userId),
          role: v.oneOf("role", input?.role, MEMBER_ROLES),
        }),
      changeRole: async (input) =>
        organizations.changeRole({
          organizationId: v.id("organizationId", input?.organizationId),
          userId: v.id("userId", input?.userId),
          role: v.oneOf("role", input?.role, MEMBER_ROLES),
        }),
      removeMember: async (input) =>
        organizations.removeMember({
          organizationId: v.id("organizationId", input?.organizationId),
          userId: v.id("userId", input?.userId),
        }),
    },
    projects: {
      create: async (input) =>
        projects.create({
          organizationId: v.id("organizationId", input?.organizationId),
          ownerId: v.id("ownerId", input?.ownerId),
          name: v.text("name", input?.name, { max: 200 }),
          status: input?.status === undefined ? "ACTIVE" : v.oneOf("status", input.status, PROJECT_STATUSES),
          metadata: input?.metadata === undefined ? {} : v.jsonObject("metadata", input.metadata),
          tags: input?.tags === undefined ? [] : v.tags("tags", input.tags),
        }),
      getDetail: async (id) => projects.getDetail(v.id("projectId", id)),
      listByOrganization: async (input) => {
        const sort = input?.sort ?? { field: "createdAt", direction: "desc" };
        return projects.listByOrganization({
          organizationId: v.id("organizationId", input?.organizationId),
          status: input?.status === undefined ? undefined : v.oneOf("status", input.status, PROJECT_STATUSES),
          tag: input?.tag === undefined ? undefined : v.text("tag", input.tag, { max: 50 }),
          search: v.search("search", input?.search),
          sort: {
            field: v.oneOf("sort.field", sort.field, PROJECT_SORT_FIELDS),
            direction: v.oneOf("sort.direction", sort.direction, ["asc", "desc"] as const),
          },
          offset: input?.offset === undefined ? 0 : v.integer("offset", input.offset, 0, 10_000),
          limit: v.limit("limit", input?.limit),
        } satisfies ListProjectsQuery);
      },
      updateStatus: async (input) =>
        projects.updateStatus({
          projectId: v.id("projectId", input?.projectId),
          status: v.oneOf("status", input?.status, PROJECT_STATUSES),
          actorId: v.id("actorId", input?.actorId),
        }),
      archive: async (input) =>
        projects.archive({ projectId: v.id("projectId", input?.projectId), actorId: v.id("actorId", input?.actorId) }),
      statusSummary: async (organizationId) => projects.statusSummary(v.id("organizationId", organizationId)),
    },
    tasks: {
      createMany: async (projectId, list) => {
        if (!Array.isArray(list) || list.length === 0 || list.length > 1000)
          throw validation("tasks", "must be an array of 1 to 1000 tasks");
        const clean = list.map((t, i) => ({
          title: v.text(`tasks[${i}].title`, t?.title, { max: 500 }),
          status: t?.status === undefined ? ("TODO" as const) : v.oneOf(`tasks[${i}].status`, t.status, TASK_STATUSES),
        }));
        return tasks.createMany(v.id("projectId", projectId), clean);
      },
      assign: async (input) =>
        tasks.assign({
          taskId: v.id("taskId", input?.taskId),
          assigneeId: input?.assigneeId === null ? null : v.id("assigneeId", input?.assigneeId),
        }),
      reorder: async (projectId, ids) => {
        if (!Array.isArray(ids) || ids.length > 10_000)
          throw validation("orderedTaskIds", "must be an array of at most 10000 ids");
        const clean = ids.map((id, i) => v.id(`orderedTaskIds[${i}]`, id));
        if (new Set(clean).size !== clean.length) throw validation("orderedTaskIds", "must not repeat an id");
        return tasks.reorder(v.id("projectId", projectId), clean);
      },
      listForProject: async (projectId) => tasks.listForProject(v.id("projectId", projectId)),
    },
    downloads: {
      upsertRelease: async (input) =>
        downloads.upsertRelease({
          version: v.text("version", input?.version, { max: 50 }),
          platform: v.text("platform", input?.platform, { max: 50 }),
          url: v.url("url", input?.url),
          releasedAt: optionalDate("releasedAt", input?.releasedAt) ?? new Date(),
        }),
      latestPerPlatform: () => downloads.latestPerPlatform(),
      recordDownload: async (input) =>
        downloads.recordDownload({
          version: v.text("version", input?.version, { max: 50 }),
          platform: v.text("platform", input?.platform, { max: 50 }),
        }),
    },
    audit: {
      append: async (input) =>
        audit.append({
          organizationId: input?.organizationId == null ? null : v.id("organizationId", input.organizationId),
          actorId: input?.actorId == null ? null : v.id("actorId", input.actorId),
          entityType: v.text("entityType", input?.entityType, { max: 50 }),
          entityId: v.id("entityId", input?.entityId),
          action: v.text("action", input?.action, { max: 100 }),
          before: input?.before == null ? null : v.json("before", input.before),
          after: input?.after == null ? null : v.json("after", input.after),
        }),
      listForEntity: async (input) => {
        const cursor = v.cursor("cursor", input?.cursor);
        // Audit ids are bigint: anything past its maximum cannot be a cursor this API handed out.
        if (cursor !== null && (!/^[0-9]{1,19}$/.test(cursor) || BigInt(cursor) > 9_223_372_036_854_775_807n)) {
          throw validation("cursor", "is not a valid audit cursor");
        }
        return audit.listForEntity({
          entityType: v.text("entityType", input?.entityType, { max: 50 }),
          entityId: v.id("entityId", input?.entityId),
          limit: v.limit("limit", input?.limit),
          cursor,
        } satisfies ListAuditQuery);
      },
    },
  };
}

/** Wraps a whole implementation, its unit of work included. */
export function withValidation(inner: Repositories): Repositories {
  return {
    ...validateSet(inner),
    implementation: inner.implementation,
    transaction: (work) => inner.transaction((tx) => work(validateSet(tx))),
    close: () => inner.close(),
  };
}
