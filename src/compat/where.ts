/**
 * Prisma `where` → SQL condition. Follows the SQL Prisma 7 itself generates for PostgreSQL, quirks
 * included, because the facade must return the same rows:
 * - `contains`/`startsWith`/`endsWith` and `equals`/`not` with `mode: 'insensitive'` use LIKE/ILIKE
 *   without escaping `%` and `_` (Prisma does not escape them either);
 * - other comparisons with `mode: 'insensitive'` compare `LOWER(column)` with `LOWER(value)`;
 * - `not: x` is `column <> x`, so rows where the column is NULL do not match (as in Prisma);
 *   `not: { a, b }` negates each operator on its own and ANDs them;
 * - to-many relation filters are EXISTS subqueries (`every` is NOT EXISTS of the negation);
 *   to-one filters are evaluated over a LEFT JOIN of the related row, as Prisma does, so a NULL
 *   compared stays NULL under `NOT` (`isNot` also matches rows without a related row); a relation
 *   filter with nothing defined in it is no filter at all;
 * - empty filter objects inside AND/OR/NOT are dropped before combining (`OR: [{}]` matches nothing).
 * Every operator the facade does not know raises an error naming it.
 */
import { isAnyNull, isDbNull, isJsonNull } from "./prisma-runtime.ts";
import { type SQL, sql } from "drizzle-orm";
import { SCALAR_FILTER_KEYS, TO_MANY_RELATION_FILTERS, TO_ONE_RELATION_FILTERS } from "./capabilities.ts";
import { invalid, unsupported } from "./errors.ts";
import type { ModelMeta, RelationField, ScalarField } from "./model-meta.ts";
import {
  type QueryContext,
  bind,
  FALSE,
  TRUE,
  and,
  col,
  defined,
  isPlainObject,
  not,
  or,
  tableAs,
  typedParam,
} from "./sql-util.ts";
import { encodeJsonFilterValue, encodeListOperand, encodeValue } from "./values.ts";

/** The condition for `where` on `model` rows aliased `alias`; undefined means "every row". */
export function buildWhere(ctx: QueryContext, model: ModelMeta, where: unknown, alias: string): SQL | undefined {
  if (where === undefined || where === null) return undefined;
  if (!isPlainObject(where)) invalid(ctx.call, `Argument \`where\` must be an object.`);
  const parts: (SQL | undefined)[] = [];
  for (const [key, value] of defined(where)) {
    if (key === "AND" || key === "OR" || key === "NOT") {
      if (key === "OR" && !Array.isArray(value)) invalid(ctx.call, "Argument `OR` must be a list.");
      // Prisma drops list elements that hold no condition at all ({}, { AND: [] }, { OR: [] },
      // { field: {} }), and only then combines: AND of none is TRUE, OR of none is FALSE.
      const list = (Array.isArray(value) ? value : [value]).filter((w) => !isEmptyWhere(model, w));
      if (key === "AND") parts.push(and(list.map((w) => buildWhere(ctx, model, w, alias))));
      else if (key === "OR") parts.push(or(list.map((w) => buildWhere(ctx, model, w, alias) ?? TRUE)));
      else parts.push(and(list.map((w) => not(buildWhere(ctx, model, w, alias) ?? TRUE))));
    } else {
      const field = model.fields.get(key);
      if (field?.kind === "scalar") parts.push(scalarCondition(ctx, field, value, col(alias, field)));
      else if (field?.kind === "relation") parts.push(relationCondition(ctx, model, field, value, alias));
      else {
        const compound = model.uniques.find((u) => u.fields.length > 1 && u.name === key);
        if (!compound) invalid(ctx.call, `Unknown argument \`${key}\` in \`where\` of ${model.name}.`);
        if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${key}\` must be an object.`);
        parts.push(
          and(
            compound.fields.map((f) =>
              scalarCondition(
                ctx,
                model.fields.get(f) as ScalarField,
                value[f],
                col(alias, model.fields.get(f) as ScalarField),
              ),
            ),
          ),
        );
      }
    }
  }
  return and(parts);
}

/**
 * A where object without a single condition in it (see the list handling in {@link buildWhere}).
 * Prisma decides this on the shape, after dropping undefined values: a scalar filter with no
 * operator (`{}`, `{ mode }`, `{ not: {} }`), a relation filter with no key at all (`{}`,
 * `{ email: undefined }`, `{ some: undefined }`), or AND/OR/NOT holding only such objects.
 * `{ is: {} }`, `{ some: {} }` and `{ email: {} }` inside a relation filter do hold a condition
 * (the related row must exist).
 */
function isEmptyWhere(model: ModelMeta, where: unknown): boolean {
  if (!isPlainObject(where)) return false;
  return defined(where).every(([key, value]) => {
    if (key === "AND" || key === "OR" || key === "NOT")
      return (Array.isArray(value) ? value : [value]).every((w) => isEmptyWhere(model, w));
    const field = model.fields.get(key);
    if (field?.kind === "relation") return isPlainObject(value) && defined(value).length === 0;
    return field?.kind === "scalar" && isEmptyScalarFilter(field, value, false);
  });
}

/** A scalar filter object without an operator; `mode` is allowed only outside `not` on String fields (elsewhere it is not empty: it must be refused). */
function isEmptyScalarFilter(field: ScalarField, value: unknown, nested: boolean): boolean {
  if (!isPlainObject(value)) return false;
  if (field.type === "Json") return isFilterObject(field, value) && defined(value).every(([op]) => op === "mode");
  return defined(value).every(
    ([op, operand]) =>
      (op === "mode" && !nested && field.type === "String") ||
      (op === "not" && isEmptyScalarFilter(field, operand, true)),
  );
}

/** A filter object (as opposed to a value to compare with). */
function isFilterObject(field: ScalarField, value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  if (field.type !== "Json") return true;
  // A Json field compares only through filters; a plain object is a filter when its keys are.
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => SCALAR_FILTER_KEYS.has(k));
}

/** The condition for one scalar field: a direct value (equality) or a filter object. */
export function scalarCondition(ctx: QueryContext, field: ScalarField, value: unknown, column: SQL): SQL | undefined {
  if (value === undefined) return undefined;
  // A Json list is filtered as a list (has, hasSome…); a single Json value by `equals`/`not`/paths.
  if (field.type === "Json" && !field.isList) return jsonCondition(ctx, field, value, column);
  if (!isFilterObject(field, value)) {
    if (field.isList)
      invalid(ctx.call, `Argument \`${field.name}\` needs a list filter (has, hasSome, hasEvery, isEmpty, equals).`);
    if (value === null && field.isRequired) invalid(ctx.call, `Argument \`${field.name}\` must not be null.`);
    return value === null ? sql`${column} IS NULL` : sql`${column} = ${bind(encodeValue(field, value, ctx.call))}`;
  }
  if (field.isList) return listCondition(ctx, field, value, column);
  const mode = value.mode;
  if (mode !== undefined && mode !== "default" && mode !== "insensitive")
    invalid(ctx.call, `Argument \`mode\`: expected 'default' or 'insensitive'.`);
  const insensitive = mode === "insensitive";
  if (mode !== undefined && field.type !== "String")
    invalid(ctx.call, `Argument \`mode\` is only valid for String fields.`);
  return filterCondition(ctx, field, value, column, { insensitive, negated: false, nested: false });
}

interface FilterScope {
  /** `mode: 'insensitive'` of the outermost filter (it applies inside `not` too). */
  insensitive: boolean;
  /** Inside an odd number of `not: { ... }` objects. */
  negated: boolean;
  /** Inside `not: { ... }`: Prisma's nested filter type, which has no `mode`. */
  nested: boolean;
}

/**
 * The operators of one filter object, ANDed. Prisma negates a `not: { ... }` object operator by
 * operator (`not: { gte: 1, lt: 5 }` is `NOT gte AND NOT lt`, not `NOT (gte AND lt)`), and a `not`
 * object inside it flips back; a `not: value` stays `<> value` (or IS NOT NULL) at any depth.
 * An object with no operator is no condition (undefined).
 */
function filterCondition(
  ctx: QueryContext,
  field: ScalarField,
  filter: Record<string, unknown>,
  column: SQL,
  scope: FilterScope,
): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  for (const [op, operand] of defined(filter)) {
    if (op === "mode") {
      if (scope.nested) invalid(ctx.call, `Unknown argument \`mode\` in \`not\` of field \`${field.name}\`.`);
    } else if (op === "not" && isPlainObject(operand)) {
      parts.push(filterCondition(ctx, field, operand, column, { ...scope, negated: !scope.negated, nested: true }));
    } else if (op === "not") {
      parts.push(notEquals(ctx, field, operand, column, scope.insensitive));
    } else {
      const condition = operatorCondition(ctx, field, op, operand, column, scope.insensitive);
      parts.push(scope.negated ? not(condition) : condition);
    }
  }
  return and(parts);
}

/** `not: value`: `<> value` (rows where the column is NULL do not match), or IS NOT NULL. */
function notEquals(ctx: QueryContext, field: ScalarField, operand: unknown, column: SQL, insensitive: boolean): SQL {
  if (operand === null && field.isRequired) invalid(ctx.call, "Argument `not` must not be null.");
  if (operand === null) return sql`${column} IS NOT NULL`;
  const value = bind(encodeValue(field, operand, ctx.call));
  return insensitive ? sql`${column} NOT ILIKE ${value}` : sql`${column} <> ${value}`;
}

/** `in: null` / `notIn: null`: Prisma allows them on optional fields only, as IS NULL / IS NOT NULL. */
function nullList(ctx: QueryContext, field: ScalarField, op: string, column: SQL): SQL {
  if (field.isRequired) invalid(ctx.call, `Argument \`${op}\` must not be null.`);
  return op === "in" ? sql`${column} IS NULL` : sql`${column} IS NOT NULL`;
}

/** One comparison operator of a scalar filter (everything but `mode` and `not`). */
const TEXT_MATCH_OPS: ReadonlySet<string> = new Set(["contains", "startsWith", "endsWith"]);

function operatorCondition(
  ctx: QueryContext,
  field: ScalarField,
  op: string,
  operand: unknown,
  column: SQL,
  insensitive: boolean,
): SQL {
  const enc = (v: unknown): unknown => encodeValue(field, v, ctx.call);
  const lower = (v: SQL): SQL => (insensitive ? sql`LOWER(${v})` : v);
  // Prisma's filter type for a `@db.Uuid` String (UuidFilter) has no text-matching operators.
  if (field.sqlType === "uuid" && TEXT_MATCH_OPS.has(op))
    invalid(ctx.call, `Unknown argument \`${op}\`. Available options are marked with ?.`);
  switch (op) {
    case "equals":
      if (operand === null && field.isRequired) invalid(ctx.call, `Argument \`equals\` must not be null.`);
      if (operand === null) return sql`${column} IS NULL`;
      return insensitive ? sql`${column} ILIKE ${bind(enc(operand))}` : sql`${column} = ${bind(enc(operand))}`;
    case "in":
    case "notIn": {
      if (operand === null) return nullList(ctx, field, op, column);
      if (!Array.isArray(operand)) invalid(ctx.call, `Argument \`${op}\` must be a list.`);
      if (operand.some((v) => v === null || v === undefined))
        invalid(ctx.call, `Argument \`${op}\`: Invalid value provided. A list element must not be null.`);
      if (operand.length === 0) return op === "in" ? FALSE : TRUE;
      return listMembership(operand.map(enc), column, op === "in", insensitive);
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      // Prisma's enum and Boolean filters have no ordering operators.
      if (field.type === "Enum" || field.type === "Boolean")
        invalid(ctx.call, `Unknown argument \`${op}\` for ${field.type} field \`${field.name}\`.`);
      if (operand === null) invalid(ctx.call, `Argument \`${op}\` must not be null.`);
      const sign = { lt: "<", lte: "<=", gt: ">", gte: ">=" }[op];
      return sql`${lower(column)} ${sql.raw(sign)} ${lower(sql`${bind(enc(operand))}`)}`;
    }
    case "contains":
    case "startsWith":
    case "endsWith": {
      if (field.type !== "String") invalid(ctx.call, `Argument \`${op}\` is only valid for String fields.`);
      if (typeof operand !== "string") invalid(ctx.call, `Argument \`${op}\` must be a string.`);
      const pattern =
        op === "contains"
          ? sql`('%' || ${bind(operand)} || '%')`
          : op === "startsWith"
            ? sql`(${bind(operand)} || '%')`
            : sql`('%' || ${bind(operand)})`;
      return insensitive ? sql`${column} ILIKE ${pattern}` : sql`${column}::text LIKE ${pattern}`;
    }
    case "search":
      return unsupported("the full-text `search` filter");
    default:
      if (SCALAR_FILTER_KEYS.has(op)) unsupported(`the \`${op}\` filter on ${field.type} field \`${field.name}\``);
      return invalid(ctx.call, `Unknown filter \`${op}\` on field \`${field.name}\`.`);
  }
}

/**
 * `in` / `notIn` as one array parameter (`= ANY`, `<> ALL`): a list of any length is one bind
 * value, so lists beyond PostgreSQL's 65,535 parameters run, as they do with Prisma.
 */
function listMembership(values: unknown[], column: SQL, member: boolean, insensitive: boolean): SQL {
  if (insensitive) {
    // Only String fields take `mode: 'insensitive'`, so the list is text.
    const lowered = sql`(SELECT LOWER(v) FROM unnest(CAST(${bind(values)} AS text[])) AS v)`;
    return member ? sql`LOWER(${column}) IN ${lowered}` : sql`LOWER(${column}) NOT IN ${lowered}`;
  }
  // PostgreSQL types the parameter as an array of the left side's type (column or aggregate).
  return member ? sql`${column} = ANY(${bind(values)})` : sql`${column} <> ALL(${bind(values)})`;
}

function listCondition(ctx: QueryContext, field: ScalarField, filter: Record<string, unknown>, column: SQL): SQL {
  const parts: SQL[] = [];
  const list = (v: unknown): unknown => encodeListOperand(field, v, ctx.call);
  const ops = defined(filter);
  if (ops.length !== 1)
    invalid(
      ctx.call,
      `Argument \`${field.name}\` of type list filter needs exactly one argument, but you provided ${ops.map(([k]) => k).join(" and ")}. Please choose one.`,
    );
  for (const [op, operand] of ops) {
    switch (op) {
      case "has":
        // Prisma runs `has: null` as containment of a NULL element: no row matches, NOT matches the non-NULL lists.
        parts.push(
          operand === null
            ? sql`${column} @> ${typedParam(field, [null])}`
            : sql`${column} @> ${bind(encodeValue(field, [operand], ctx.call))}`,
        );
        break;
      case "hasEvery":
        parts.push(sql`${column} @> ${bind(list(operand))}`);
        break;
      case "hasSome":
        parts.push(sql`${column} && ${bind(list(operand))}`);
        break;
      case "isEmpty":
        parts.push(operand === true ? sql`${column} = '{}'` : sql`${column} <> '{}'`);
        break;
      case "equals":
        parts.push(operand === null ? sql`${column} IS NULL` : sql`${column} = ${bind(list(operand))}`);
        break;
      default:
        unsupported(`the \`${op}\` filter on list field \`${field.name}\``);
    }
  }
  return and(parts) ?? TRUE;
}

function jsonCondition(ctx: QueryContext, field: ScalarField, value: unknown, column: SQL): SQL | undefined {
  if (!isFilterObject(field, value))
    invalid(ctx.call, `Argument \`${field.name}\`: Json fields are filtered with \`equals\` or \`not\`.`);
  const parts: SQL[] = [];
  const compare = (operand: unknown, negate: boolean): SQL => {
    if (isDbNull(operand)) return negate ? sql`${column} IS NOT NULL` : sql`${column} IS NULL`;
    // Prisma reads a plain null in a Json filter as JSON null (`Prisma.JsonNull`), not as SQL NULL.
    if (operand === null || isJsonNull(operand))
      return negate ? sql`${column}::jsonb <> 'null'::jsonb` : sql`${column}::jsonb = 'null'::jsonb`;
    if (isAnyNull(operand))
      return negate
        ? sql`(${column} IS NOT NULL AND ${column}::jsonb <> 'null'::jsonb)`
        : sql`(${column} IS NULL OR ${column}::jsonb = 'null'::jsonb)`;
    const text = encodeJsonFilterValue(operand);
    return negate ? sql`${column}::jsonb <> ${bind(text)}` : sql`${column}::jsonb = ${bind(text)}`;
  };
  for (const [op, operand] of defined(value)) {
    if (op === "equals") parts.push(compare(operand, false));
    else if (op === "not") parts.push(compare(operand, true));
    else unsupported(`the \`${op}\` filter on Json field \`${field.name}\``);
  }
  return and(parts);
}

/**
 * `parent.fields = target.references` for a relation between two aliases; for an implicit
 * many-to-many relation, a row of its join table linking the two.
 */
export function joinCondition(
  ctx: QueryContext,
  parent: ModelMeta,
  relation: RelationField,
  parentAlias: string,
  targetAlias: string,
): SQL {
  const target = ctx.schema.model(relation.target);
  if (relation.through) {
    const { table, ownColumn, otherColumn } = relation.through;
    const j = sql.identifier(ctx.nextAlias());
    const own = col(parentAlias, parent.fields.get(relation.fields[0]!) as ScalarField);
    const other = col(targetAlias, target.fields.get(relation.references[0]!) as ScalarField);
    return sql`EXISTS (SELECT 1 FROM ${table} AS ${j} WHERE ${j}.${sql.identifier(ownColumn)} = ${own} AND ${j}.${sql.identifier(otherColumn)} = ${other})`;
  }
  return and(
    relation.fields.map(
      (f, i) =>
        sql`${col(parentAlias, parent.fields.get(f) as ScalarField)} = ${col(targetAlias, target.fields.get(relation.references[i]!) as ScalarField)}`,
    ),
  )!;
}

function exists(
  ctx: QueryContext,
  parent: ModelMeta,
  relation: RelationField,
  parentAlias: string,
  where: unknown,
  negateWhere = false,
): SQL {
  const target = ctx.schema.model(relation.target);
  const alias = ctx.nextAlias();
  const inner = buildWhere(ctx, target, where, alias);
  const condition = negateWhere ? not(inner ?? TRUE) : inner;
  return sql`EXISTS (SELECT 1 FROM ${tableAs(target, alias)} WHERE ${and([joinCondition(ctx, parent, relation, parentAlias, alias), condition])})`;
}

/**
 * A to-one relation filter as Prisma evaluates it: over a LEFT JOIN of the related row, not an
 * EXISTS. The difference is SQL's NULL: `seen = -4` on a related row whose `seen` is NULL is
 * neither true nor false, so `NOT { user: { seen: -4 } }` does not match that row either (an EXISTS
 * would turn it into false, and NOT into true). A missing related row reads as NULL columns.
 * `condition` gets the related row's alias and its "present" test (its join columns not NULL).
 */
function joinedToOne(
  ctx: QueryContext,
  parent: ModelMeta,
  relation: RelationField,
  parentAlias: string,
  condition: (alias: string, present: SQL, absent: SQL) => SQL,
): SQL {
  const target = ctx.schema.model(relation.target);
  const alias = ctx.nextAlias();
  const one = sql.identifier(ctx.nextAlias());
  const keys = relation.references.map((f) => col(alias, target.fields.get(f) as ScalarField));
  const present = and(keys.map((k) => sql`${k} IS NOT NULL`))!;
  const absent = and(keys.map((k) => sql`${k} IS NULL`))!;
  // One row always (the LEFT JOIN of a one-row table): the value is the condition, NULL included.
  return sql`(SELECT ${condition(alias, present, absent)} FROM (SELECT 1) AS ${one} LEFT JOIN ${tableAs(target, alias)} ON ${joinCondition(ctx, parent, relation, parentAlias, alias)})`;
}

/** `is`: the related row is present and matches (NULL when a compared column is NULL). */
function toOneIs(
  ctx: QueryContext,
  parent: ModelMeta,
  relation: RelationField,
  parentAlias: string,
  where: unknown,
): SQL {
  const target = ctx.schema.model(relation.target);
  return joinedToOne(ctx, parent, relation, parentAlias, (alias, present) =>
    and([buildWhere(ctx, target, where, alias), present])!,
  );
}

/** `isNot`: the related row is absent, or present and not matching (NULL stays NULL, as in Prisma). */
function toOneIsNot(
  ctx: QueryContext,
  parent: ModelMeta,
  relation: RelationField,
  parentAlias: string,
  where: unknown,
): SQL {
  const target = ctx.schema.model(relation.target);
  return joinedToOne(ctx, parent, relation, parentAlias, (alias, _present, absent) =>
    or([not(buildWhere(ctx, target, where, alias)), absent]),
  );
}

function relationCondition(
  ctx: QueryContext,
  model: ModelMeta,
  relation: RelationField,
  value: unknown,
  alias: string,
): SQL | undefined {
  if (relation.isList) {
    if (!isPlainObject(value))
      invalid(ctx.call, `Argument \`${relation.name}\` needs \`some\`, \`every\` or \`none\`.`);
    const parts: SQL[] = [];
    for (const [op, inner] of defined(value)) {
      if (!TO_MANY_RELATION_FILTERS.has(op))
        invalid(
          ctx.call,
          `Unknown argument \`${op}\` for to-many relation \`${relation.name}\`; expected some, every or none.`,
        );
      if (op === "some") parts.push(exists(ctx, model, relation, alias, inner));
      else if (op === "none") parts.push(not(exists(ctx, model, relation, alias, inner)));
      else parts.push(not(exists(ctx, model, relation, alias, inner, true)));
    }
    return and(parts);
  }
  const absent = (): SQL =>
    relation.isOwner
      ? and(relation.fields.map((f) => sql`${col(alias, model.fields.get(f) as ScalarField)} IS NULL`))!
      : not(exists(ctx, model, relation, alias, undefined));
  // A required relation always has its row: Prisma's schema has no null for it, nor for its is/isNot.
  const refuseNull = (what: string): void => {
    if (relation.isRequired)
      invalid(ctx.call, `Argument \`${what}\` must not be null: \`${relation.name}\` is a required relation.`);
  };
  if (value === null) {
    refuseNull(relation.name);
    return absent();
  }
  if (!isPlainObject(value)) invalid(ctx.call, `Argument \`${relation.name}\` must be an object or null.`);
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  // Nothing defined in it (`{}`, `{ email: undefined }`, `{ is: undefined }`): Prisma applies no filter.
  if (keys.length === 0) return undefined;
  if (keys.length > 0 && keys.every((k) => TO_ONE_RELATION_FILTERS.has(k))) {
    const parts: SQL[] = [];
    if (value.is === null) refuseNull("is");
    if (value.isNot === null) refuseNull("isNot");
    if (value.is !== undefined)
      parts.push(value.is === null ? absent() : toOneIs(ctx, model, relation, alias, value.is));
    if (value.isNot !== undefined)
      parts.push(value.isNot === null ? not(absent()) : toOneIsNot(ctx, model, relation, alias, value.isNot));
    return and(parts);
  }
  return toOneIs(ctx, model, relation, alias, value);
}

/**
 * The condition for a `WhereUniqueInput`: checks, as Prisma does, that it names at least one
 * complete unique key, and allows further non-unique filters beside it.
 */
export function buildUniqueWhere(ctx: QueryContext, model: ModelMeta, where: unknown, alias: string): SQL {
  if (!isPlainObject(where)) invalid(ctx.call, `Argument \`where\` of type ${model.name}WhereUniqueInput is required.`);
  const named = model.uniques.some((u) =>
    u.fields.length === 1
      ? where[u.fields[0]!] !== undefined && !isPlainObject(where[u.fields[0]!])
      : isPlainObject(where[u.name]) &&
        u.fields.every((f) => (where[u.name] as Record<string, unknown>)[f] !== undefined),
  );
  if (!named) {
    invalid(
      ctx.call,
      `Argument \`where\` of type ${model.name}WhereUniqueInput needs at least one of ${model.uniques.map((u) => `\`${u.name}\``).join(", ")} arguments.`,
    );
  }
  return buildWhere(ctx, model, where, alias) ?? TRUE;
}
