/**
 * The link between a parent row and the relation its nested writes go through, for relations whose
 * foreign key lives on the target (to-many, inverse to-one): what every nested operation handler
 * needs (the rows that belong to the parent, the key assignment, the errors Prisma gives).
 */
import { type SQL, sql } from "drizzle-orm";
import {
  connectedRecordsNotFound,
  recordsNotConnected,
  relatedRecordNotFound,
  requiredRelationViolation,
} from "../errors.ts";
import type { Executor, Row } from "../executor.ts";
import { type ModelMeta, type RelationField, type ScalarField, hasRequiredKey } from "../model-meta.ts";
import type { VisitOrder } from "../referential/referrers.ts";
import { and, bind, col, ident, tableAs } from "../sql-util.ts";
import { encodeValue } from "../values.ts";
import { type Data, type WriteContext, relationTypeOf, statementsOn } from "../write-support.ts";

/**
 * The row writers of write.ts, handed in rather than imported: nested writes recurse into them and
 * they into nested writes, and modules must not import each other in a circle.
 */
export interface RowWriter {
  /** Inserts one row with its own nested writes; `implied` holds the key the parent gives it. */
  insertRow(
    ex: Executor,
    ctx: WriteContext,
    model: ModelMeta,
    data: unknown,
    what?: string,
    implied?: Data,
  ): Promise<Row>;
  /** Inserts scalar-only rows in bulk: the rows when `returning`, else their count. */
  insertMany(
    ex: Executor,
    ctx: WriteContext,
    model: ModelMeta,
    rows: unknown[],
    skipDuplicates: boolean,
    returning: boolean,
  ): Promise<Row[] | number>;
  /**
   * Updates the rows `where` matches (with their nested writes); returns them. `referential`: the
   * order relationMode = "prisma"'s onUpdate visits referrers in, or "not emulated".
   */
  updateRows(
    ex: Executor,
    ctx: WriteContext,
    model: ModelMeta,
    where: (alias: string) => SQL,
    data: unknown,
    what?: string,
    referential?: VisitOrder | "not emulated",
  ): Promise<Row[]>;
}

/** The errors Prisma gives for a nested operation through this relation. */
export interface LinkErrors {
  /** P2017: a named row is not connected to the parent. */
  notConnected(): Error;
  /** P2018: fewer rows to connect were found than named. */
  missingConnections(expected: number, found: number, operation: string): Error;
  /** P2014: the operation would clear a required foreign key. */
  requiredViolation(operation: "set" | "disconnect" | "connect"): Error;
  /** P2025: the related row the operation needed does not exist. */
  notFound(operation: string): Error;
}

/** One parent row, one relation: the context every nested operation handler runs in. */
export interface NestedLink {
  /** The caller's executor (recursive writes tag their own statements). */
  readonly ex: Executor;
  /** Statements on the target's table (errors tagged with the target model). */
  readonly db: Executor;
  readonly ctx: WriteContext;
  readonly relation: RelationField;
  /** The model on the other side of the relation, holding the foreign key. */
  readonly target: ModelMeta;
  /** The foreign key values a child of this parent carries, by target field name. */
  readonly fkData: Data;
  /** The target's foreign key is NOT NULL (it cannot be cleared). */
  readonly keyRequired: boolean;
  readonly writer: RowWriter;
  readonly errors: LinkErrors;
  /** `fk = parent key` for the target row under `alias`. */
  belongs(alias: string): SQL;
  /** The SET list pointing a row at the parent (`nulls`: clearing the key instead). */
  setKey(nulls: boolean): SQL;
  /** Inserts a child of the parent. */
  insertChild(data: Data, what: string): Promise<Row>;
  /** Updates the target rows `where` matches with `data` (nested op `op`, for messages). */
  updateChildren(op: string, where: (alias: string) => SQL, data: unknown): Promise<Row[]>;
  /**
   * Before a to-one (1-1) connect or create: frees the parent's one slot from the row holding it
   * (other than the one `keep` names), as Prisma does — P2014 when that row's key is required,
   * its key cleared otherwise. Nothing to do for a to-many relation.
   */
  releaseSlot(keep?: (alias: string) => SQL): Promise<void>;
}

/** The link from `parent` (a row of `model`) through `relation`. */
export function linkFor(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  relation: RelationField,
  parent: Row,
  writer: RowWriter,
): NestedLink {
  const target = ctx.schema.model(relation.target);
  const fkFields = relation.references.map((name) => target.fields.get(name) as ScalarField);
  const parentValues = relation.fields.map((name) => parent[name]);
  const fkData = Object.fromEntries(fkFields.map((f, i) => [f.name, parentValues[i]]));
  return {
    ex,
    db: statementsOn(ex, target),
    ctx,
    relation,
    target,
    fkData,
    keyRequired: hasRequiredKey(target, relation),
    writer,
    errors: linkErrors(ctx, model, relation, target),
    belongs: (alias) =>
      and(fkFields.map((f, i) => sql`${col(alias, f)} = ${bind(encodeValue(f, parentValues[i], ctx.call))}`))!,
    setKey: (nulls) => keyAssignments(ctx, target, fkFields, parentValues, nulls),
    insertChild: (data, what) => writer.insertRow(ex, ctx, target, data, what, fkData),
    // relationMode = "prisma": Prisma 7.10 applies onUpdate for a nested `update`, not for a nested
    // `updateMany` (the children's children keep the old key).
    updateChildren: (op, where, data) =>
      writer.updateRows(
        ex,
        ctx,
        target,
        where,
        data,
        `${relation.name}.${op}.data`,
        op === "updateMany" ? "not emulated" : "reversed",
      ),
    async releaseSlot(keep) {
      if (relation.isList) return;
      const a = ctx.nextAlias();
      const held = and([this.belongs(a), keep ? sql`NOT (${keep(a)})` : undefined])!;
      const db = statementsOn(ex, target);
      if (hasRequiredKey(target, relation)) {
        const [taken] = await db.rows(sql`SELECT 1 FROM ${tableAs(target, a)} WHERE ${held} LIMIT 1`);
        if (taken) throw this.errors.requiredViolation("connect");
        return;
      }
      await db.rows(sql`UPDATE ${tableAs(target, a)} SET ${this.setKey(true)} WHERE ${held} RETURNING 1`);
    },
  };
}

/** Prisma: connecting a row is an update of it (its @updatedAt moves); disconnecting is not. */
function keyAssignments(
  ctx: WriteContext,
  target: ModelMeta,
  fkFields: readonly ScalarField[],
  parentValues: readonly unknown[],
  nulls: boolean,
): SQL {
  const keys = fkFields.map(
    (f, i) => sql`${ident(f.dbName)} = ${bind(nulls ? null : encodeValue(f, parentValues[i], ctx.call))}`,
  );
  const touched = nulls
    ? []
    : target.scalars
        .filter((s) => s.onUpdateFn && !fkFields.includes(s))
        .map(
          (s) =>
            sql`${ident(s.dbName)} = ${bind(encodeValue(s, s.type === "DateTime" ? ctx.now : s.onUpdateFn!(), ctx.call))}`,
        );
  return sql.join([...keys, ...touched], sql`, `);
}

function linkErrors(ctx: WriteContext, model: ModelMeta, relation: RelationField, target: ModelMeta): LinkErrors {
  const relationType = relationTypeOf(ctx, model, relation);
  const { relationName } = relation;
  return {
    notConnected: () => recordsNotConnected(ctx.rootModel, ctx.call, relationName, model.name, target.name),
    missingConnections: (expected, found, operation) =>
      connectedRecordsNotFound(ctx.rootModel, ctx.call, { expected, found, operation, relationType, relationName }),
    requiredViolation: (operation) =>
      requiredRelationViolation(ctx.rootModel, ctx.call, {
        relationName,
        modelA: target.name,
        modelB: model.name,
        operation,
      }),
    notFound: (operation) =>
      relatedRecordNotFound(ctx.rootModel, ctx.call, { target: target.name, relationName, relationType, operation }),
  };
}
