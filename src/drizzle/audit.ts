/** The audit log through Drizzle: bigint keyset pagination, newest first. */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { and, desc, eq, lt } from "drizzle-orm";
import type { AuditEntry } from "../domain/types.ts";
import type { AppendAuditInput, AuditRepository, ListAuditQuery } from "../repositories/audit.ts";
import type { DrizzleContext, DrizzleDb } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toAuditEntry } from "./mappers.ts";
import { auditLogs } from "./schema.ts";

/** Inserts one entry; shared with the operations that audit their own writes in their transaction. */
async function insertAuditEntry(db: DrizzleDb, input: AppendAuditInput): Promise<AuditEntry> {
  const [row] = await db
    .insert(auditLogs)
    .values({
      organizationId: input.organizationId ?? null,
      actorId: input.actorId ?? null,
      entityType: input.entityType,
      entityId: input.entityId,
      action: input.action,
      before: input.before ?? null,
      after: input.after ?? null,
    })
    .returning();
  return toAuditEntry(row!);
}

/** The audit repository on `ctx`. */
export function drizzleAudit({ db }: DrizzleContext): AuditRepository {
  return {
    append: (input) => translateErrors(() => insertAuditEntry(db, input)),

    listForEntity: (input: ListAuditQuery) =>
      translateErrors(async () => {
        const { limit } = input;
        const cursor = input.cursor ? BigInt(input.cursor) : null;
        const rows = await db
          .select()
          .from(auditLogs)
          .where(
            and(
              eq(auditLogs.entityType, input.entityType),
              eq(auditLogs.entityId, input.entityId),
              // The boundary has checked that the cursor fits a bigint.
              cursor !== null ? lt(auditLogs.id, cursor) : undefined,
            ),
          )
          .orderBy(desc(auditLogs.id))
          .limit(keysetFetchSize(limit));
        return keysetPage(rows, limit, toAuditEntry);
      }),
  };
}
