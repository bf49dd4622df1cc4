/**
 * The full comparison over every implementation the contract suite runs: every operation x
 * implementation is covered with equal results and an identical final database state, the JSON
 * keeps the shape, the Markdown leads with the summary, and each implementation's SQL
 * shapes are snapshotted under test/integration/compare-sql-shapes/ so a change in the SQL an
 * implementation sends (an ORM upgrade, a refactor) shows up as a reviewed diff.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { writeComparison } from "../../src/compare/cli.ts";
import {
  buildScenarios,
  registeredImplementation,
  runComparison,
  shapeSnapshot,
  type ComparisonReport,
} from "../../src/compare/index.ts";
import { generateSeed } from "../../src/seed/index.ts";
import { CONTRACT_IMPLEMENTATIONS } from "../contract/implementations.ts";

let report: ComparisonReport;

beforeAll(async () => {
  report = await runComparison({
    serverUrl: inject("pgServerUrl"),
    server: "DATABASE_URL",
    implementations: CONTRACT_IMPLEMENTATIONS.map(registeredImplementation),
    scale: 0.1,
  });
}, 240_000);

describe("compare-sql over every implementation", () => {
  it("covers every operation x implementation", () => {
    const expected = buildScenarios(generateSeed(0.1)).map((s) => s.name);
    expect(report.operations.map((o) => o.name)).toEqual(expected);
    expect(report.implementations).toEqual([...CONTRACT_IMPLEMENTATIONS]);
    expect(report.skipped).toEqual([]);
    expect(report.baseline).toBe("sql");
    for (const op of report.operations) {
      expect(Object.keys(op.implementations).sort(), op.name).toEqual([...CONTRACT_IMPLEMENTATIONS].sort());
      for (const r of Object.values(op.implementations)) expect(r.statements.length, op.name).toBeGreaterThan(0);
    }
  });

  it("gets equal results from every implementation, and the same tables afterwards", () => {
    const differing = report.operations
      .filter((o) => !o.results_equal)
      .map((o) => ({ name: o.name, difference: o.difference }));
    expect(differing).toEqual([]);
    expect(report.state.differing).toEqual([]);
    const unexpected = report.operations.flatMap((o) =>
      Object.entries(o.implementations)
        .filter(([, r]) => r.flags.includes("unexpected-error"))
        .map(([n, r]) => `${o.name}/${n}: ${r.result.error ?? "succeeded"}`),
    );
    expect(unexpected).toEqual([]);
  });

  it("writes JSON in the issue's shape and Markdown that leads with the summary", async () => {
    const dir = await mkdtemp(join(tmpdir(), "compare-sql-"));
    try {
      const files = await writeComparison(report, dir);
      const json = JSON.parse(await readFile(files.json, "utf8")) as Record<string, unknown> & {
        operations: Record<string, unknown>[];
      };
      expect(typeof json.generatedAt).toBe("string");
      expect((json.postgres as { version: string }).version).toMatch(/^PostgreSQL \d+/);
      const op = json.operations.find((o) => o.name === "projects.getDetail") as {
        results_equal: boolean;
        implementations: Record<
          string,
          { statements: { sql: string; params: unknown[]; cost: number | null }[]; roundTrips: number; flags: string[] }
        >;
      };
      expect(op.results_equal).toBe(true);
      for (const name of CONTRACT_IMPLEMENTATIONS) {
        const impl = op.implementations[name]!;
        expect(impl.roundTrips).toBeGreaterThan(0);
        expect(Array.isArray(impl.flags)).toBe(true);
        expect(impl.statements[0]).toEqual(
          expect.objectContaining({ sql: expect.any(String) as string, params: expect.any(Array) as unknown[] }),
        );
        expect(impl.statements.some((s) => typeof s.cost === "number" && s.cost > 0)).toBe(true);
      }
      const markdown = await readFile(files.markdown, "utf8");
      const summaryAt = markdown.indexOf("## Summary");
      expect(summaryAt).toBeGreaterThan(0);
      expect(summaryAt).toBeLessThan(markdown.indexOf("## Operations"));
      expect(markdown).toContain(`| operation | ${CONTRACT_IMPLEMENTATIONS.join(" | ")} | results |`);
      expect(markdown).toContain("### projects.getDetail");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([...CONTRACT_IMPLEMENTATIONS])("keeps the SQL shape of every operation for %s", async (name) => {
    await expect(shapeSnapshot(report, name)).toMatchFileSnapshot(`./compare-sql-shapes/${name}.sql`);
  });
});
