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
export const COMPAT_CLIENT_MEMBERS = [
  "$transaction",
  "$queryRaw",
  "$executeRaw",
  "$queryRawUnsafe",
  "$executeRawUnsafe",
  "$connect",
  "$disconnect",
  "$extends",
  "$on",
] as const;

/**
 * Every key of Prisma's scalar filter objects (`where: { field: { <key>: ... } }`), the MongoDB-only
 * and unsupported ones included: the facade tells a filter object from a Json value by them (and
 * refuses the ones it lacks), and the inventory reads a call site's filters by them.
 */
export const SCALAR_FILTER_KEYS: ReadonlySet<string> = new Set([
  "equals",
  "not",
  "in",
  "notIn",
  "lt",
  "lte",
  "gt",
  "gte",
  "contains",
  "startsWith",
  "endsWith",
  "mode",
  "search",
  "has",
  "hasSome",
  "hasEvery",
  "isEmpty",
  "path",
  "string_contains",
  "string_starts_with",
  "string_ends_with",
  "array_contains",
  "array_starts_with",
  "array_ends_with",
  "isSet",
]);

/** Prisma's filters through a to-many relation. */
export const TO_MANY_RELATION_FILTERS: ReadonlySet<string> = new Set(["some", "every", "none"]);

/** Prisma's filters through a to-one relation. */
export const TO_ONE_RELATION_FILTERS: ReadonlySet<string> = new Set(["is", "isNot"]);

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

/** Where the inventory can see that a call site meets a refusal. */
export type RefusalSeenFrom = "call site" | "schema" | "run time";

/** One refusal of the facade (`compat: <wording> is not supported yet`) and how to recognise it statically. */
export interface FacadeRefusal {
  /** The facade's wording, with `…` where the message names a field, relation or operation. */
  wording: string;
  /** Inventory features that meet this refusal (`groupBy+take:negative` = feature on that operation). */
  features: readonly string[];
  /** "call site": the arguments show it; "schema": the app's schema.prisma is needed; "run time": values only. */
  seenFrom: RefusalSeenFrom;
}

/**
 * Every refusal the facade can throw, one row each: the inventory judges call sites by these rows
 * and test/unit/inventory-capabilities.test.ts checks that every `unsupported(...)` call in
 * src/compat has its row, so a new refusal cannot go unreported.
 */
export const FACADE_REFUSALS: readonly FacadeRefusal[] = [
  { wording: "the full-text `search` filter", features: ["where.search"], seenFrom: "call site" },
  {
    wording: "the `…` filter on Json field `…`",
    features: [
      "where.path",
      "where.string_contains",
      "where.string_starts_with",
      "where.string_ends_with",
      "where.array_contains",
      "where.array_starts_with",
      "where.array_ends_with",
      "where.json:operator",
    ],
    seenFrom: "call site",
  },
  { wording: "the `…` filter on list field `…`", features: ["where.list:operator"], seenFrom: "schema" },
  { wording: "the `…` filter on … field `…`", features: ["where.isSet"], seenFrom: "call site" },
  { wording: "`unset` (MongoDB only)", features: ["data.unset"], seenFrom: "call site" },
  { wording: "orderBy `_relevance`", features: ["orderBy._relevance"], seenFrom: "call site" },
  {
    wording: "orderBy on to-many relation `…` other than _count",
    features: ["orderBy.toMany:other"],
    seenFrom: "schema",
  },
  // Cursors over nullable fields and optional relations run now; these narrower cases are refused,
  // and the inventory cannot see them from a call site yet (no feature is recorded for them).
  { wording: "cursor pagination ordered by a nullable field of a related model", features: [], seenFrom: "schema" },
  { wording: "a `cursor` on a nested relation", features: [], seenFrom: "call site" },
  { wording: "`distinct` with a `cursor` ordered by a nullable field", features: [], seenFrom: "schema" },
  { wording: "groupBy with a negative take", features: ["groupBy+take:negative"], seenFrom: "call site" },
  { wording: "having on `…` at the top level", features: ["having:top-level-aggregate"], seenFrom: "call site" },
  { wording: 'reading the … column "…"', features: ["model:unsupported-column"], seenFrom: "schema" },
  { wording: 'writing the … column "…"', features: ["model:unsupported-column"], seenFrom: "schema" },
  { wording: "relationLoadStrategy", features: ["relation.relationLoadStrategy"], seenFrom: "call site" },
  { wording: "`prisma.….fields` (field references)", features: ["fieldReference"], seenFrom: "call site" },
  {
    wording: "nested `disconnect` with a filter on a to-one relation",
    features: ["data.nested.disconnect-filter:to-one"],
    seenFrom: "call site",
  },
  {
    wording: "nested `delete` with a filter on a to-one relation",
    features: ["data.nested.delete:to-one"],
    seenFrom: "call site",
  },
  { wording: "nested `…` on to-one relation `….…`", features: ["data.nested.upsert:to-one"], seenFrom: "call site" },
  { wording: "nested `…` on relation `….…` in this position", features: [], seenFrom: "run time" },
  { wording: "createMany of rows without any value", features: [], seenFrom: "run time" },
  {
    wording:
      '`upsert` on model `…` whose `update` changes a referenced key under relationMode = "prisma" (emulated referential actions)',
    features: [],
    seenFrom: "run time",
  },
  { wording: 'onDelete: … under relationMode = "prisma"', features: [], seenFrom: "schema" },
  { wording: 'onUpdate: … under relationMode = "prisma"', features: [], seenFrom: "schema" },
  {
    wording: "`…`",
    // Marked pure: the table is the inventory's, and a bundle of the facade alone (which never reads
    // it) should not carry it; an unmarked call at module level keeps the whole table in.
    features: /* @__PURE__ */ unsupportedMembers(),
    seenFrom: "call site",
  },
];

/** The client members (`$...`) in {@link UNSUPPORTED_FEATURES}. */
function unsupportedMembers(): string[] {
  return Object.keys(UNSUPPORTED_FEATURES).filter((k) => k.startsWith("$"));
}
