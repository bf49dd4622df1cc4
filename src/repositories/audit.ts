import type { AuditEntry, JsonValue, Page } from "../domain/types.ts";

export interface AppendAuditInput {
  organizationId?: string | null;
  actorId?: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before?: JsonValue | null;
  after?: JsonValue | null;
}

export interface ListAuditInput {
  entityType: string;
  entityId: string;
  /** 1 to 100; default 20. */
  limit?: number;
  cursor?: string | null;
}

/**
 * What an implementation's `listForEntity` receives: with-validation.ts has filled the defaults,
 * so implementations do not apply them again (one place decides them).
 */
export interface ListAuditQuery extends ListAuditInput {
  limit: number;
  cursor: string | null;
}

/** The append-only audit log. */
export interface AuditRepository {
  append(input: AppendAuditInput): Promise<AuditEntry>;
  /** The entity's entries newest first (by id), keyset-paginated. */
  listForEntity(input: ListAuditInput): Promise<Page<AuditEntry>>;
}
