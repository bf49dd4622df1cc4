/**
 * onDelete under relationMode = "prisma", as Prisma Client 7.10 emulates it once the rows to delete
 * are known: for each referrer (referrers.ts order) it reads the children pointing at those rows,
 * then Restrict/NoAction fails with P2014 if there are any, Cascade deletes them (their own
 * children first, recursively) and SetNull clears their key. Prisma runs it inside the delete's
 * transaction (in the caller's, when there is one: nothing is undone there but by the caller).
 */
import { type SQL, sql } from "drizzle-orm";
import { requiredRelationViolation, unsupported } from "../errors.ts";
import type { Executor, Row } from "../executor.ts";
import type { ModelMeta, ScalarField } from "../model-meta.ts";
import { type QueryContext, ident, tableAs } from "../sql-util.ts";
import { statementsOn } from "../write-support.ts";
import { matchingAny, samePrimaryKeys, selectRaw } from "./key-rows.ts";
import { type Referrer, type VisitOrder, hasReferrers, referrersOf } from "./referrers.ts";

/** P2014 naming the relation a Restrict (or NoAction) protects, as Prisma words it. */
export function restrictViolation(ctx: QueryContext, referrer: Referrer, parent: ModelMeta): Error {
  return requiredRelationViolation(ctx.rootModel, ctx.call, {
    relationName: referrer.relation.relationName,
    modelA: referrer.child.name,
    modelB: parent.name,
    operation: "set",
  });
}

/** The children of `rows` through `referrer`, raw. */
export function childrenOf(ex: Executor, ctx: QueryContext, referrer: Referrer, rows: readonly Row[]): Promise<Row[]> {
  const { child, relation } = referrer;
  return selectRaw(statementsOn(ex, child), ctx, child, (a) =>
    matchingAny(child, a, relation.fields, rows, relation.references),
  );
}

/** `fk = NULL, …` for the key of `referrer`. */
function clearKey(referrer: Referrer) {
  return sql.join(
    referrer.relation.fields.map((f) => sql`${ident((referrer.child.fields.get(f) as ScalarField).dbName)} = NULL`),
    sql`, `,
  );
}

/** Applies every referrer's onDelete for `rows` of `parent`, which are being deleted. */
export async function applyOnDelete(
  ex: Executor,
  ctx: QueryContext,
  parent: ModelMeta,
  rows: readonly Row[],
  order: VisitOrder,
): Promise<void> {
  for (const referrer of referrersOf(ctx.schema, parent, order)) {
    const children = await childrenOf(ex, ctx, referrer, rows);
    if (children.length === 0) continue;
    const db = statementsOn(ex, referrer.child);
    const a = ctx.nextAlias();
    const these = samePrimaryKeys(referrer.child, children)(a);
    switch (referrer.onDelete) {
      case "Restrict":
      case "NoAction":
        throw restrictViolation(ctx, referrer, parent);
      case "Cascade":
        // The children's own children first, visited in the same order (measured on a variant of
        // the fixture with Book cascading from Author: Review then Note under a delete, Note then
        // Review under a deleteMany).
        await applyOnDelete(ex, ctx, referrer.child, children, order);
        await db.rows(sql`DELETE FROM ${tableAs(referrer.child, a)} WHERE ${these} RETURNING 1`);
        break;
      case "SetNull":
        await db.rows(sql`UPDATE ${tableAs(referrer.child, a)} SET ${clearKey(referrer)} WHERE ${these} RETURNING 1`);
        break;
      default:
        unsupported(`onDelete: ${referrer.onDelete} under relationMode = "prisma"`);
    }
  }
}

/**
 * Deletes the rows of `model` that `where` matches, with the emulated actions first (as Prisma's
 * `deleteMany` and nested deletes do: read the rows, apply the actions, delete); the count deleted.
 */
export async function deleteWithActions(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  where: (alias: string) => SQL,
  order: VisitOrder,
): Promise<number> {
  const db = statementsOn(ex, model);
  const rows = await selectRaw(db, ctx, model, where);
  if (rows.length === 0) return 0;
  await applyOnDelete(ex, ctx, model, rows, order);
  const a = ctx.nextAlias();
  const gone = await db.rows(
    sql`DELETE FROM ${tableAs(model, a)} WHERE ${samePrimaryKeys(model, rows)(a)} AND ${where(a)} RETURNING 1`,
  );
  return gone.length;
}

/**
 * Deletes the rows of `model` that `where` matches, for the nested deletes: under relationMode =
 * "prisma" with the emulated actions (Prisma's order for a delete), else in one statement.
 */
export async function deleteRows(
  ex: Executor,
  ctx: QueryContext,
  model: ModelMeta,
  where: (alias: string) => SQL,
): Promise<number> {
  if (hasReferrers(ctx.schema, model)) return deleteWithActions(ex, ctx, model, where, "schema");
  const a = ctx.nextAlias();
  return (await statementsOn(ex, model).rows(sql`DELETE FROM ${tableAs(model, a)} WHERE ${where(a)} RETURNING 1`))
    .length;
}
