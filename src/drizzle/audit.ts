/** The audit log through Drizzle: bigint keyset pagination, newest first. */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { AuditRepository, ListAuditQuery } from "../repositories/audit.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toAuditEntry } from "./mappers.ts";
import { auditLogs } from "./schema.ts";
import { placeholderOf } from "./sql-helpers.ts";

/** JSON for a nullable jsonb placeholder: SQL NULL stays NULL (see `placeholderOf`). */
const jsonOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** The audit repository on `ctx`; `append` and the first pages are prepared once (DrizzleContext.prepared). */
export function drizzleAudit({ db, prepared }: DrizzleContext): AuditRepository {
  const insert = () =>
    prepared("audit.append", (name) =>
      db
        .insert(auditLogs)
        .values({
          organizationId: sql.placeholder("organizationId"),
          actorId: sql.placeholder("actorId"),
          entityType: sql.placeholder("entityType"),
          entityId: sql.placeholder("entityId"),
          action: sql.placeholder("action"),
          before: sql`${sql.placeholder("before")}::jsonb`,
          after: sql`${sql.placeholder("after")}::jsonb`,
          createdAt: sql.placeholder("now"),
        })
        .returning()
        .prepare(name),
    );
  // One statement with a cursor and one without.
  const page = (after: boolean) =>
    prepared(`audit.listForEntity.${after ? "after" : "first"}`, (name) =>
      db
        .select()
        .from(auditLogs)
        .where(
          and(
            eq(auditLogs.entityType, sql.placeholder("entityType")),
            eq(auditLogs.entityId, sql.placeholder("entityId")),
            after ? lt(auditLogs.id, placeholderOf(auditLogs.id, "cursor")) : undefined,
          ),
        )
        .orderBy(desc(auditLogs.id))
        .limit(sql.placeholder("limit"))
        .prepare(name),
    );
  return {
    append: (input) =>
      translateErrors(async () => {
        const [row] = await insert().execute({
          organizationId: input.organizationId ?? null,
          actorId: input.actorId ?? null,
          entityType: input.entityType,
          entityId: input.entityId,
          action: input.action,
          before: jsonOrNull(input.before),
          after: jsonOrNull(input.after),
          now: new Date(),
        });
        return toAuditEntry(row!);
      }),

    listForEntity: (input: ListAuditQuery) =>
      translateErrors(async () => {
        const { limit } = input;
        // The boundary has checked that the cursor fits a bigint.
        const cursor = input.cursor ? BigInt(input.cursor) : null;
        const rows = await page(cursor !== null).execute({
          entityType: input.entityType,
          entityId: input.entityId,
          cursor,
          limit: keysetFetchSize(limit),
        });
        return keysetPage(rows, limit, toAuditEntry);
      }),
  };
}
