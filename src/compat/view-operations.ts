/**
 * What a view's delegate answers. Prisma Client 7.10 types a view's delegate with read operations
 * only, and at run time its query compiler has no query for anything else: a write on a view (or
 * `findUnique` on a view without `@id`/`@unique`) fails with a `PrismaClientUnknownRequestError`
 * ("Operation 'createOne' for model 'X' does not match any query", no code, no meta) before any
 * statement is sent. On a view without keys, Prisma's schema also has no `cursor`, and `take`/`skip`
 * need an `orderBy` (there is no identifier to order the page by).
 */
import { COMPAT_CLIENT_VERSION, invalid } from "./errors.ts";
import type { ModelMeta } from "./model-meta.ts";
import { PrismaClientUnknownRequestError } from "./prisma-runtime.ts";
import { isPlainObject } from "./sql-util.ts";

/** The operations Prisma's query schema has for every view. */
const VIEW_READS: ReadonlySet<string> = new Set([
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
]);

/** The operations that also need a unique key (Prisma's `WhereUniqueInput`). */
const UNIQUE_READS: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow"]);

/** Prisma's protocol name of a client method, as its message spells it (`create` → `createOne`). */
const PROTOCOL_ACTION: Readonly<Record<string, string>> = {
  create: "createOne",
  update: "updateOne",
  upsert: "upsertOne",
  delete: "deleteOne",
};

/** The read operations that take `cursor`, `take` and `skip` and are checked on a keyless view. */
const PAGINATED_READS: ReadonlySet<string> = new Set([
  "findMany",
  "findFirst",
  "findFirstOrThrow",
  "count",
  "aggregate",
]);

function hasQuery(model: ModelMeta, operation: string): boolean {
  return VIEW_READS.has(operation) || (UNIQUE_READS.has(operation) && model.uniques.length > 0);
}

/** Prisma's error for an operation its query schema does not have on `model`. */
function noMatchingQuery(model: ModelMeta, operation: string, call: string): PrismaClientUnknownRequestError {
  const action = PROTOCOL_ACTION[operation] ?? operation;
  return new PrismaClientUnknownRequestError(
    `\nInvalid \`${call}\` invocation:\n\n\nOperation '${action}' for model '${model.name}' does not match any query.`,
    { clientVersion: COMPAT_CLIENT_VERSION },
  );
}

/** On a view without keys: no `cursor`, and `take`/`skip` only with an `orderBy` (Prisma's validation errors). */
function checkKeylessPagination(call: string, args: unknown): void {
  if (!isPlainObject(args)) return;
  if (args.cursor !== undefined) invalid(call, "Unknown argument `cursor`. Available options are marked with ?.");
  for (const name of ["take", "skip"])
    if (args[name] !== undefined && args.orderBy === undefined)
      invalid(
        call,
        `Argument \`orderBy\` is missing.\nArgument \`orderBy\` is required because argument \`${name}\` was provided.`,
      );
}

/**
 * Throws what Prisma Client throws when `operation` is not one a view answers; checks a keyless
 * view's pagination arguments. Does nothing for a model.
 */
export function checkViewOperation(model: ModelMeta, operation: string, args: unknown, call: string): void {
  if (!model.isView) return;
  if (!hasQuery(model, operation)) throw noMatchingQuery(model, operation, call);
  if (model.uniques.length === 0 && PAGINATED_READS.has(operation)) checkKeylessPagination(call, args);
}
