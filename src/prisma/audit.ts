import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import type { JsonValue } from "../domain/types.ts";
import type { AuditRepository, ListAuditQuery } from "../repositories/audit.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";
import { DbNull } from "../prisma-runtime/index.ts";
import type { Prisma } from "./generated/client.ts";
import { toAuditEntry } from "./mappers.ts";

/** SQL NULL for an absent value; Prisma needs the DbNull marker to tell it from JSON `null`. */
const jsonOrDbNull = (value: JsonValue | null | undefined) =>
  value === null || value === undefined ? DbNull : (value as Prisma.InputJsonValue);

export function prismaAudit({ db }: PrismaContext): AuditRepository {
  return {
    append: (input) =>
      translating("AuditEntry", "write", async () =>
        toAuditEntry(
          await db.auditLog.create({
            data: {
              organizationId: input.organizationId ?? null,
              actorId: input.actorId ?? null,
              entityType: input.entityType,
              entityId: input.entityId,
              action: input.action,
              before: jsonOrDbNull(input.before),
              after: jsonOrDbNull(input.after),
            },
          }),
        ),
      ),
    listForEntity: ({ entityType, entityId, limit, cursor }: ListAuditQuery) =>
      translating("AuditEntry", "write", async () => {
        const rows = await db.auditLog.findMany({
          where: { entityType, entityId, ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
          orderBy: { id: "desc" },
          take: keysetFetchSize(limit),
        });
        return keysetPage(rows, limit, toAuditEntry);
      }),
  };
}
