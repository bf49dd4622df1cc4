/**
 * What `evaluate --project` reports as risk from the app's own checks: a schema that builds another
 * database is a blocker, a fuzz mismatch on the team's schema a warning (random operations the app
 * may never make), a model Prisma cannot read back a warning.
 */
import { describe, expect, it } from "vitest";
import { appFindings } from "../../src/evaluate/app-evidence.ts";
import type { AppSection } from "../../src/evaluate/results.ts";

function app(overrides: Partial<AppSection>): AppSection {
  return {
    dir: "app",
    schema: "app/prisma/schema.prisma",
    migrations: "app/prisma/migrations",
    src: "app/src",
    workload: null,
    origins: { schema: "found", migrations: "found", src: "found", workload: "none" },
    drizzleDir: "report/drizzle",
    models: 2,
    parity: { identical: true, counts: { tables: 2 }, differences: [], drift: [], columnOrderDrift: [] },
    fuzz: null,
    replay: null,
    ...overrides,
  };
}

const fuzz = (signatures: string[], unreadable: string[] = []): AppSection["fuzz"] => ({
  runs: 100,
  seed: 1,
  compared: 90,
  equal: 90 - signatures.length,
  mismatchCount: signatures.length,
  signatures,
  refusals: {},
  unreadable,
});

describe("appFindings", () => {
  it("finds nothing when the schema is identical and the fuzz found no mismatch", () => {
    expect(appFindings(app({ fuzz: fuzz([]) }), null)).toEqual([]);
  });

  it("warns once per fuzz mismatch kind and per model Prisma cannot read back", () => {
    expect(appFindings(app({ fuzz: fuzz(["order.create: result", "user.update: state"], ["Edge"]) }), null)).toEqual([
      {
        severity: "warning",
        text: "compat:fuzz on your schema: the facade answers differently from Prisma Client on order.create: result",
      },
      {
        severity: "warning",
        text: "compat:fuzz on your schema: the facade answers differently from Prisma Client on user.update: state",
      },
      { severity: "warning", text: "compat:fuzz: Prisma Client itself cannot read Edge back (not fuzzed)" },
    ]);
  });

  it("blocks on a generated schema that builds another database than the migrations", () => {
    const parity = {
      identical: false,
      counts: { tables: 2 },
      differences: ["column users.name: text -> varchar"],
      drift: [],
      columnOrderDrift: [],
    };
    expect(appFindings(app({ parity }), null)).toEqual([
      {
        severity: "blocker",
        text: "your schema: the Drizzle schema generated from it builds a different database than your migrations in 1 place(s), first: column users.name: text -> varchar",
      },
    ]);
  });

  it("warns, without blocking, on drift between the migrations and the Prisma schema itself", () => {
    const parity = {
      identical: true,
      counts: { tables: 2 },
      differences: [],
      drift: ["function nanoid(size integer): text -> (missing)", "trigger t.x: CREATE TRIGGER x -> (missing)"],
      columnOrderDrift: ["users.created_at"],
    };
    expect(appFindings(app({ parity }), null)).toEqual([
      {
        severity: "warning",
        text: "your migrations build 2 object(s) your Prisma schema does not describe (prisma migrate diff shows them too), first: function nanoid(size integer): text -> (missing); and 1 column(s) in another position than the schema's order (harmless: both ORMs name every column)",
      },
    ]);
  });
});
