/** The catalog comparison on literal catalogs: every kind of difference is named, both directions. */
import { describe, expect, it } from "vitest";
import { catalogCounts, diffCatalogs, type Catalog, type CatalogKind } from "../../src/migrate/catalog.ts";

const KINDS: CatalogKind[] = [
  "table",
  "column",
  "constraint",
  "index",
  "enum",
  "sequence",
  "function",
  "trigger",
  "schema",
];

function catalog(entries: Partial<Record<CatalogKind, Record<string, string>>>): Catalog {
  return Object.fromEntries(KINDS.map((k) => [k, new Map(Object.entries(entries[k] ?? {}))])) as Catalog;
}

describe("diffCatalogs", () => {
  const base = catalog({
    table: { users: "r p" },
    column: { "users.id": "position 1 | text | not null", "users.email": "position 2 | text | not null" },
    constraint: { "users.users_pkey": "PRIMARY KEY (id)" },
    index: { users_email_key: "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)" },
    enum: { Plan: "FREE, PRO" },
    schema: { public: "" },
  });

  it("finds nothing between equal catalogs, and counts objects per kind", () => {
    expect(diffCatalogs(base, base)).toEqual([]);
    expect(catalogCounts(base)).toMatchObject({
      table: 1,
      column: 2,
      constraint: 1,
      index: 1,
      enum: 1,
      sequence: 0,
      schema: 1,
    });
  });

  it("names a changed, a missing and an extra object of each kind", () => {
    const other = catalog({
      table: { users: "r p", extra: "r p" },
      column: { "users.id": "position 1 | text | not null", "users.email": "position 2 | text | null" },
      constraint: {},
      index: { users_email_key: "CREATE INDEX users_email_key ON public.users USING btree (email)" },
      enum: { Plan: "PRO, FREE" },
      schema: { public: "" },
    });
    expect(diffCatalogs(base, other)).toEqual([
      "table extra: (missing) -> r p",
      "column users.email: position 2 | text | not null -> position 2 | text | null",
      "constraint users.users_pkey: PRIMARY KEY (id) -> (missing)",
      "index users_email_key: CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email) -> CREATE INDEX users_email_key ON public.users USING btree (email)",
      "enum Plan: FREE, PRO -> PRO, FREE",
    ]);
  });
});
