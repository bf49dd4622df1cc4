/**
 * The seed data set, generated in memory as plain rows (one array per table). Pure: the same scale
 * always gives the same rows. Ids are readable and prefixed by kind (`usr_000042`), which also keeps
 * them apart from the cuid ids implementations generate at run time.
 */
import { createHash } from "node:crypto";
import type { JsonObject, JsonValue, MemberRole, Plan, ProjectStatus, TaskStatus } from "../domain/types.ts";
import { Random } from "./random.ts";

/**
 * "Now" inside the seed. Every seeded timestamp is relative to it, so the data never drifts with
 * the calendar; pass it as `now` to time-dependent reads (active sessions) for stable answers.
 */
export const SEED_NOW = new Date("2025-06-01T12:00:00.000Z");

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SeedSizes {
  organizations: number;
  users: number;
  projectsPerOrganization: number;
  /** Versions released; each ships on most of {@link PLATFORMS}. */
  versions: number;
}

/** Sizes for `--scale`: 1 is a few organizations, ~1k users, ~10k tasks; sizes grow linearly. */
export function sizesFor(scale: number): SeedSizes {
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  return {
    // At least three, so small scales still have users outside an organization and members of two.
    organizations: Math.max(3, Math.round(5 * scale)),
    users: Math.max(10, Math.round(1000 * scale)),
    projectsPerOrganization: 20,
    versions: Math.max(3, Math.round(12 * Math.sqrt(scale))),
  };
}

export interface OrganizationRow {
  id: string;
  slug: string;
  name: string;
  plan: Plan;
  createdAt: Date;
  updatedAt: Date;
}
export interface UserRow {
  id: string;
  email: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}
export interface MembershipRow {
  id: string;
  organizationId: string;
  userId: string;
  role: MemberRole;
  createdAt: Date;
}
export interface ProjectRow {
  id: string;
  organizationId: string;
  ownerId: string;
  name: string;
  status: ProjectStatus;
  metadata: JsonObject;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}
export interface TaskRow {
  id: string;
  projectId: string;
  title: string;
  status: TaskStatus;
  assigneeId: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}
export interface SessionRow {
  id: string;
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  createdAt: Date;
}
export interface DownloadRow {
  id: string;
  version: string;
  platform: string;
  url: string;
  count: number;
  releasedAt: Date;
  updatedAt: Date;
}
export interface AuditRow {
  id: string;
  organizationId: string | null;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: JsonValue | null;
  after: JsonValue | null;
  createdAt: Date;
}

/** Every seeded row, table by table, in insertion (foreign key) order. */
export interface SeedData {
  organizations: OrganizationRow[];
  users: UserRow[];
  memberships: MembershipRow[];
  projects: ProjectRow[];
  tasks: TaskRow[];
  sessions: SessionRow[];
  downloads: DownloadRow[];
  auditLogs: AuditRow[];
}

export const PLATFORMS = ["linux-x64", "linux-arm64", "darwin-arm64", "darwin-x64", "win32-x64"] as const;

const FIRST = [
  "Ada",
  "Alan",
  "Grace",
  "Linus",
  "Margaret",
  "Ken",
  "Barbara",
  "Dennis",
  "Frances",
  "Edsger",
  "Radia",
  "Donald",
  "Hedy",
  "John",
  "Katherine",
  "Tim",
  "Sophie",
  "Bjarne",
  "Anita",
  "Guido",
];
const LAST = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Torvalds",
  "Hamilton",
  "Thompson",
  "Liskov",
  "Ritchie",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Knuth",
  "Lamarr",
  "McCarthy",
  "Johnson",
  "Berners-Lee",
  "Wilson",
  "Stroustrup",
  "Borg",
  "van Rossum",
];
const ORG_WORDS = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Vandelay",
  "Stark",
  "Wayne",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Aperture",
];
const ADJECTIVES = [
  "Apollo",
  "Blue",
  "Crimson",
  "Delta",
  "Emerald",
  "Falcon",
  "Granite",
  "Harbor",
  "Indigo",
  "Juniper",
  "Kestrel",
  "Lunar",
  "Meridian",
  "Nimbus",
  "Orion",
  "Polar",
];
const NOUNS = [
  "Migration",
  "Dashboard",
  "Checkout",
  "Onboarding",
  "Search",
  "Billing",
  "Reporting",
  "Gateway",
  "Pipeline",
  "Redesign",
  "Audit",
  "Rollout",
];
const VERBS = ["Write", "Review", "Fix", "Refactor", "Test", "Document", "Deploy", "Measure", "Design", "Remove"];
const OBJECTS = [
  "login form",
  "invoice export",
  "rate limiter",
  "cache layer",
  "webhook retries",
  "search index",
  "CSV import",
  "audit trail",
  "email templates",
  "feature flag",
];
const TAGS = ["backend", "frontend", "infra", "urgent", "api", "design", "mobile", "docs", "security", "q3"];
const PLANS: Plan[] = ["FREE", "PRO", "ENTERPRISE"];
const PROJECT_STATUSES: ProjectStatus[] = ["ACTIVE", "ACTIVE", "ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED"];

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Seed ids: a kind prefix and a zero-padded index, stable across runs and scales. */
export const seedIds = {
  organization: (k: number): string => `org_${pad(k + 1, 4)}`,
  user: (i: number): string => `usr_${pad(i + 1, 6)}`,
  membership: (k: number, i: number): string => `mem_${pad(k + 1, 4)}_${pad(i + 1, 6)}`,
  project: (p: number): string => `prj_${pad(p + 1, 5)}`,
  task: (p: number, position: number): string => `tsk_${pad(p + 1, 5)}_${pad(position, 4)}`,
  session: (i: number): string => `ses_${pad(i + 1, 6)}`,
  download: (version: string, platform: string): string => `dl_${version.replaceAll(".", "-")}_${platform}`,
};

/** The bearer token of a seeded session (its hash is stored); only meaningful for seeded data. */
export function seedSessionToken(userIndex: number): string {
  return `seed-session-token-${pad(userIndex + 1, 6)}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Audit ids are bigint: each audited entity owns a block of 64, organizations even, projects odd. */
const AUDIT_BLOCK = 64;
const auditId = (ordinal: number, k: number): string => String(ordinal * AUDIT_BLOCK + k + 1);

/** The users who are members of organization `k` through their primary membership (`i % orgs === k`). */
function primaryMembers(k: number, sizes: SeedSizes): number[] {
  const out: number[] = [];
  for (let i = k; i < sizes.users; i += sizes.organizations) out.push(i);
  return out;
}

/** Generates the whole data set for a scale. */
export function generateSeed(scale = 1): SeedData {
  const sizes = sizesFor(scale);
  const O = sizes.organizations;
  const data: SeedData = {
    organizations: [],
    users: [],
    memberships: [],
    projects: [],
    tasks: [],
    sessions: [],
    downloads: [],
    auditLogs: [],
  };
  const orgEpoch = SEED_NOW.getTime() - 400 * DAY;

  for (let k = 0; k < O; k += 1) {
    const r = Random.for("organization", k);
    const word = ORG_WORDS[k % ORG_WORDS.length]!;
    const createdAt = new Date(orgEpoch + k * DAY + r.int(0, 600) * MINUTE);
    data.organizations.push({
      id: seedIds.organization(k),
      slug: `${word.toLowerCase()}-${k + 1}`,
      name: `${word} ${k + 1}`,
      plan: r.pick(PLANS),
      createdAt,
      updatedAt: new Date(createdAt.getTime() + r.int(0, 90) * DAY),
    });
  }

  // Members of each organization, primary memberships first: the order decides who owns what.
  const membersOf: number[][] = Array.from({ length: O }, () => []);
  for (let i = 0; i < sizes.users; i += 1) {
    const r = Random.for("user", i);
    const first = FIRST[i % FIRST.length]!;
    const last = r.pick(LAST);
    const createdAt = new Date(orgEpoch + Math.floor((i / sizes.users) * 300 * DAY) + r.int(0, 1000) * MINUTE);
    const handle = `${first}.${last}`.toLowerCase().replaceAll(" ", "").replaceAll("-", "");
    data.users.push({
      id: seedIds.user(i),
      email: `${handle}.${i + 1}@seed.example.com`,
      name: `${first} ${last}`,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + r.int(0, 60) * DAY),
    });

    const primary = i % O;
    // The first user of each organization owns it, the second administers it.
    const role: MemberRole = i < O ? "OWNER" : i < 2 * O ? "ADMIN" : r.chance(0.1) ? "ADMIN" : "MEMBER";
    data.memberships.push({
      id: seedIds.membership(primary, i),
      organizationId: seedIds.organization(primary),
      userId: seedIds.user(i),
      role,
      createdAt: new Date(createdAt.getTime() + MINUTE),
    });
    membersOf[primary]!.push(i);
    if (O > 1 && i >= 2 * O && r.chance(0.2)) {
      const second = (primary + 1 + r.int(0, O - 2)) % O;
      data.memberships.push({
        id: seedIds.membership(second, i),
        organizationId: seedIds.organization(second),
        userId: seedIds.user(i),
        role: "MEMBER",
        createdAt: new Date(createdAt.getTime() + 2 * MINUTE),
      });
      membersOf[second]!.push(i);
    }

    const sessionRandom = Random.for("session", i);
    const active = sessionRandom.chance(0.6);
    const expiresAt = new Date(SEED_NOW.getTime() + (active ? 1 : -1) * sessionRandom.int(1, 30 * 24) * 60 * MINUTE);
    data.sessions.push({
      id: seedIds.session(i),
      userId: seedIds.user(i),
      tokenHash: sha256Hex(seedSessionToken(i)),
      expiresAt,
      createdAt: new Date(expiresAt.getTime() - 30 * DAY),
    });
  }

  for (let k = 0; k < O; k += 1) {
    const org = data.organizations[k]!;
    const owner = primaryMembers(k, sizes)[0]!;
    data.auditLogs.push({
      id: auditId(2 * k, 0),
      organizationId: org.id,
      actorId: seedIds.user(owner),
      entityType: "organization",
      entityId: org.id,
      action: "organization.created",
      before: null,
      after: { slug: org.slug, name: org.name, plan: org.plan },
      createdAt: org.createdAt,
    });
  }

  for (let p = 0; p < O * sizes.projectsPerOrganization; p += 1) {
    const k = p % O;
    const r = Random.for("project", p);
    const members = membersOf[k]!;
    const ownerIndex = r.pick(members.slice(0, Math.max(1, Math.ceil(members.length / 4))));
    const createdAt = new Date(data.organizations[k]!.createdAt.getTime() + r.int(1, 300) * DAY);
    const status = r.pick(PROJECT_STATUSES);
    const projectId = seedIds.project(p);
    data.projects.push({
      id: projectId,
      organizationId: seedIds.organization(k),
      ownerId: seedIds.user(ownerIndex),
      name: `${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} ${p + 1}`,
      status,
      metadata: {
        priority: r.int(1, 5),
        budget: r.int(0, 200) * 500,
        client: r.pick(ORG_WORDS),
        flags: { billable: r.chance(0.7), internal: r.chance(0.3) },
      },
      tags: r.sample(TAGS, r.int(0, 4)),
      createdAt,
      updatedAt: new Date(createdAt.getTime() + r.int(0, 60) * DAY),
    });

    // Task counts are skewed like real projects: many small, a few large (1 to 300, mean ~100).
    const taskCount = 1 + Math.floor(Math.pow(r.next(), 2) * 300);
    for (let position = 0; position < taskCount; position += 1) {
      const t = Random.for("task", `${p}:${position}`);
      const taskCreated = new Date(createdAt.getTime() + position * 37 * MINUTE);
      data.tasks.push({
        id: seedIds.task(p, position),
        projectId,
        title: `${t.pick(VERBS)} ${t.pick(OBJECTS)} #${position + 1}`,
        status: t.pick(["TODO", "TODO", "IN_PROGRESS", "DONE", "DONE"] as const),
        assigneeId: t.chance(0.7) ? seedIds.user(t.pick(members)) : null,
        position,
        createdAt: taskCreated,
        updatedAt: new Date(taskCreated.getTime() + t.int(0, 20) * DAY),
      });
    }

    // A status history of 0 to 40 entries, newest last; a few projects have long histories.
    const changes = Math.floor(Math.pow(r.next(), 3) * 41);
    let current: ProjectStatus = "ACTIVE";
    for (let c = 0; c < changes; c += 1) {
      const next: ProjectStatus = c === changes - 1 ? status : r.pick(PROJECT_STATUSES.filter((s) => s !== current));
      data.auditLogs.push({
        id: auditId(2 * p + 1, c),
        organizationId: seedIds.organization(k),
        actorId: seedIds.user(r.pick(members)),
        entityType: "project",
        entityId: projectId,
        action: "project.status_changed",
        before: { status: current },
        after: { status: next },
        createdAt: new Date(createdAt.getTime() + (c + 1) * 3 * 60 * MINUTE),
      });
      current = next;
    }
  }

  for (let v = 0; v < sizes.versions; v += 1) {
    const r = Random.for("version", v);
    // A patch release the same day as its minor: "latest" then has a tie broken by version.
    const versions = r.chance(0.3) ? [`1.${v}.0`, `1.${v}.1`] : [`1.${v}.0`];
    const releasedAt = new Date(SEED_NOW.getTime() - (sizes.versions - v) * 14 * DAY);
    for (const version of versions) {
      for (const platform of PLATFORMS) {
        const d = Random.for("download", `${version}:${platform}`);
        // The newest version ships everywhere; older ones skip a platform now and then.
        if (v < sizes.versions - 1 && d.chance(0.15)) continue;
        data.downloads.push({
          id: seedIds.download(version, platform),
          version,
          platform,
          url: `https://downloads.example.com/app/${version}/app-${version}-${platform}.tar.gz`,
          count: d.int(0, 100_000),
          releasedAt,
          updatedAt: releasedAt,
        });
      }
    }
  }

  return data;
}

/** Extra rows for development and test environments only: a known login to try the app with. */
export function generateDemo(): SeedData {
  const createdAt = new Date(SEED_NOW.getTime() - 7 * DAY);
  const user: UserRow = {
    id: "usr_demo",
    email: "demo@orm-switch.dev",
    name: "Demo User",
    createdAt,
    updatedAt: createdAt,
  };
  const organization: OrganizationRow = {
    id: "org_demo",
    slug: "demo",
    name: "Demo Company",
    plan: "PRO",
    createdAt,
    updatedAt: createdAt,
  };
  const project: ProjectRow = {
    id: "prj_demo",
    organizationId: organization.id,
    ownerId: user.id,
    name: "Getting started",
    status: "ACTIVE",
    metadata: { demo: true },
    tags: ["demo"],
    createdAt,
    updatedAt: createdAt,
  };
  const titles = ["Sign in with the demo session token", "Open the SQL comparison report", "Run the contract suite"];
  return {
    organizations: [organization],
    users: [user],
    memberships: [{ id: "mem_demo", organizationId: organization.id, userId: user.id, role: "OWNER", createdAt }],
    projects: [project],
    tasks: titles.map((title, position) => ({
      id: `tsk_demo_${position}`,
      projectId: project.id,
      title,
      status: "TODO",
      assigneeId: user.id,
      position,
      createdAt,
      updatedAt: createdAt,
    })),
    // Far in the future so the demo login keeps working on a real clock.
    sessions: [
      {
        id: "ses_demo",
        userId: user.id,
        tokenHash: sha256Hex(DEMO_SESSION_TOKEN),
        expiresAt: new Date("2100-01-01T00:00:00.000Z"),
        createdAt,
      },
    ],
    downloads: [],
    auditLogs: [],
  };
}

/** The demo user's bearer token (printed by `db:seed` in development). */
export const DEMO_SESSION_TOKEN = "demo-session-token-orm-switch";

/** Row counts per table. */
export function countRows(data: SeedData): Record<keyof SeedData, number> {
  return Object.fromEntries(Object.entries(data).map(([table, rows]) => [table, (rows as unknown[]).length])) as Record<
    keyof SeedData,
    number
  >;
}
