/**
 * The comparison's flags on implementations built to trip them (test/fixtures): an N+1
 * listForProject is flagged `n+1` (and `extra-round-trips`), a listForProject that drops a row is
 * flagged `results-differ`, a reorder that writes nothing shows in the final table state, and the
 * hand-written baseline is flagged for nothing.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { registeredImplementation, runComparison, type ComparisonReport } from "../../src/compare/index.ts";
import { nPlusOneImplementation } from "../fixtures/n-plus-one.ts";
import { skippedWriteImplementation } from "../fixtures/skipped-write.ts";
import { wrongResultImplementation } from "../fixtures/wrong-result.ts";

let report: ComparisonReport;

beforeAll(async () => {
  report = await runComparison({
    serverUrl: inject("pgServerUrl"),
    server: "DATABASE_URL",
    implementations: [
      registeredImplementation("sql"),
      nPlusOneImplementation(),
      wrongResultImplementation(),
      skippedWriteImplementation(),
    ],
    scale: 0.1,
    only: ["tasks.listForProject", "tasks.reorder", "organizations.listForUser", "users.list", "projects.getDetail"],
  });
}, 120_000);

const op = (name: string): ComparisonReport["operations"][number] => {
  const found = report.operations.find((o) => o.name === name);
  if (!found) throw new Error(`no operation ${name} in the report`);
  return found;
};

describe("comparison flags", () => {
  it("flags the N+1 fixture's listForProject, with statement counts that follow the data", () => {
    const bad = op("tasks.listForProject").implementations["n-plus-one"]!;
    expect(bad.flags).toContain("n+1");
    expect(bad.flags).toContain("extra-round-trips");
    const probe = bad.sizeProbe!;
    expect(probe.main.resultSize).toBeGreaterThan(probe.small.resultSize);
    expect(probe.main.statementCount).toBeGreaterThan(probe.small.statementCount);
    // One statement for the tasks plus one per assigned task.
    const assignedQueries = bad.statements.filter((s) => s.sql === "SELECT id, email, name FROM users WHERE id = $1");
    expect(assignedQueries.length).toBeGreaterThan(1);
    expect(bad.statementCount).toBe(
      op("tasks.listForProject").implementations.sql!.statementCount + assignedQueries.length,
    );
  });

  it("does not flag N+1 where the fixture runs the real implementation's code", () => {
    for (const name of ["tasks.reorder", "organizations.listForUser", "users.list", "projects.getDetail"]) {
      expect(op(name).implementations["n-plus-one"]!.flags, name).toEqual([]);
    }
  });

  it("flags nothing on the hand-written baseline", () => {
    for (const o of report.operations) expect(o.implementations.sql!.flags, o.name).toEqual([]);
  });

  it("flags a result that differs, and says where", () => {
    const listing = op("tasks.listForProject");
    expect(listing.results_equal).toBe(false);
    expect(listing.implementations["wrong-result"]!.flags).toEqual(["results-differ"]);
    expect(listing.implementations["n-plus-one"]!.flags).not.toContain("results-differ");
    expect(listing.difference).toMatchObject({ implementation: "wrong-result", path: "$.main.length" });
    for (const name of ["organizations.listForUser", "users.list", "projects.getDetail"])
      expect(op(name).results_equal, name).toBe(true);
  });

  it("catches a write that did not happen through the tables' final state", () => {
    expect(op("tasks.reorder").results_equal).toBe(true);
    expect(report.state.equal).toBe(false);
    expect(report.state.differing).toEqual(["tasks"]);
    const tasks = report.state.tables.tasks!;
    expect(tasks["skipped-write"]!.digest).not.toBe(tasks.sql!.digest);
    expect(tasks["n-plus-one"]!.digest).toBe(tasks.sql!.digest);
    expect(tasks["wrong-result"]!.digest).toBe(tasks.sql!.digest);
  });

  it("records EXPLAIN costs for the baseline's reads", () => {
    for (const o of report.operations) {
      const statements = o.implementations.sql!.statements;
      expect(statements.length, o.name).toBeGreaterThan(0);
      for (const s of statements.filter((x) => x.command === "SELECT")) {
        expect(s.cost, `${o.name}: ${s.sql}`).toBeGreaterThan(0);
        expect(s.plan.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("compare with --analyze", () => {
  it("adds the server's execution time to replayed reads and keeps an estimate where a write cannot be replayed", async () => {
    const analyzed = await runComparison({
      serverUrl: inject("pgServerUrl"),
      server: "DATABASE_URL",
      implementations: [registeredImplementation("sql")],
      scale: 0.1,
      analyze: true,
      only: ["projects.getDetail", "users.create"],
    });
    expect(analyzed.analyze).toBe(true);
    const read = analyzed.operations
      .find((o) => o.name === "projects.getDetail")!
      .implementations.sql!.statements.find((s) => s.command === "SELECT")!;
    expect(read.executionMs).toBeGreaterThan(0);
    expect(read.plan.some((n) => n.actualMs !== undefined)).toBe(true);
    // The replayed INSERT meets the row the operation already wrote: said so, and estimated instead.
    const insert = analyzed.operations
      .find((o) => o.name === "users.create")!
      .implementations.sql!.statements.find((s) => s.command === "INSERT")!;
    expect(insert.explain).toMatch(/ANALYZE replay failed .*duplicate key.*estimated plan only/);
    expect(insert.cost).toBeGreaterThan(0);
  });
});
