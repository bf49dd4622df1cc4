/**
 * Nested writes through an implicit many-to-many relation (Prisma's `_AToB` join table): a link
 * is a row of the join table, so connect/disconnect/set write only links, create/connectOrCreate
 * add a row and its link, update/updateMany/upsert/delete/deleteMany reach the rows linked to the
 * parent. Semantics and errors as Prisma Client 7.10 shows them
 * (test/integration/compat-generated-many-to-many.test.ts): a connect of a missing row is P2025
 * with `expectedRows`, linking an already linked row is no error, a disconnect of an unlinked or
 * missing row is ignored, a nested delete of an unlinked row is P2017, `createMany` does not exist
 * here.
 *
 * Creating and updating rows is write.ts's job: its row writers come in as a {@link RowWriter}.
 */
import { type SQL, sql } from "drizzle-orm";
import { connectTargetsNotFound, invalid, recordsNotConnected, relatedRecordNotFound } from "../errors.ts";
import type { Executor, Row } from "../executor.ts";
import { firstParentNeed } from "../missing-parent.ts";
import { deleteRows } from "../referential/on-delete.ts";
import type { JoinTable, ModelMeta, RelationField, ScalarField } from "../model-meta.ts";
import { type QueryContext, and, col, defined, ident, isPlainObject, or, tableAs, typedParam } from "../sql-util.ts";
import { encodeValue } from "../values.ts";
import { buildUniqueWhere, buildWhere } from "../where.ts";
import { type WriteContext, setsNothing, statementsOn } from "../write-support.ts";
import type { RowWriter } from "./link.ts";

type Data = Record<string, unknown>;

/** The nested operations Prisma offers on a many-to-many relation, run in the caller's order. */
const OPERATIONS = new Set([
  "set",
  "disconnect",
  "delete",
  "deleteMany",
  "update",
  "updateMany",
  "upsert",
  "connect",
  "connectOrCreate",
  "create",
]);
const IN_CREATE = new Set(["create", "connect", "connectOrCreate"]);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function objectArg(ctx: QueryContext, value: unknown, what: string): Data {
  if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${what}\` must be an object.`);
  return value;
}

/** One parent row's side of the join table: the SQL that reads and writes its links. */
class Links {
  readonly join: JoinTable;
  readonly ref: ScalarField;
  readonly parentKey: SQL;

  constructor(
    readonly ctx: QueryContext,
    readonly model: ModelMeta,
    readonly relation: RelationField,
    readonly target: ModelMeta,
    parent: Row,
  ) {
    this.join = relation.through!;
    const own = model.fields.get(relation.fields[0]!) as ScalarField;
    this.ref = target.fields.get(relation.references[0]!) as ScalarField;
    // Typed: in an INSERT ... SELECT list an untyped parameter would be text.
    this.parentKey = typedParam(own, encodeValue(own, parent[own.name], ctx.call));
  }

  /** The target row aliased `alias` is linked to the parent. */
  linked(alias: string): SQL {
    const j = sql.identifier(this.ctx.nextAlias());
    return sql`EXISTS (SELECT 1 FROM ${this.join.table} AS ${j} WHERE ${j}.${ident(this.join.ownColumn)} = ${this.parentKey} AND ${j}.${ident(this.join.otherColumn)} = ${col(alias, this.ref)})`;
  }

  /** Links the parent to every target row matching `condition` (already linked rows stay as they are). */
  link(condition: (alias: string) => SQL): SQL {
    const a = this.ctx.nextAlias();
    return sql`INSERT INTO ${this.join.table} (${ident(this.join.ownColumn)}, ${ident(this.join.otherColumn)}) SELECT ${this.parentKey}, ${col(a, this.ref)} FROM ${tableAs(this.target, a)} WHERE ${condition(a)} ON CONFLICT DO NOTHING`;
  }

  /** Removes the parent's links to target rows matching `condition` (all of them when undefined). */
  unlink(condition?: (alias: string) => SQL): SQL {
    const own = sql`${ident(this.join.ownColumn)} = ${this.parentKey}`;
    if (!condition) return sql`DELETE FROM ${this.join.table} WHERE ${own}`;
    const a = this.ctx.nextAlias();
    return sql`DELETE FROM ${this.join.table} WHERE ${own} AND ${ident(this.join.otherColumn)} IN (SELECT ${col(a, this.ref)} FROM ${tableAs(this.target, a)} WHERE ${condition(a)})`;
  }

  /** Target rows matching any of the unique `wheres`. */
  anyOf(wheres: readonly unknown[]): (alias: string) => SQL {
    return (a) => or(wheres.map((w) => buildUniqueWhere(this.ctx, this.target, w, a)));
  }
}

/**
 * Runs the nested operations `ops` of `relation` (an implicit many-to-many relation of `model`)
 * for the `parent` row just created or updated.
 */
export async function writeManyToMany(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  relation: RelationField,
  ops: Data,
  parent: Row,
  mode: "create" | "update",
  writer: RowWriter,
): Promise<void> {
  const target = ctx.schema.model(relation.target);
  const links = new Links(ctx, model, relation, target, parent);
  for (const [op] of defined(ops)) {
    if (op === "createMany")
      invalid(
        ctx.call,
        `Unknown argument \`createMany\`: nested \`createMany\` is not available on the many-to-many relation \`${model.name}.${relation.name}\`.`,
      );
    if (!OPERATIONS.has(op)) invalid(ctx.call, `Unknown nested operation \`${op}\` on relation \`${relation.name}\`.`);
    if (mode === "create" && !IN_CREATE.has(op)) invalid(ctx.call, `Nested \`${op}\` is only valid in an update.`);
  }
  const on = (m: ModelMeta): Executor => statementsOn(ex, m);
  for (const [op, arg] of defined(ops)) {
    await STEPS[op as keyof typeof STEPS]({ ex, on, ctx, links, arg, writer, relation });
  }
}

interface Step {
  ex: Executor;
  /** An executor whose database errors name the model written (Prisma's `meta.modelName`). */
  on: (model: ModelMeta) => Executor;
  ctx: WriteContext;
  links: Links;
  arg: unknown;
  writer: RowWriter;
  relation: RelationField;
}

/** Connects the rows named by `wheres`; P2025 (`expectedRows`) when any of them does not exist. */
async function connect({ ctx, on, links, arg }: Step): Promise<void> {
  const wheres = distinctWheres(asList(arg));
  const a = ctx.nextAlias();
  const found = await on(links.target).rows(
    sql`SELECT 1 FROM ${tableAs(links.target, a)} WHERE ${links.anyOf(wheres)(a)}`,
  );
  if (found.length < wheres.length) throw connectTargetsNotFound(ctx.rootModel, ctx.call, wheres.length, found.length);
  await on(links.target).rows(links.link(links.anyOf(wheres)));
}

/** Prisma counts the rows a connect names once each. */
function distinctWheres(wheres: readonly unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const w of wheres)
    seen.set(
      JSON.stringify(w, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)),
      w,
    );
  return [...seen.values()];
}

async function insertLinked(step: Step, data: unknown, what: string): Promise<void> {
  const { ex, ctx, links, writer, relation } = step;
  const row = await writer.insertRow(ex, ctx, links.target, objectArg(ctx, data, what), `${relation.name}.${what}`);
  const ref = links.ref;
  await step
    .on(links.target)
    .rows(links.link((a) => sql`${col(a, ref)} = ${typedParam(ref, encodeValue(ref, row[ref.name], ctx.call))}`));
}

const STEPS = {
  connect,
  async create(step: Step): Promise<void> {
    for (const item of asList(step.arg)) await insertLinked(step, item, "create");
  },
  async connectOrCreate(step: Step): Promise<void> {
    const { ctx, links } = step;
    for (const item of asList(step.arg)) {
      const spec = objectArg(ctx, item, "connectOrCreate");
      const a = ctx.nextAlias();
      const [exists] = await step
        .on(links.target)
        .rows(sql`SELECT 1 FROM ${tableAs(links.target, a)} WHERE ${links.anyOf([spec.where])(a)}`);
      if (exists) await step.on(links.target).rows(links.link(links.anyOf([spec.where])));
      else await insertLinked(step, spec.create, "connectOrCreate.create");
    }
  },
  async disconnect({ on, links, arg }: Step): Promise<void> {
    await on(links.target).rows(links.unlink(links.anyOf(asList(arg))));
  },
  async set(step: Step): Promise<void> {
    await step.on(step.links.target).rows(step.links.unlink());
    if (asList(step.arg).length > 0) await connect(step);
  },
  async update(step: Step): Promise<void> {
    const { ctx, links, relation } = step;
    for (const item of asList(step.arg)) {
      const spec = objectArg(ctx, item, "update");
      // As through a foreign key (update.ts): the list stops at the first update that sets nothing.
      if (setsNothing(spec.data)) break;
      const only = (a: string): SQL => and([links.linked(a), buildUniqueWhere(ctx, links.target, spec.where, a)])!;
      const rows = await step.writer.updateRows(
        step.ex,
        ctx,
        links.target,
        only,
        spec.data,
        `${relation.name}.update.data`,
      );
      if (rows.length === 0) {
        // Prisma names the row it did not find: the target's model (not the parent's).
        throw relatedRecordNotFound(ctx.rootModel, ctx.call, {
          target: links.target.name,
          relationName: relation.relationName,
          relationType: "many-to-many",
          operation: "a nested update",
        });
      }
    }
  },
  async updateMany(step: Step): Promise<void> {
    const { ctx, links, relation } = step;
    for (const item of asList(step.arg)) {
      const spec = objectArg(ctx, item, "updateMany");
      const matching = (a: string): SQL => and([links.linked(a), buildWhere(ctx, links.target, spec.where, a)])!;
      await step.writer.updateRows(step.ex, ctx, links.target, matching, spec.data, `${relation.name}.updateMany.data`);
    }
  },
  async upsert(step: Step): Promise<void> {
    const { ctx, links, relation } = step;
    for (const item of asList(step.arg)) {
      const spec = objectArg(ctx, item, "upsert");
      const only = (a: string): SQL => and([links.linked(a), buildUniqueWhere(ctx, links.target, spec.where, a)])!;
      const rows = await step.writer.updateRows(
        step.ex,
        ctx,
        links.target,
        only,
        spec.update,
        `${relation.name}.upsert.update`,
      );
      if (rows.length === 0) await insertLinked(step, spec.create, "upsert.create");
    }
  },
  async delete({ ctx, ex, on, links, arg }: Step): Promise<void> {
    const wheres = asList(arg);
    if (wheres.length === 0) return;
    // As through a foreign key (delete.ts): the linked rows the wheres name are counted at once before
    // any is deleted, and fewer rows than wheres (a row named twice included) is P2017.
    const a = ctx.nextAlias();
    const found = await on(links.target).rows(
      sql`SELECT 1 FROM ${tableAs(links.target, a)} WHERE ${links.linked(a)} AND ${links.anyOf(wheres)(a)}`,
    );
    if (found.length < wheres.length)
      throw recordsNotConnected(
        ctx.rootModel,
        ctx.call,
        links.relation.relationName,
        links.model.name,
        links.target.name,
      );
    // relationMode = "prisma": each with the emulated referential actions.
    for (const where of wheres)
      await deleteRows(
        ex,
        ctx,
        links.target,
        (a) => sql`${links.linked(a)} AND ${buildUniqueWhere(ctx, links.target, where, a)}`,
      );
  },
  async deleteMany({ ctx, ex, links, arg }: Step): Promise<void> {
    for (const where of asList(arg))
      await deleteRows(ex, ctx, links.target, (a) => and([links.linked(a), buildWhere(ctx, links.target, where, a)])!);
  },
} satisfies Record<string, (step: Step) => Promise<void>>;

/**
 * An update whose row is missing fails at its first nested operation that needs the row. When that
 * is a create (also of an upsert, or of a connectOrCreate whose row does not exist) through a
 * many-to-many relation, Prisma has inserted the new row before its link fails: so does this,
 * leaving the row in the caller's transaction as Prisma does (its own rolls back).
 */
export async function insertBeforeMissingParent(
  ex: Executor,
  ctx: WriteContext,
  model: ModelMeta,
  data: unknown,
  writer: RowWriter,
): Promise<void> {
  const need = firstParentNeed(ctx, model, data);
  if (!need?.relation.through || !["create", "upsert", "connectOrCreate"].includes(need.op)) return;
  const target = ctx.schema.model(need.relation.target);
  const first = objectArg(ctx, asList(need.operand)[0], need.op);
  const what = `${need.relation.name}.${need.op}`;
  if (need.op === "create") {
    await writer.insertRow(ex, ctx, target, first, what);
    return;
  }
  if (need.op === "connectOrCreate") {
    const a = ctx.nextAlias();
    const [exists] = await statementsOn(ex, target).rows(
      sql`SELECT 1 FROM ${tableAs(target, a)} WHERE ${buildUniqueWhere(ctx, target, first.where, a)}`,
    );
    if (exists) return;
  }
  await writer.insertRow(ex, ctx, target, objectArg(ctx, first.create, `${need.op}.create`), `${what}.create`);
}
