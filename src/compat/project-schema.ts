/**
 * This project's Prisma models and the tables they map to (`@@map` in prisma/schema.prisma). The
 * rest (fields, columns, types, keys, relations) is read from the Drizzle schema; a test checks
 * the result against Prisma's own data model so the two cannot drift apart unnoticed.
 */
import * as drizzleSchema from "../drizzle/schema.ts";
import { type CompatSchema, type ModelBinding, describeSchema } from "./model-meta.ts";

export const PROJECT_MODELS: Readonly<Record<string, ModelBinding>> = {
  Organization: { table: "organizations" },
  User: { table: "users" },
  Membership: { table: "memberships" },
  Project: { table: "projects" },
  Task: { table: "tasks" },
  Session: { table: "sessions" },
  Download: { table: "downloads" },
  AuditLog: { table: "audit_logs" },
};

let cached: CompatSchema | undefined;

/** The facade's view of this project's schema (built once). */
export function projectCompatSchema(): CompatSchema {
  cached ??= describeSchema(drizzleSchema, PROJECT_MODELS);
  return cached;
}
