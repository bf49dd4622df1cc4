/**
 * The audit log in hand-written SQL. The operations that audit their own changes
 * (createWithOwner, updateStatus, archive) insert their entry in the same statement as the change,
 * through a data-modifying CTE; this module is the log's own API.
 */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { validation } from "../domain/errors.ts";
import type { AuditRepository, ListAuditQuery } from "../repositories/audit.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { type AuditRow, onlyRow, toAuditEntry } from "./rows.ts";

// JSON arrives as text and is cast here; SQL NULL (not JSON null) stands for "no value".
const INSERT_AUDIT_ENTRY = named(
  "orm_switch.sql.audit.insert_audit_entry",
  `
  INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, before, after, created_at)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)
  RETURNING id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at`,
);

// Newest first by id on the (entity_type, entity_id, id) index, keyset-paginated: the cursor is the
// last id seen; one row more than the page tells whether another page exists.
const LIST_AUDIT_FOR_ENTITY = `
  SELECT id, organization_id, actor_id, entity_type, entity_id, action, before, after, created_at
  FROM audit_logs
  WHERE entity_type = $1
    AND entity_id = $2
    AND ($3::bigint IS NULL OR id < $3::bigint)
  ORDER BY id DESC
  LIMIT $4`;

const MAX_BIGINT = 2n ** 63n - 1n;

const jsonParam = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** The audit repository on `db`. */
export function sqlAudit(db: SqlExecutor): AuditRepository {
  return {
    append: (input) =>
      translateErrors(async () => {
        const { rows } = await db.query<AuditRow>(INSERT_AUDIT_ENTRY, [
          input.organizationId ?? null,
          input.actorId ?? null,
          input.entityType,
          input.entityId,
          input.action,
          jsonParam(input.before),
          jsonParam(input.after),
          new Date(),
        ]);
        return toAuditEntry(onlyRow(rows));
      }),

    listForEntity: (input: ListAuditQuery) =>
      translateErrors(async () => {
        const { limit, cursor } = input;
        // The boundary admits up to 19 digits; above bigint's range no id can have been issued.
        if (cursor !== null && BigInt(cursor) > MAX_BIGINT) throw validation("cursor", "is not a valid audit cursor");
        const { rows } = await db.query<AuditRow>(LIST_AUDIT_FOR_ENTITY, [
          input.entityType,
          input.entityId,
          cursor,
          keysetFetchSize(limit),
        ]);
        return keysetPage(rows, limit, toAuditEntry);
      }),
  };
}
