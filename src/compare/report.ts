/**
 * Turns the raw runs into the comparison report: normalized statements, EXPLAIN costs, result
 * agreement and the flags (`n+1`, `extra-round-trips`, `results-differ`, `unexpected-error`).
 */
import { formatSql, normalizeSql } from "../capture/index.ts";
import { canonical, digest, firstDifference } from "./normalize-result.ts";
import type { ImplementationRun, Measurement, ScenarioRun } from "./run.ts";
import type { Scenario } from "./scenarios.ts";
import type {
  ComparisonFlag,
  ComparisonReport,
  ImplementationResult,
  ImplementationTotals,
  OperationReport,
  StatementReport,
} from "./types.ts";

/** Parameter values as JSON: what was bound, readable. */
export function jsonParam(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (Array.isArray(value)) return value.map(jsonParam);
  if (typeof value === "object") {
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return value;
}

function statementReports(run: ScenarioRun["main"]): StatementReport[] {
  return run.statements.map((s, i) => {
    const explained = run.explains[i];
    const report: StatementReport = {
      sql: normalizeSql(s.text),
      formatted: formatSql(s.text),
      params: s.params.map(jsonParam),
      cost: explained?.cost ?? null,
      command: s.command,
      rows: s.rows,
      rowCount: s.rowCount,
      durationMs: round(s.durationMs),
      roundTrip: s.roundTrip,
      connection: s.connection,
      plan: explained?.plan ?? [],
    };
    if (explained?.note) report.explain = explained.note;
    if (explained?.executionMs !== undefined) report.executionMs = explained.executionMs;
    if (s.error) report.error = s.error;
    return report;
  });
}

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

function probe(
  description: string,
  m: Measurement,
): { description: string; statementCount: number; roundTrips: number; resultSize: number } {
  return { description, statementCount: m.summary.statements, roundTrips: m.summary.roundTrips, resultSize: m.size };
}

/** What an implementation's run of a scenario is compared on: the main result and the small one. */
function comparable(run: ScenarioRun): unknown {
  return run.small ? { main: run.main.normalized, small: run.small.normalized } : { main: run.main.normalized };
}

export interface ReportInput {
  scenarios: Scenario[];
  /** Runs per implementation, in column order. */
  runs: Map<string, ImplementationRun>;
  baseline: string | null;
  postgresVersion: string;
  server: "embedded" | "DATABASE_URL";
  scale: number;
  seedRows: Record<string, number>;
  analyze: boolean;
  skipped: { name: string; reason: string }[];
  timings: Record<string, number>;
}

/** Builds the report (JSON-ready) from every implementation's runs. */
export function buildReport(input: ReportInput): ComparisonReport {
  const names = [...input.runs.keys()];
  const operations: OperationReport[] = input.scenarios.map((scenario, index) => {
    const byImpl = new Map(names.map((n) => [n, input.runs.get(n)!.scenarios[index]!]));
    // The reference result is the most common one; on a tie, the baseline's.
    const groups = new Map<string, string[]>();
    for (const [name, run] of byImpl) {
      const key = canonical(comparable(run));
      groups.set(key, [...(groups.get(key) ?? []), name]);
    }
    const ranked = [...groups.entries()].sort(
      (a, b) =>
        b[1].length - a[1].length ||
        Number(b[1].includes(input.baseline ?? "")) - Number(a[1].includes(input.baseline ?? "")),
    );
    const referenceKey = ranked[0]![0];
    const referenceName = ranked[0]![1][0]!;
    const baselineRun = input.baseline ? byImpl.get(input.baseline) : undefined;

    const implementations: Record<string, ImplementationResult> = {};
    let difference: OperationReport["difference"];
    for (const [name, run] of byImpl) {
      const flags: ComparisonFlag[] = [];
      const main = run.main;
      if (run.small && main.summary.statements > run.small.summary.statements) flags.push("n+1");
      if (baselineRun && name !== input.baseline && main.summary.roundTrips > baselineRun.main.summary.roundTrips)
        flags.push("extra-round-trips");
      if (canonical(comparable(run)) !== referenceKey) {
        flags.push("results-differ");
        difference ??= {
          implementation: name,
          reference: referenceName,
          ...firstDifference(comparable(byImpl.get(referenceName)!), comparable(run))!,
        };
      }
      const failed =
        [run.small, main].some((m) => m?.errorCode !== undefined && m.errorCode !== scenario.expectError) ||
        (scenario.expectError !== undefined && main.errorCode === undefined);
      if (failed) flags.push("unexpected-error");
      const costs = main.explains.map((e) => e.cost).filter((c): c is number => c !== null);
      const result: ImplementationResult["result"] = { digest: digest(main.normalized), size: main.size };
      if (main.errorCode) result.error = main.errorMessage ? `${main.errorCode}: ${main.errorMessage}` : main.errorCode;
      implementations[name] = {
        statements: statementReports(main),
        statementCount: main.summary.statements,
        roundTrips: main.summary.roundTrips,
        sequentialRoundTrips: main.summary.sequentialRoundTrips,
        rowsRead: main.summary.rowsReturned,
        rowsAffected: main.summary.rowsAffected,
        durationMs: round(main.summary.totalMs),
        totalCost: costs.length
          ? round(
              costs.reduce((a, b) => a + b, 0),
              2,
            )
          : null,
        connectionsOpened: main.summary.connectionsOpened,
        ...(run.small && scenario.small
          ? {
              sizeProbe: {
                small: probe(scenario.small.description, run.small),
                main: probe(scenario.description, main),
              },
            }
          : {}),
        result,
        flags,
      };
    }
    const op: OperationReport = {
      name: scenario.name,
      description: scenario.description,
      results_equal: groups.size === 1,
      implementations,
    };
    if (scenario.expectError) op.expectError = scenario.expectError;
    if (difference) op.difference = difference;
    return op;
  });

  const totals: Record<string, ImplementationTotals> = {};
  for (const name of names) {
    const rows = operations.map((o) => o.implementations[name]!);
    totals[name] = {
      statementCount: rows.reduce((n, r) => n + r.statementCount, 0),
      roundTrips: rows.reduce((n, r) => n + r.roundTrips, 0),
      rowsRead: rows.reduce((n, r) => n + r.rowsRead, 0),
      totalCost: round(
        rows.reduce((n, r) => n + (r.totalCost ?? 0), 0),
        2,
      ),
      durationMs: round(rows.reduce((n, r) => n + r.durationMs, 0)),
      flagged: rows.filter((r) => r.flags.length > 0).length,
    };
  }

  const tables = Object.keys(input.runs.get(names[0]!)!.state);
  const state: ComparisonReport["state"] = { equal: true, differing: [], tables: {} };
  for (const table of tables) {
    state.tables[table] = Object.fromEntries(names.map((n) => [n, input.runs.get(n)!.state[table]!]));
    if (new Set(names.map((n) => input.runs.get(n)!.state[table]!.digest)).size > 1) state.differing.push(table);
  }
  state.equal = state.differing.length === 0;

  return {
    generatedAt: new Date().toISOString(),
    postgres: { version: input.postgresVersion, server: input.server },
    seed: { scale: input.scale, rows: input.seedRows },
    implementations: names,
    baseline: input.baseline,
    analyze: input.analyze,
    skipped: input.skipped,
    operations,
    state,
    totals,
    timings: input.timings,
  };
}
