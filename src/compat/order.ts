/**
 * `orderBy` and `cursor`. An order key is a function of the alias it is evaluated on, because the
 * cursor compares the same expressions on the candidate row and on the cursor row.
 * Like Prisma 7: with `take`, `skip` or `cursor` and no `orderBy`, rows are ordered by primary key;
 * a cursor keeps the rows at or after the cursor row in the given order (lexicographically over
 * the keys); a missing cursor row yields no rows.
 */
import { type SQL, sql } from "drizzle-orm";
import { invalid, unsupported } from "./errors.ts";
import type { ModelMeta, RelationField, ScalarField } from "./model-meta.ts";
import { type QueryContext, and, col, defined, isPlainObject, not, or, tableAs } from "./sql-util.ts";
import { buildUniqueWhere, joinCondition } from "./where.ts";

export type Direction = "asc" | "desc";

export interface OrderKey {
  expr(alias: string): SQL;
  direction: Direction;
  nulls?: "first" | "last";
  /** The expression can be NULL (nullable column, optional relation). */
  nullable: boolean;
  /**
   * The key reads a field through relations: "optional" when one of them is optional (NULL means
   * no related row), "nullable-field" when the field itself is nullable, "required" otherwise.
   * Prisma's cursor treats such keys differently (see {@link cursorCondition}).
   */
  through?: "optional" | "nullable-field" | "required";
  /** The model's own scalar field the key orders by (absent for relation and `_count` keys). */
  field?: ScalarField;
  /**
   * The key alone makes Prisma call the order stable: a single-field unique (or single id) of
   * the model, or such a field reached through one-to-one relations only.
   */
  unique?: boolean;
  /** Appended by {@link cursorOrder} to make the order total: not part of the caller's `orderBy`. */
  tieBreak?: true;
}

function direction(ctx: QueryContext, value: unknown): Direction {
  if (value !== "asc" && value !== "desc")
    invalid(ctx.call, `Invalid value for \`orderBy\`: expected 'asc' or 'desc', got ${JSON.stringify(value)}.`);
  return value;
}

/** Order keys for an `orderBy` argument (object or list of objects, one key each). */
export function buildOrderBy(ctx: QueryContext, model: ModelMeta, orderBy: unknown): OrderKey[] {
  if (orderBy === undefined) return [];
  const list = Array.isArray(orderBy) ? orderBy : [orderBy];
  const keys: OrderKey[] = [];
  for (const item of list) {
    if (!isPlainObject(item)) invalid(ctx.call, "Argument `orderBy` must be an object or a list of objects.");
    const entries = defined(item);
    if (entries.length > 1) {
      invalid(
        ctx.call,
        `Argument \`orderBy\`: Invalid value provided. Expected ${model.name}OrderByWithRelationInput[], provided Object.`,
      );
    }
    for (const [name, spec] of entries) keys.push(...orderKeysFor(ctx, model, name, spec));
  }
  return keys;
}

function orderKeysFor(ctx: QueryContext, model: ModelMeta, name: string, spec: unknown): OrderKey[] {
  if (name === "_relevance") unsupported("orderBy `_relevance`");
  const field = model.fields.get(name);
  if (!field) invalid(ctx.call, `Unknown field \`${name}\` in \`orderBy\` of ${model.name}.`);
  if (field.kind === "scalar") {
    // Json sorts by jsonb's own ordering, as Prisma's ORDER BY does.
    if (isPlainObject(spec)) {
      // Prisma's schema allows `{ sort, nulls }` only on optional fields.
      if (field.isRequired)
        invalid(ctx.call, `Argument \`orderBy.${name}\`: Invalid value provided. Expected SortOrder, provided Object.`);
      const nulls = spec.nulls;
      if (nulls !== undefined && nulls !== "first" && nulls !== "last")
        invalid(ctx.call, "Argument `nulls` must be 'first' or 'last'.");
      return [
        {
          expr: (a) => col(a, field),
          direction: direction(ctx, spec.sort),
          nulls,
          nullable: !field.isRequired,
          field,
          unique: isSingleFieldUnique(model, field),
        },
      ];
    }
    return [
      {
        expr: (a) => col(a, field),
        direction: direction(ctx, spec),
        nullable: !field.isRequired,
        field,
        unique: isSingleFieldUnique(model, field),
      },
    ];
  }
  return relationOrderKeys(ctx, model, field, spec);
}

function relationOrderKeys(ctx: QueryContext, model: ModelMeta, relation: RelationField, spec: unknown): OrderKey[] {
  const target = ctx.schema.model(relation.target);
  if (!isPlainObject(spec)) invalid(ctx.call, `Argument \`orderBy.${relation.name}\` must be an object.`);
  if (relation.isList) {
    const entries = defined(spec);
    if (entries.length !== 1 || entries[0]![0] !== "_count")
      unsupported(`orderBy on to-many relation \`${relation.name}\` other than _count`);
    const dir = direction(ctx, entries[0]![1]);
    return [
      {
        expr: (a) => {
          const t = ctx.nextAlias();
          return sql`(SELECT count(*) FROM ${tableAs(target, t)} WHERE ${joinCondition(ctx, model, relation, a, t)})`;
        },
        direction: dir,
        nullable: false,
      },
    ];
  }
  const entries = defined(spec);
  if (entries.length !== 1) invalid(ctx.call, `Argument \`orderBy.${relation.name}\` needs exactly one field.`);
  const inner = orderKeysFor(ctx, target, entries[0]![0], entries[0]![1]);
  return inner.map((key) => ({
    expr: (a: string) => {
      const t = ctx.nextAlias();
      return sql`(SELECT ${key.expr(t)} FROM ${tableAs(target, t)} WHERE ${joinCondition(ctx, model, relation, a, t)} LIMIT 1)`;
    },
    direction: key.direction,
    nulls: key.nulls,
    unique: key.unique === true && isOneToOne(ctx, model, relation),
    // NULL when the relation is optional (no related row) or the related field is nullable.
    nullable: key.nullable || !relation.isRequired,
    through:
      key.nullable && key.through !== "optional"
        ? "nullable-field"
        : !relation.isRequired || key.through === "optional"
          ? "optional"
          : "required",
  }));
}

/**
 * The order a cursor walks: `keys`, then the primary key when they do not already name a complete
 * NOT NULL unique key. Prisma's page always starts at the cursor row (it drops the rows before it
 * in memory); without a total order, rows tied with the cursor row could come before it here.
 */
export function cursorOrder(model: ModelMeta, keys: OrderKey[]): OrderKey[] {
  const ordered = new Set(keys.map((k) => k.field));
  const total = model.uniques.some((u) =>
    u.fields.every((name) => {
      const field = model.fields.get(name);
      return field?.kind === "scalar" && field.isRequired && ordered.has(field);
    }),
  );
  return total ? keys : [...keys, ...primaryKeyOrder(model).map((k) => ({ ...k, tieBreak: true as const }))];
}

/** Ascending primary key: Prisma's order when paginating without `orderBy`. */
export function primaryKeyOrder(model: ModelMeta): OrderKey[] {
  return model.primaryKey.map((name) => {
    const field = model.fields.get(name) as ScalarField;
    return {
      expr: (a: string) => col(a, field),
      direction: "asc" as const,
      nullable: false,
      field,
      unique: model.primaryKey.length === 1,
    };
  });
}

function isSingleFieldUnique(model: ModelMeta, field: ScalarField): boolean {
  return model.uniques.some((u) => u.fields.length === 1 && u.fields[0] === field.name);
}

/** A to-one relation whose other side is to-one too (the owner's foreign key is unique). */
function isOneToOne(ctx: QueryContext, model: ModelMeta, relation: RelationField): boolean {
  const target = ctx.schema.model(relation.target);
  const back = target.relations.find(
    (r) => r.relationName === relation.relationName && !(target === model && r.name === relation.name),
  );
  return back !== undefined && !back.isList;
}

/**
 * Whether Prisma 7 pages this cursor query in memory: it reads every row matching `where` and the
 * cursor's comparison (no LIMIT), then starts the page at the cursor row found among them — so a
 * cursor row that does not match `where` gives no rows. It does so when `order` (the `orderBy`, or
 * the primary key without one) has a key that can be NULL, or is not stable by Prisma's rule: no
 * key is a single-field unique and no unique constraint other than the primary key has all its
 * fields ordered (a compound `@@id` alone does not count; observed on 7.10).
 */
export function pagesCursorInMemory(model: ModelMeta, order: OrderKey[]): boolean {
  if (order.some((k) => k.nullable)) return true;
  if (order.some((k) => k.unique === true)) return false;
  const ordered = new Set(order.map((k) => k.field?.name));
  const primary = model.primaryKey.join();
  return !model.uniques.some((u) => u.fields.join() !== primary && u.fields.every((f) => ordered.has(f)));
}

export function reverse(keys: OrderKey[]): OrderKey[] {
  return keys.map((k) => ({
    ...k,
    direction: k.direction === "asc" ? "desc" : "asc",
    nulls: k.nulls === undefined ? undefined : k.nulls === "first" ? "last" : "first",
  }));
}

/** `ORDER BY ...` (empty SQL when there are no keys). */
export function orderByClause(keys: OrderKey[], alias: string): SQL {
  if (keys.length === 0) return sql``;
  return sql` ORDER BY ${sql.join(
    keys.map(
      (k) =>
        sql`${k.expr(alias)} ${sql.raw(k.direction.toUpperCase())}${k.nulls ? sql.raw(` NULLS ${k.nulls.toUpperCase()}`) : sql``}`,
    ),
    sql`, `,
  )}`;
}

/** The keys alone (for `row_number() OVER (ORDER BY ...)`). */
export function orderByList(keys: OrderKey[], alias: string): SQL {
  return sql.join(
    keys.map(
      (k) =>
        sql`${k.expr(alias)} ${sql.raw(k.direction.toUpperCase())}${k.nulls ? sql.raw(` NULLS ${k.nulls.toUpperCase()}`) : sql``}`,
    ),
    sql`, `,
  );
}

/**
 * Rows at or after the cursor row, in the order of `keys` (lexicographically). Keys that can be
 * NULL compare as the ORDER BY places NULLs (PostgreSQL: last ascending, first descending, unless
 * `nulls` says otherwise), and then a missing cursor row must still give no rows.
 * Prisma quirk, kept: for a descending key read through an optional relation, Prisma's SQL keeps
 * `value < cursor OR no related row` and then drops the rows before the cursor row in memory, so a
 * cursor row without the related row ends the page at the rows equal to it, although the ORDER BY
 * puts the non-NULL values after them. Here: a plain `<` for such keys. `rowFilter` is the query's
 * `where`: when Prisma pages in memory (see {@link pagesCursorInMemory}) the cursor row must match it.
 */
export function cursorCondition(
  ctx: QueryContext,
  model: ModelMeta,
  cursor: unknown,
  keys: OrderKey[],
  alias: string,
  inMemory: boolean,
  rowFilter?: (alias: string) => SQL | undefined,
): SQL {
  // Prisma tests a missing related row (its foreign key IS NULL), not a NULL field of a related
  // row; with no such field in the sample schema to observe, the facade refuses rather than guesses.
  if (keys.some((k) => k.through === "nullable-field"))
    unsupported("cursor pagination ordered by a nullable field of a related model");
  const cursorRow = (c: string): SQL => buildUniqueWhere(ctx, model, cursor, c);
  const cursorValue = (key: OrderKey): SQL => {
    const c = ctx.nextAlias();
    return sql`(SELECT ${key.expr(c)} FROM ${tableAs(model, c)} WHERE ${cursorRow(c)})`;
  };
  const values = keys.map(cursorValue);
  const ordered = keys.filter((k) => !k.tieBreak).length;
  const rowsFrom = atOrAfterInOrder(keys.slice(0, ordered), values.slice(0, ordered), alias);
  // The tie-break keys only order the rows tied with the cursor row on the caller's keys; they
  // come after Prisma's own condition so that an operator the column type lacks (xml has no
  // `=` nor `>`) fails on the same comparison as in Prisma.
  const tieBreak =
    ordered === keys.length
      ? undefined
      : or([
          not(and(keys.slice(0, ordered).map((k, j) => equalTo(k, k.expr(alias), values[j]!)))),
          atOrAfterInOrder(keys.slice(ordered), values.slice(ordered), alias)!,
        ]);
  const condition = and([rowsFrom, tieBreak])!;
  if (!inMemory) return condition;
  // Paging in memory, Prisma finds the cursor row among the rows its query returned and drops
  // those before it, so a cursor row that does not match `where` gives no rows at all.
  const c = ctx.nextAlias();
  const cursorMatches = and([cursorRow(c), rowFilter?.(c)])!;
  return and([sql`EXISTS (SELECT 1 FROM ${tableAs(model, c)} WHERE ${cursorMatches})`, condition])!;
}

/**
 * Rows at or after the cursor values `values` over `keys`, in the order Prisma 7 builds it: first
 * "tied on all keys but the last, and at or after on the last", then the shorter alternatives
 * "tied on the keys before, strictly after on this one", from the last key back to the first.
 */
function atOrAfterInOrder(keys: OrderKey[], values: SQL[], alias: string): SQL | undefined {
  if (keys.length === 0) return undefined;
  const tiedBefore = (i: number): SQL[] => keys.slice(0, i).map((k, j) => equalTo(k, k.expr(alias), values[j]!));
  const last = keys.length - 1;
  const alternatives = [and([...tiedBefore(last), atOrAfter(keys[last]!, keys[last]!.expr(alias), values[last]!)])!];
  for (let i = last - 1; i >= 0; i--)
    alternatives.push(and([...tiedBefore(i), after(keys[i]!, keys[i]!.expr(alias), values[i]!)])!);
  return or(alternatives);
}

/** The row's key value `x` is the cursor's `c` or comes after it: {@link after} or {@link equalTo}. */
function atOrAfter(key: OrderKey, x: SQL, c: SQL): SQL {
  const op = sql.raw(key.direction === "asc" ? ">=" : "<=");
  if (!key.nullable) return sql`${x} ${op} ${c}`;
  if (key.through === "optional" && key.direction === "desc")
    return sql`(${x} ${op} ${c} OR (${x} IS NULL AND ${c} IS NULL))`;
  const nullsLast = key.nulls === undefined ? key.direction === "asc" : key.nulls === "last";
  // NULLs last: a NULL row follows every value (and is tied with a NULL cursor value); NULLs
  // first: a NULL cursor value precedes every row, and a NULL row precedes every value.
  return nullsLast ? sql`(${x} ${op} ${c} OR ${x} IS NULL)` : sql`(${x} ${op} ${c} OR ${c} IS NULL)`;
}

/** The row's key value `x` equals the cursor's `c` (NULL equals NULL for a nullable key). */
function equalTo(key: OrderKey, x: SQL, c: SQL): SQL {
  return key.nullable ? sql`${x} IS NOT DISTINCT FROM ${c}` : sql`${x} = ${c}`;
}

/** The row's key value `x` comes strictly after the cursor's `c` in the key's order. */
function after(key: OrderKey, x: SQL, c: SQL): SQL {
  const op = sql.raw(key.direction === "asc" ? ">" : "<");
  if (!key.nullable || (key.through === "optional" && key.direction === "desc")) return sql`${x} ${op} ${c}`;
  const nullsLast = key.nulls === undefined ? key.direction === "asc" : key.nulls === "last";
  return nullsLast
    ? sql`(${c} IS NOT NULL AND (${x} IS NULL OR ${x} ${op} ${c}))`
    : sql`(${x} IS NOT NULL AND (${c} IS NULL OR ${x} ${op} ${c}))`;
}
