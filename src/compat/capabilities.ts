/**
 * What the facade implements and what it refuses, in one place: the facade's runtime and types are
 * built from these lists, and the call-site inventory (src/inventory) judges call sites by them.
 * Dependency-free on purpose, so the inventory can load it without Drizzle or Prisma.
 */

/** Model operations the facade implements (every one Prisma Client has for PostgreSQL). */
export const COMPAT_OPERATIONS = [
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
] as const;

/** Client members (`$...`) the facade implements. */
export const COMPAT_CLIENT_MEMBERS = ["$transaction", "$queryRaw", "$executeRaw", "$queryRawUnsafe", "$executeRawUnsafe", "$connect", "$disconnect", "$extends", "$on"] as const;

/**
 * Argument features and members the facade refuses with `compat: <feature> is not supported yet`,
 * keyed by the inventory's feature name, with the wording the facade's error uses.
 */
export const UNSUPPORTED_FEATURES: Readonly<Record<string, string>> = {
  "where.search": "the full-text `search` filter",
  "where.path": "Json path filters",
  "where.string_contains": "Json string filters",
  "where.string_starts_with": "Json string filters",
  "where.string_ends_with": "Json string filters",
  "where.array_contains": "Json array filters",
  "where.array_starts_with": "Json array filters",
  "where.array_ends_with": "Json array filters",
  "where.isSet": "`isSet` (MongoDB only)",
  "data.unset": "`unset` (MongoDB only)",
  "orderBy._relevance": "orderBy `_relevance`",
  fieldReference: "field references (`prisma.model.fields`)",
  "data.nested.upsert:to-one": "nested `upsert` on a to-one relation",
  "data.nested.delete:to-one": "nested `delete` on a to-one relation",
  "data.nested.disconnect-filter:to-one": "nested `disconnect` with a filter on a to-one relation",
  // Prisma 7 has no `$use` either (middleware was removed in Prisma 6): a query extension replaces it.
  $use: "`$use` (removed in Prisma 6: use a query extension)",
  $queryRawTyped: "`$queryRawTyped`",
  $runCommandRaw: "`$runCommandRaw`",
  $metrics: "`$metrics`",
};
