/**
 * The argument features a Prisma call uses: walkers over Prisma's argument grammar (where,
 * orderBy, select/include, data and nested writes) on what argument-reader.ts resolves the
 * argument expressions to. Anything whose shape cannot be seen statically (a parameter, a function
 * result) is recorded as dynamic, so the call site is flagged for review instead of being guessed
 * movable.
 */
import ts from "typescript";
import { SCALAR_FILTER_KEYS, TO_MANY_RELATION_FILTERS, TO_ONE_RELATION_FILTERS } from "../compat/capabilities.ts";
import type { ArgumentReader, ObjectSource, Resolved } from "./argument-reader.ts";
import { type FeatureSet, emptyFeatures } from "./feature-set.ts";

const RELATION_FILTERS = new Set([...TO_MANY_RELATION_FILTERS, ...TO_ONE_RELATION_FILTERS]);
const NESTED_WRITES = new Set([
  "create",
  "createMany",
  "connect",
  "connectOrCreate",
  "set",
  "disconnect",
  "delete",
  "deleteMany",
  "update",
  "updateMany",
  "upsert",
]);
const SCALAR_UPDATES = new Set(["set", "increment", "decrement", "multiply", "divide", "push", "unset"]);
const NESTED_READ_ARGS = new Set([
  "select",
  "include",
  "omit",
  "where",
  "orderBy",
  "take",
  "skip",
  "cursor",
  "distinct",
]);
const AGGREGATES = new Set(["_count", "_sum", "_avg", "_min", "_max"]);
const JSON_OPERATORS = /^(path|string_|array_)/;
const LIST_FILTERS = new Set(["has", "hasSome", "hasEvery", "isEmpty", "equals"]);

/** Records a part whose content is not visible, saying so when it is assembled by mutation. */
function markDynamic(out: FeatureSet, path: string, resolved: Resolved): void {
  out.dynamic.add(resolved.kind === "dynamic" && resolved.mutated ? `${path} (built by mutation)` : path);
}

/** Reads the features of a model operation's argument object. */
export function analyzeArgs(reader: ArgumentReader, arg: ts.Expression | undefined, out: FeatureSet): void {
  if (!arg) return;
  const resolved = reader.resolve(arg);
  if (resolved.kind === "dynamic") {
    markDynamic(out, "args", resolved);
    return;
  }
  if (resolved.kind !== "objects") return;
  for (const [key, value] of reader.properties(resolved.objects, "args", out)) topLevel(reader, key, value, out);
}

function topLevel(reader: ArgumentReader, key: string, value: ts.Expression, out: FeatureSet): void {
  switch (key) {
    case "where":
    case "cursor":
      out.features.add(key);
      where(reader, value, key, out);
      return;
    case "select":
    case "include":
    case "omit":
      out.features.add(key);
      selection(reader, value, key, out);
      return;
    case "orderBy":
      out.features.add(key);
      orderBy(reader, value, key, out);
      return;
    case "take":
    case "skip":
    case "distinct":
    case "skipDuplicates":
    case "limit":
    case "by":
    case "relationLoadStrategy":
      out.features.add(key);
      if (key === "take" && ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.MinusToken)
        out.features.add("take:negative");
      return;
    case "data":
    case "create":
    case "update":
      out.features.add(key);
      data(reader, value, key, out, [key]);
      return;
    case "having": {
      out.features.add("having");
      const resolved = reader.resolve(value);
      if (
        resolved.kind === "objects" &&
        reader.properties(resolved.objects, "having", emptyFeatures()).some(([k]) => AGGREGATES.has(k))
      )
        out.features.add("having:top-level-aggregate");
      where(reader, value, "having", out);
      return;
    }
    default:
      if (AGGREGATES.has(key)) {
        out.features.add(`aggregate.${key}`);
        return;
      }
      out.features.add(`unknown-argument:${key}`);
  }
}

function forEachObject(
  reader: ArgumentReader,
  value: ts.Expression,
  path: string,
  out: FeatureSet,
  visit: (objects: ObjectSource[]) => void,
): void {
  const resolved = reader.resolve(value);
  if (resolved.kind === "dynamic") markDynamic(out, path, resolved);
  else if (resolved.kind === "objects") visit(resolved.objects);
  else if (resolved.kind === "arrays")
    for (const element of resolved.elements) forEachObject(reader, element, path, out, visit);
}

/** `prisma.task.fields.position`: `fields` of a model delegate (a relation named `fields` is not one). */
function usesFieldReference(reader: ArgumentReader, value: ts.Expression): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "fields" &&
      reader.isDelegate(node.expression.expression)
    )
      found = true;
    if (!found) ts.forEachChild(node, visit);
  };
  visit(value);
  return found;
}

/** A `where` (or `having`, or a relation filter's inner where). */
function where(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (key === "AND" || key === "OR" || key === "NOT") {
        out.features.add(`where.${key}`);
        where(reader, inner, path, out);
        continue;
      }
      if (usesFieldReference(reader, inner)) out.features.add("fieldReference");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        if (!reader.unknownIsScalar(path, key, inner, resolved.mutated)) markDynamic(out, `${path}.${key}`, resolved);
        continue;
      }
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out);
      if (props.length === 0) continue;
      if (props.some(([op]) => SCALAR_FILTER_KEYS.has(op) || RELATION_FILTERS.has(op) || AGGREGATES.has(op))) {
        const kind = reader.fieldKind(path, key);
        for (const [op] of props) {
          // The facade filters Json fields by equals/not only, and lists by has*/isEmpty/equals.
          // (Json-only operators such as `path` are named by their own feature already.)
          if (kind === "json" && op !== "equals" && op !== "not" && !JSON_OPERATORS.test(op))
            out.features.add("where.json:operator");
          if (kind === "list" && !LIST_FILTERS.has(op)) out.features.add("where.list:operator");
        }
        for (const [op, operand] of props) {
          if (RELATION_FILTERS.has(op)) {
            out.features.add(`where.relation.${op}`);
            where(reader, operand, `${path}.${key}.${op}`, out);
          } else if (AGGREGATES.has(op)) {
            out.features.add(`having.${op}`);
          } else filterOperator(reader, op, operand, `${path}.${key}`, out);
        }
        continue;
      }
      // A relation filter written without `is` (`owner: { email: ... }`) or a compound unique key.
      out.features.add("where.nested");
      where(reader, inner, `${path}.${key}`, out);
    }
  });
}

/** One operator of a scalar filter (`contains`, `mode`, `not: { ... }`). */
function filterOperator(
  reader: ArgumentReader,
  op: string,
  operand: ts.Expression,
  path: string,
  out: FeatureSet,
): void {
  if (op === "mode") {
    const modes = reader.literalValues(operand);
    out.features.add(modes?.length === 1 ? `where.mode:${modes[0]}` : "where.mode");
    return;
  }
  out.features.add(SCALAR_FILTER_KEYS.has(op) ? `where.${op}` : `unknown-filter:${op}`);
  if (op !== "not") return;
  const nested = reader.resolve(operand);
  if (nested.kind === "dynamic") out.dynamic.add(`${path}.not`);
  if (nested.kind !== "objects") return;
  for (const [inner, value] of reader.properties(nested.objects, `${path}.not`, out))
    filterOperator(reader, inner, value, `${path}.not`, out);
}

function orderBy(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (key === "_relevance") {
        out.features.add("orderBy._relevance");
        continue;
      }
      const kind = reader.fieldKind(path, key);
      if (kind === "json") out.features.add("orderBy.json");
      if (reader.model?.nullable.has(key)) out.features.add("orderBy:nullable-field");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic" && !reader.unknownIsScalar(path, key, inner, resolved.mutated))
        markDynamic(out, `${path}.${key}`, resolved);
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out).map(([k]) => k);
      if (kind === "relation" && reader.model?.toMany.has(key) && !(props.length === 1 && props[0] === "_count"))
        out.features.add("orderBy.toMany:other");
      if (props.includes("sort") || props.includes("nulls"))
        out.features.add(props.includes("nulls") ? "orderBy.nulls" : "orderBy.sort");
      else if (props.includes("_count")) out.features.add("orderBy.relationCount");
      else if (AGGREGATES.has(key)) out.features.add(`orderBy.${key}`);
      else out.features.add("orderBy.relation");
    }
  });
}

function selection(reader: ArgumentReader, value: ts.Expression, path: string, out: FeatureSet): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        out.dynamic.add(`${path}.${key}`);
        continue;
      }
      if (key === "_count") {
        out.features.add("select._count");
        if (resolved.kind === "objects") {
          for (const [, sel] of reader.properties(resolved.objects, `${path}._count`, out)) {
            forEachObject(reader, sel, `${path}._count`, out, (selObjects) => {
              for (const [, rel] of reader.properties(selObjects, `${path}._count.select`, out)) {
                forEachObject(reader, rel, `${path}._count.select`, out, (relObjects) => {
                  for (const [k, w] of reader.properties(relObjects, `${path}._count.select`, out)) {
                    if (k === "where") {
                      out.features.add("select._count.where");
                      where(reader, w, `${path}._count.where`, out);
                    }
                  }
                });
              }
            });
          }
        }
        continue;
      }
      if (resolved.kind !== "objects") continue;
      out.features.add("relation");
      for (const [arg, nested] of reader.properties(resolved.objects, `${path}.${key}`, out)) {
        if (arg === "relationLoadStrategy") {
          out.features.add("relation.relationLoadStrategy");
          continue;
        }
        if (!NESTED_READ_ARGS.has(arg)) {
          out.features.add(`unknown-argument:${path}.${key}.${arg}`);
          continue;
        }
        out.features.add(`relation.${arg}`);
        if (arg === "where" || arg === "cursor") where(reader, nested, `${path}.${key}.${arg}`, out);
        else if (arg === "orderBy") orderBy(reader, nested, `${path}.${key}.orderBy`, out);
        else if (arg === "select" || arg === "include" || arg === "omit")
          selection(reader, nested, `${path}.${key}.${arg}`, out);
      }
    }
  });
}

/** `data` of create/update/upsert/createMany: scalar operations and nested writes. */
function data(
  reader: ArgumentReader,
  value: ts.Expression,
  path: string,
  out: FeatureSet,
  typePath: readonly string[] = [path],
): void {
  forEachObject(reader, value, path, out, (objects) => {
    for (const [key, inner] of reader.properties(objects, path, out)) {
      if (usesFieldReference(reader, inner)) out.features.add("fieldReference");
      const resolved = reader.resolve(inner);
      if (resolved.kind === "dynamic") {
        // A value built at run time is harmless for a scalar or Json field (it cannot hold nested
        // writes); for a relation field, or when the field's kind is unknown, it needs review.
        const kind = reader.fieldKind(path, key);
        const inputTypes = reader.typeNamesAt([...typePath, key]);
        const harmless =
          kind !== undefined
            ? kind !== "relation"
            : inputTypes.length > 0
              ? !inputTypes.some(isRelationInput)
              : reader.unknownIsScalar(path, key, inner, resolved.mutated);
        if (!harmless) markDynamic(out, `${path}.${key}`, resolved);
        continue;
      }
      if (resolved.kind !== "objects") continue;
      const props = reader.properties(resolved.objects, `${path}.${key}`, out);
      const names = props.map(([k]) => k);
      if (
        names.length > 0 &&
        names.every((n) => SCALAR_UPDATES.has(n)) &&
        !names.some((n) => NESTED_WRITES.has(n) && n !== "set")
      ) {
        for (const n of names) out.features.add(`data.${n}`);
        continue;
      }
      if (names.length > 0 && names.every((n) => NESTED_WRITES.has(n))) {
        const inputTypes = reader.typeNamesAt([...typePath, key]);
        const toOne = inputTypes.some((n) => /(CreateNestedOne|UpdateOne|CreateOne)/.test(n));
        const known = inputTypes.length > 0;
        for (const [op, operand] of props) {
          out.features.add(`data.nested.${op}`);
          if (op === "upsert" || op === "delete" || (op === "disconnect" && !isBooleanLiteral(operand))) {
            if (toOne) out.features.add(`data.nested.${op === "disconnect" ? "disconnect-filter" : op}:to-one`);
            else if (!known) out.dynamic.add(`${path}.${key}.${op} (relation kind unknown)`);
          }
          nestedWrite(reader, op, operand, `${path}.${key}.${op}`, out, [...typePath, key, op]);
        }
        continue;
      }
      // Anything else is a Json value (or a compound value): it carries no Prisma features.
    }
  });
}

/** The arguments inside one nested write (`create: {...}`, `connectOrCreate: { where, create }`, ...). */
function nestedWrite(
  reader: ArgumentReader,
  op: string,
  operand: ts.Expression,
  path: string,
  out: FeatureSet,
  typePath: readonly string[],
): void {
  if (isBooleanLiteral(operand)) return;
  if (op === "create") return data(reader, operand, path, out, typePath);
  if (op === "connect" || op === "disconnect" || op === "delete" || op === "set" || op === "deleteMany")
    return where(reader, operand, path, out);
  forEachObject(reader, operand, path, out, (items) => {
    const props = reader.properties(items, path, out);
    const wrapped = props.some(
      ([k]) => k === "where" || k === "data" || k === "create" || k === "update" || k === "skipDuplicates",
    );
    if (!wrapped) return data(reader, operand, path, out, typePath);
    for (const [k, v] of props) {
      if (k === "where") where(reader, v, `${path}.where`, out);
      else if (k === "data" || k === "create" || k === "update") data(reader, v, `${path}.${k}`, out, [...typePath, k]);
      else if (k === "skipDuplicates") out.features.add("skipDuplicates");
      else out.features.add(`unknown-argument:${path}.${k}`);
    }
  });
}

/** Prisma's generated input types for writes through a relation field. */
function isRelationInput(typeName: string): boolean {
  return /Nested(One|Many)|NestedInput$|CreateOrConnect|CreateMany\w*InputEnvelope/.test(typeName);
}

function isBooleanLiteral(expr: ts.Expression): boolean {
  return expr.kind === ts.SyntaxKind.TrueKeyword || expr.kind === ts.SyntaxKind.FalseKeyword;
}
