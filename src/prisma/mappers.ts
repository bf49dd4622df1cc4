/** Prisma rows -> domain types, at the edge. Prisma's models already use the domain's field names. */
import type { AuditEntry, JsonObject, JsonValue, Project, UserSummary } from "../domain/types.ts";
import type { AuditLog, Project as PrismaProject } from "./generated/client.ts";

export const userSummarySelect = { id: true, email: true, name: true } as const;

export function toProject(row: PrismaProject): Project {
  return { ...row, metadata: row.metadata as JsonObject, tags: row.tags ?? [] };
}

export function toAuditEntry(row: AuditLog): AuditEntry {
  return {
    ...row,
    id: row.id.toString(),
    before: (row.before ?? null) as JsonValue | null,
    after: (row.after ?? null) as JsonValue | null,
  };
}

export function toUserSummary(row: UserSummary): UserSummary {
  return { id: row.id, email: row.email, name: row.name };
}
