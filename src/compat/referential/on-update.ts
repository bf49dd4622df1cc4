/**
 * onUpdate under relationMode = "prisma", as Prisma Client 7.10 emulates it: when an update's data
 * names a field that a referrer points at (even with the value it already has), Prisma reads the
 * children of the rows about to change and, per referrer, fails with P2014 (Restrict/NoAction),
 * gives the children's key the same assignment as the parent's field (Cascade: `{ increment: 1 }`
 * increments the children's key too), or clears it (SetNull). Nothing more is undone than the
 * caller's statement scope undoes: Prisma runs a plain `update` without a transaction.
 */
import { type SQL, sql } from "drizzle-orm";
import { unsupported } from "../errors.ts";
import type { Executor, Row } from "../executor.ts";
import type { ModelMeta, ScalarField } from "../model-meta.ts";
import { type QueryContext, ident, tableAs } from "../sql-util.ts";
import { statementsOn } from "../write-support.ts";
import { samePrimaryKeys } from "./key-rows.ts";
import { childrenOf, restrictViolation } from "./on-delete.ts";
import { type Referrer, type VisitOrder, referrersOf } from "./referrers.ts";

/** The SQL a `data` value assigns to a column (write.ts's assignment, for the child's column). */
export type Assign = (field: ScalarField, value: unknown, alias: string) => SQL;

/** `child.fk = <what the parent's referenced field gets>` (or NULL) for each key field written. */
function childAssignments(
  referrer: Referrer,
  written: ReadonlyMap<string, unknown>,
  assign: Assign,
  alias: string,
): SQL {
  const { child, relation } = referrer;
  const parts: SQL[] = [];
  relation.fields.forEach((fk, i) => {
    const field = child.fields.get(fk) as ScalarField;
    const ref = relation.references[i]!;
    if (referrer.onUpdate === "SetNull") parts.push(sql`${ident(field.dbName)} = NULL`);
    else if (written.has(ref)) parts.push(sql`${ident(field.dbName)} = ${assign(field, written.get(ref), alias)}`);
  });
  return sql.join(parts, sql`, `);
}

/**
 * Applies the onUpdate of every referrer whose referenced fields `written` (field → data value)
 * names, for `rows` of `parent` (read before the update).
 */
export async function applyOnUpdate(
  ex: Executor,
  ctx: QueryContext,
  parent: ModelMeta,
  rows: readonly Row[],
  written: ReadonlyMap<string, unknown>,
  assign: Assign,
  order: VisitOrder,
): Promise<void> {
  for (const referrer of referrersOf(ctx.schema, parent, order)) {
    if (!referrer.relation.references.some((f) => written.has(f))) continue;
    const children = await childrenOf(ex, ctx, referrer, rows);
    if (children.length === 0) continue;
    switch (referrer.onUpdate) {
      case "Restrict":
      case "NoAction":
        throw restrictViolation(ctx, referrer, parent);
      case "Cascade":
      case "SetNull": {
        const a = ctx.nextAlias();
        await statementsOn(ex, referrer.child).rows(
          sql`UPDATE ${tableAs(referrer.child, a)} SET ${childAssignments(referrer, written, assign, a)} WHERE ${samePrimaryKeys(referrer.child, children)(a)} RETURNING 1`,
        );
        break;
      }
      default:
        unsupported(`onUpdate: ${referrer.onUpdate} under relationMode = "prisma"`);
    }
  }
}
