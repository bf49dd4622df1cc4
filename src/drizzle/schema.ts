/**
 * The Drizzle schema, mapped onto the tables Prisma Migrate creates from prisma/schema.prisma
 * (prisma/migrations/20261122100000_init). Names, types, defaults, nullability, constraint and index
 * names are Prisma's, column for column and in Prisma's column order, so one database serves both
 * ORMs and `drizzle-kit generate` produces DDL that is catalog-identical to Prisma's migration.
 *
 * Property keys are the Prisma field names (`organizationId`, not `organization_id`) and the
 * relation names are Prisma's (`ownedProjects`, `assignee`), so the Prisma-shaped facade in
 * src/compat can read everything it needs from this module's metadata.
 *
 * What Prisma does in its client, not in the database, is done here in the same place:
 * - `@default(cuid())`: `$defaultFn(newId)`, cuid v1 like Prisma's `cuid()`;
 * - `@updatedAt`: `$defaultFn` on insert and `$onUpdate` on every `update()`;
 * - `@default(now())`: the column keeps its database default (`CURRENT_TIMESTAMP`, for DDL parity),
 *   and inserts also send the client's clock, as Prisma does. That matters: `CURRENT_TIMESTAMP` cast
 *   to `timestamp without time zone` is wall-clock time in the session's TimeZone, while every
 *   client (Prisma, Drizzle's `mode: "date"`) reads and writes these columns as UTC.
 */
import { relations, sql } from "drizzle-orm";
import {
  bigserial,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { newId } from "../domain/ids.ts";
import { MEMBER_ROLES, PLANS, PROJECT_STATUSES, TASK_STATUSES } from "../domain/types.ts";
import type { JsonObject, JsonValue } from "../domain/types.ts";

/** Prisma's `DateTime`: `timestamp(3) without time zone`, read and written as UTC `Date`s. */
const dateTime = (name: string) => timestamp(name, { precision: 3, mode: "date" });

/** `DateTime @default(now())`: database default for the DDL, client clock for inserts (see above). */
const createdAtColumn = (name: string) =>
  dateTime(name)
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`)
    .$defaultFn(() => new Date());

/** `DateTime @updatedAt`: no database default, exactly like Prisma's column. */
const updatedAtColumn = (name: string) =>
  dateTime(name)
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdate(() => new Date());

/** `String @id @default(cuid())`; PostgreSQL names the inline primary key `<table>_pkey`, as Prisma does. */
const cuidId = () => text("id").primaryKey().$defaultFn(newId);

// Enum type names keep Prisma's PascalCase; the labels come from the domain's lists.
export const planEnum = pgEnum("Plan", PLANS);
export const memberRoleEnum = pgEnum("MemberRole", MEMBER_ROLES);
export const projectStatusEnum = pgEnum("ProjectStatus", PROJECT_STATUSES);
export const taskStatusEnum = pgEnum("TaskStatus", TASK_STATUSES);

export const organizations = pgTable(
  "organizations",
  {
    id: cuidId(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    plan: planEnum("plan").notNull().default("FREE"),
    createdAt: createdAtColumn("created_at"),
    updatedAt: updatedAtColumn("updated_at"),
  },
  (t) => [uniqueIndex("organizations_slug_key").on(t.slug)],
);

export const users = pgTable(
  "users",
  {
    id: cuidId(),
    /** Stored trimmed and lower-cased by the domain layer; the plain unique index does the rest. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    createdAt: createdAtColumn("created_at"),
    updatedAt: updatedAtColumn("updated_at"),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: cuidId(),
    organizationId: text("organization_id").notNull(),
    userId: text("user_id").notNull(),
    role: memberRoleEnum("role").notNull().default("MEMBER"),
    createdAt: createdAtColumn("created_at"),
  },
  (t) => [
    index("memberships_user_id_idx").on(t.userId),
    uniqueIndex("memberships_organization_id_user_id_key").on(t.organizationId, t.userId),
    foreignKey({
      name: "memberships_organization_id_fkey",
      columns: [t.organizationId],
      foreignColumns: [organizations.id],
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    foreignKey({ name: "memberships_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] })
      .onDelete("cascade")
      .onUpdate("cascade"),
  ],
);

export const projects = pgTable(
  "projects",
  {
    id: cuidId(),
    organizationId: text("organization_id").notNull(),
    ownerId: text("owner_id").notNull(),
    name: text("name").notNull(),
    status: projectStatusEnum("status").notNull().default("ACTIVE"),
    metadata: jsonb("metadata").$type<JsonObject>().notNull().default({}),
    // Nullable in the database (Prisma's `String[]` maps to a nullable array); mappers read NULL as [].
    // Written in the form PostgreSQL prints it back. drizzle-kit 0.31.11 introspects this default
    // wrongly (as '{"RAY"}'), so `push` always proposes re-setting it and `pull` writes
    // `.default(["RAY"])`: never adopt a pulled schema without fixing that line.
    tags: text("tags")
      .array()
      .default(sql`ARRAY[]::text[]`),
    createdAt: createdAtColumn("created_at"),
    updatedAt: updatedAtColumn("updated_at"),
  },
  (t) => [
    index("projects_organization_id_status_idx").on(t.organizationId, t.status),
    index("projects_owner_id_idx").on(t.ownerId),
    index("projects_tags_idx").using("gin", t.tags),
    foreignKey({
      name: "projects_organization_id_fkey",
      columns: [t.organizationId],
      foreignColumns: [organizations.id],
    })
      .onDelete("cascade")
      .onUpdate("cascade"),
    // Restrict: a user who still owns projects cannot be deleted by accident.
    foreignKey({ name: "projects_owner_id_fkey", columns: [t.ownerId], foreignColumns: [users.id] })
      .onDelete("restrict")
      .onUpdate("cascade"),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: cuidId(),
    projectId: text("project_id").notNull(),
    title: text("title").notNull(),
    status: taskStatusEnum("status").notNull().default("TODO"),
    assigneeId: text("assignee_id"),
    position: integer("position").notNull(),
    createdAt: createdAtColumn("created_at"),
    updatedAt: updatedAtColumn("updated_at"),
  },
  (t) => [
    index("tasks_project_id_position_idx").on(t.projectId, t.position),
    index("tasks_assignee_id_idx").on(t.assigneeId),
    foreignKey({ name: "tasks_project_id_fkey", columns: [t.projectId], foreignColumns: [projects.id] })
      .onDelete("cascade")
      .onUpdate("cascade"),
    // SetNull: deleting a user unassigns their tasks instead of deleting them.
    foreignKey({ name: "tasks_assignee_id_fkey", columns: [t.assigneeId], foreignColumns: [users.id] })
      .onDelete("set null")
      .onUpdate("cascade"),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: cuidId(),
    userId: text("user_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: dateTime("expires_at").notNull(),
    createdAt: createdAtColumn("created_at"),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    index("sessions_user_id_idx").on(t.userId),
    index("sessions_expires_at_idx").on(t.expiresAt),
    foreignKey({ name: "sessions_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] })
      .onDelete("cascade")
      .onUpdate("cascade"),
  ],
);

export const downloads = pgTable(
  "downloads",
  {
    id: cuidId(),
    version: text("version").notNull(),
    platform: text("platform").notNull(),
    url: text("url").notNull(),
    count: integer("count").notNull().default(0),
    releasedAt: createdAtColumn("released_at"),
    updatedAt: updatedAtColumn("updated_at"),
  },
  (t) => [
    index("downloads_platform_released_at_idx").on(t.platform, t.releasedAt),
    uniqueIndex("downloads_version_platform_key").on(t.version, t.platform),
  ],
);

/** Append-only history. No foreign keys on purpose: entries outlive the rows they describe. */
export const auditLogs = pgTable(
  "audit_logs",
  {
    // BIGSERIAL like Prisma's `BigInt @default(autoincrement())`; `bigint` mode because ids may pass 2^53.
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    organizationId: text("organization_id"),
    actorId: text("actor_id"),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before").$type<JsonValue>(),
    after: jsonb("after").$type<JsonValue>(),
    createdAt: createdAtColumn("created_at"),
  },
  (t) => [index("audit_logs_entity_type_entity_id_id_idx").on(t.entityType, t.entityId, t.id)],
);

// Relations, named as the Prisma fields are. They drive `db.query.*.findMany({ with })` and the
// facade; they create nothing in the database.

export const organizationsRelations = relations(organizations, ({ many }) => ({
  memberships: many(memberships),
  projects: many(projects),
}));

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
  ownedProjects: many(projects, { relationName: "ProjectOwner" }),
  assignedTasks: many(tasks, { relationName: "TaskAssignee" }),
  sessions: many(sessions),
}));

export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.organizationId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
}));

export const projectsRelations = relations(projects, ({ one, many }) => ({
  organization: one(organizations, { fields: [projects.organizationId], references: [organizations.id] }),
  owner: one(users, { fields: [projects.ownerId], references: [users.id], relationName: "ProjectOwner" }),
  tasks: many(tasks),
}));

export const tasksRelations = relations(tasks, ({ one }) => ({
  project: one(projects, { fields: [tasks.projectId], references: [projects.id] }),
  assignee: one(users, { fields: [tasks.assigneeId], references: [users.id], relationName: "TaskAssignee" }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));
