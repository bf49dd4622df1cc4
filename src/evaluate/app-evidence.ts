/**
 * The team's app in the decision (`evaluate --project`): its replayed workload replaces the
 * reference operations' latency and round trips, its schema checks and replay add risk findings,
 * its source's inventory is the migration cost, and every criterion says where its figures came
 * from. Cold start and bundle size stay the reference app's: they measure the ORMs' runtimes.
 */
import type { ReplayReport } from "../replay/report.ts";
import type { Criterion } from "./config.ts";
import type { CriterionOrigin, DecisionEvidence, RiskFinding } from "./decision.ts";
import type { AppSection } from "./results.ts";

/** Latency per call shape at the team's RTT: Prisma against the facade on Drizzle, from the replay. */
export function replayLatency(report: ReplayReport): DecisionEvidence["latency"] {
  const operations = report.shapes.flatMap((s) =>
    s.prisma && s.facade ? [{ operation: s.shape, incumbentMs: s.prisma.atRttMs, candidateMs: s.facade.atRttMs }] : [],
  );
  return operations.length > 0 ? { path: "pg (TCP), your recorded calls", source: "replay", operations } : null;
}

/** Sequential round trips over every replayed call both sides ran (median per shape x calls). */
export function replayRoundTrips(report: ReplayReport): DecisionEvidence["roundTrips"] {
  const shapes = report.shapes.filter((s) => s.prisma && s.facade);
  if (shapes.length === 0) return null;
  const sum = (side: "prisma" | "facade"): number => shapes.reduce((n, s) => n + s[side]!.roundTrips * s.calls, 0);
  return {
    incumbent: sum("prisma"),
    candidate: sum("facade"),
    baseline: null,
    operations: shapes.reduce((n, s) => n + s.calls, 0),
  };
}

/**
 * The migrations build what the Prisma schema does not describe: not the Drizzle schema's fault
 * (it follows the Prisma schema) and no blocker, but the team should know before relying on either
 * schema to describe the database.
 */
function driftFinding(parity: AppSection["parity"]): RiskFinding | undefined {
  if (!parity || (parity.drift.length === 0 && parity.columnOrderDrift.length === 0)) return undefined;
  const parts = [
    parity.drift.length > 0
      ? `${parity.drift.length} object(s) your Prisma schema does not describe (prisma migrate diff shows them too), first: ${parity.drift[0]}`
      : "",
    parity.columnOrderDrift.length > 0
      ? `${parity.columnOrderDrift.length} column(s) in another position than the schema's order (harmless: both ORMs name every column)`
      : "",
  ].filter(Boolean);
  return { severity: "warning", text: `your migrations build ${parts.join("; and ")}` };
}

/** What the app steps found that could make the move unsafe. */
export function appFindings(app: AppSection, replay: ReplayReport | null): RiskFinding[] {
  const findings: RiskFinding[] = [];
  if (app.parity && !app.parity.identical)
    findings.push({
      severity: "blocker",
      text: `your schema: the Drizzle schema generated from it builds a different database than ${app.migrations ? "your migrations" : "Prisma's SQL for it"} in ${app.parity.differences.length} place(s), first: ${app.parity.differences[0]}`,
    });
  const drift = driftFinding(app.parity);
  if (drift) findings.push(drift);
  // Random operations the app may never make: warnings. The app's own calls (the replay): blockers.
  for (const signature of app.fuzz?.signatures ?? [])
    findings.push({
      severity: "warning",
      text: `compat:fuzz on your schema: the facade answers differently from Prisma Client on ${signature}`,
    });
  for (const model of app.fuzz?.unreadable ?? [])
    findings.push({
      severity: "warning",
      text: `compat:fuzz: Prisma Client itself cannot read ${model} back (not fuzzed)`,
    });
  for (const shape of replay?.shapes ?? []) {
    const wrong = shape.verdicts.differ + shape.verdicts["error-differs"];
    const example = shape.examples.find((e) => e.verdict === "differ" || e.verdict === "error-differs");
    if (wrong > 0)
      findings.push({
        severity: "blocker",
        text: `your workload: ${wrong} of ${shape.calls} call(s) ${shape.shape} answer differently on the facade${example ? ` (${example.detail})` : ""}`,
      });
    const refusal = shape.examples.find((e) => e.verdict === "refused");
    if (shape.verdicts.refused > 0)
      findings.push({
        severity: "warning",
        text: `your workload: the facade refuses ${shape.verdicts.refused} call(s) ${shape.shape}${refusal ? ` (${refusal.detail})` : ""}`,
      });
  }
  return findings;
}

/** Where each criterion's figures come from in this run. */
export function criterionOrigins(input: {
  app: boolean;
  latencyFromReplay: boolean;
  roundTripsFromReplay: boolean;
  inventoryOfApp: boolean;
}): Record<Criterion, CriterionOrigin> {
  return {
    latency: input.latencyFromReplay ? "app" : "reference",
    roundTrips: input.roundTripsFromReplay ? "app" : "reference",
    coldStart: "reference",
    bundleSize: "reference",
    migrationCost: input.inventoryOfApp ? "app" : "reference",
    risk: input.app ? "app+reference" : "reference",
  };
}

/** `evidence` with the app's figures in place of the reference operations' where it has them. */
export function withAppEvidence(
  evidence: DecisionEvidence,
  app: AppSection | null,
  replay: ReplayReport | null,
  inventoryOfApp: boolean,
): DecisionEvidence {
  const latency = replay ? replayLatency(replay) : null;
  const roundTrips = replay ? replayRoundTrips(replay) : null;
  const findings = app ? appFindings(app, replay) : [];
  // Risk is only judged from checks that ran: the app's count when one of them produced a result.
  const appChecked = app !== null && (app.parity !== null || app.fuzz !== null || replay !== null);
  const risk = evidence.risk || appChecked ? { findings: [...(evidence.risk?.findings ?? []), ...findings] } : null;
  return {
    ...evidence,
    latency: latency ?? evidence.latency,
    roundTrips: roundTrips ?? evidence.roundTrips,
    risk,
    origins: criterionOrigins({
      app: app !== null,
      latencyFromReplay: latency !== null,
      roundTripsFromReplay: roundTrips !== null,
      inventoryOfApp,
    }),
  };
}
