/**
 * A small, fixed data set for the compat tests: stable ids and timestamps (so results can be
 * compared across clients), nullable columns both null and set, duplicate sort keys, strings with
 * LIKE wildcards and mixed case, tags (also a NULL list) and JSON. Inserted with plain SQL, outside either client.
 */
import { type Comparison, createComparison } from "../../src/fuzz/compare.ts";
import type { TestDatabase } from "../support/database.ts";

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
const at = (minutes: number): string => new Date(T0 + minutes * 60_000 + 123).toISOString();

export const USERS = [
  { id: "u1", email: "ada@example.com", name: "Ada" },
  { id: "u2", email: "bob_b@example.com", name: "bob" },
  { id: "u3", email: "Carol%@example.org", name: "Carol" },
  { id: "u4", email: "dan@example.org", name: "Ada" },
  { id: "u5", email: "eve@example.net", name: "Éve" },
  { id: "u6", email: "fay@example.com", name: "fay_x" },
] as const;

export const ORGANIZATIONS = [
  { id: "o1", slug: "acme", name: "Acme", plan: "PRO" },
  { id: "o2", slug: "beta", name: "Beta", plan: "FREE" },
  { id: "o3", slug: "empty", name: "Empty", plan: "ENTERPRISE" },
] as const;

export const MEMBERSHIPS = [
  { id: "m1", organizationId: "o1", userId: "u1", role: "OWNER" },
  { id: "m2", organizationId: "o1", userId: "u2", role: "ADMIN" },
  { id: "m3", organizationId: "o1", userId: "u3", role: "MEMBER" },
  { id: "m4", organizationId: "o2", userId: "u4", role: "OWNER" },
  { id: "m5", organizationId: "o2", userId: "u1", role: "MEMBER" },
] as const;

export const PROJECTS = [
  {
    id: "p1",
    organizationId: "o1",
    ownerId: "u1",
    name: "Apollo",
    status: "ACTIVE",
    tags: ["space", "nasa"],
    metadata: { tier: 1 },
  },
  { id: "p2", organizationId: "o1", ownerId: "u2", name: "apollo 2", status: "PAUSED", tags: [], metadata: {} },
  {
    id: "p3",
    organizationId: "o1",
    ownerId: "u1",
    name: "Gemini",
    status: "ARCHIVED",
    tags: ["space"],
    metadata: { tier: 2, legacy: true },
  },
  { id: "p4", organizationId: "o2", ownerId: "u4", name: "Zeta_%", status: "ACTIVE", tags: ["x y"], metadata: {} },
  // A NULL String[] (rows written outside Prisma, or before the column had its default): Prisma reads it as [].
  {
    id: "p5",
    organizationId: "o2",
    ownerId: "u4",
    name: "Hermes",
    status: "COMPLETED",
    tags: null,
    metadata: { tier: 3 },
  },
] as const;

export const TASKS = [
  { id: "t1", projectId: "p1", title: "Design", status: "DONE", assigneeId: "u1", position: 0 },
  { id: "t2", projectId: "p1", title: "Build", status: "IN_PROGRESS", assigneeId: "u2", position: 1 },
  { id: "t3", projectId: "p1", title: "test", status: "TODO", assigneeId: null, position: 1 },
  { id: "t4", projectId: "p2", title: "Plan", status: "TODO", assigneeId: "u2", position: 0 },
  { id: "t5", projectId: "p3", title: "Archive", status: "DONE", assigneeId: null, position: 5 },
  { id: "t6", projectId: "p4", title: "Zap", status: "TODO", assigneeId: "u4", position: 2 },
] as const;

export const SESSIONS = [
  { id: "s1", userId: "u1", tokenHash: "a".repeat(64), expiresAt: at(60) },
  { id: "s2", userId: "u2", tokenHash: "b".repeat(64), expiresAt: at(-60) },
] as const;

export const DOWNLOADS = [
  { id: "d1", version: "1.0.0", platform: "linux-x64", url: "https://example.com/1", count: 3, releasedAt: at(1) },
  { id: "d2", version: "1.1.0", platform: "linux-x64", url: "https://example.com/2", count: 0, releasedAt: at(2) },
  { id: "d3", version: "1.0.0", platform: "darwin-arm64", url: "https://example.com/3", count: 7, releasedAt: at(1) },
] as const;

export const AUDIT = [
  {
    organizationId: "o1",
    actorId: "u1",
    entityType: "project",
    entityId: "p1",
    action: "created",
    before: null,
    after: { name: "Apollo" },
  },
  {
    organizationId: "o1",
    actorId: "u2",
    entityType: "project",
    entityId: "p1",
    action: "renamed",
    before: { name: "A" },
    after: { name: "Apollo" },
  },
  {
    organizationId: null,
    actorId: null,
    entityType: "user",
    entityId: "u3",
    action: "deleted",
    before: [1, "x"],
    after: null,
  },
] as const;

/** Every id of the data set: anything else in a result was made by the operation under test. */
export const SEED_IDS = new Set<string>(
  [...USERS, ...ORGANIZATIONS, ...MEMBERSHIPS, ...PROJECTS, ...TASKS, ...SESSIONS, ...DOWNLOADS].map((r) => r.id),
);

/** Empties the database and inserts the data set. */
export async function seed(db: TestDatabase): Promise<void> {
  await db.reset();
  let minute = 0;
  const ts = (): string => at(minute++);
  for (const u of USERS)
    await db.query(`INSERT INTO users (id, email, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [
      u.id,
      u.email,
      u.name,
      ts(),
    ]);
  for (const o of ORGANIZATIONS) {
    await db.query(
      `INSERT INTO organizations (id, slug, name, plan, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [o.id, o.slug, o.name, o.plan, ts()],
    );
  }
  for (const m of MEMBERSHIPS) {
    await db.query(
      `INSERT INTO memberships (id, organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [m.id, m.organizationId, m.userId, m.role, ts()],
    );
  }
  for (const p of PROJECTS) {
    await db.query(
      `INSERT INTO projects (id, organization_id, owner_id, name, status, tags, metadata, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
      [p.id, p.organizationId, p.ownerId, p.name, p.status, p.tags, JSON.stringify(p.metadata), ts()],
    );
  }
  for (const t of TASKS) {
    await db.query(
      `INSERT INTO tasks (id, project_id, title, status, assignee_id, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [t.id, t.projectId, t.title, t.status, t.assigneeId, t.position, ts()],
    );
  }
  for (const s of SESSIONS)
    await db.query(
      `INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [s.id, s.userId, s.tokenHash, s.expiresAt, ts()],
    );
  for (const d of DOWNLOADS) {
    await db.query(
      `INSERT INTO downloads (id, version, platform, url, count, released_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
      [d.id, d.version, d.platform, d.url, d.count, d.releasedAt],
    );
  }
  for (const a of AUDIT) {
    await db.query(
      `INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        a.organizationId,
        a.actorId,
        a.entityType,
        a.entityId,
        a.action,
        a.before === null ? null : JSON.stringify(a.before),
        a.after === null ? null : JSON.stringify(a.after),
        ts(),
      ],
    );
  }
}

/**
 * The differential tests' comparison over this data set: ids not among the seeded ones, bigint ids
 * above the largest seeded one (audit_logs: sequences are not rolled back) and anything later than
 * a day after T0 were generated by the operation under test.
 */
export const FIXTURE_COMPARISON: Comparison = createComparison({
  nowAfter: T0 + 86_400_000,
  seedIds: SEED_IDS,
  maxSeedBigint: 3n,
});
