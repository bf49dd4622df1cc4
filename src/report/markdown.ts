/** `report/report.md`: results.json as Markdown, for pull requests and terminals. */
import type { EvaluationResults } from "../evaluate/results.ts";
import { fmtBytes, fmtCount, fmtMs, fmtPercent, fmtRatio, fmtScore, fmtSeconds, plural } from "./format.ts";
import { appMarkdown } from "./app-markdown.ts";
import { ORIGIN_LABEL, operationGroups, orderImplementations, RECOMMENDATION_LABEL } from "./model.ts";

/** Escapes what would break a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

export function renderMarkdown(results: EvaluationResults): string {
  const d = results.decision;
  const out: string[] = [];
  const env = results.environment;
  out.push(`# orm-switch decision report`, "");
  out.push(`Generated ${results.generatedAt} in ${fmtSeconds(results.durationMs)} on ${env.postgres.server === "embedded" ? "an embedded PostgreSQL" : "DATABASE_URL's server"} (${env.postgres.version.split(",")[0]}). Results format ${results.formatVersion}.`, "");

  out.push(`## Recommendation: ${RECOMMENDATION_LABEL[d.recommendation]} (score ${fmtScore(d.score)})`, "");
  out.push(d.verdict, "");
  out.push(table(
    ["criterion", "from", "weight share", "score", "evidence"],
    d.criteria.map((c) => [c.title, ORIGIN_LABEL[c.origin ?? "reference"], c.score === null ? "no data" : fmtPercent(c.share), fmtScore(c.score), c.evidence]),
  ), "");
  out.push(`"your app": figures from your schema, source and recorded workload (evaluate --project); "reference": this repo's reference operations on its sample app.`, "");
  out.push(`Switch at score ≥ ${fmtScore(d.thresholds.switch)}, stay at ≤ ${fmtScore(d.thresholds.stay)}; any blocker means fix first. Team RTT ${d.rttMs} ms. Rules: docs/decision.md.`, "");

  if (results.app) out.push(...appMarkdown(results.app), "");

  out.push(`## Steps`, "");
  out.push(table(["step", "status", "time", "result"], results.steps.map((s) => [s.title, s.status, fmtSeconds(s.durationMs), s.summary ?? s.error?.split("\n")[0] ?? ""])), "");

  const groups = operationGroups(results);
  if (groups.length) {
    out.push(`## Per operation`, "");
    const l = results.latency;
    if (l) out.push(`Latency: ${l.note} Path: ${l.referencePath}.`, "");
    const rows = groups.flatMap((g) =>
      g.rows.map((r) => [
        g.operation,
        r.implementation,
        fmtCount(r.statements),
        fmtCount(r.roundTrips),
        fmtRatio(r.roundTripRatio),
        fmtMs(r.p50Ms),
        fmtMs(r.p95Ms),
        fmtRatio(r.latencyRatio),
        fmtMs(r.predictedMs),
        [...r.flags, ...(g.resultsEqual === false ? ["results differ"] : [])].join(", "),
      ]),
    );
    out.push(table(["operation", "implementation", "statements", "round trips", "RT × sql", "p50", "p95", "p50 × sql", `at ${d.rttMs} ms RTT`, "flags"], rows), "");
  }

  if (results.load && results.load.cells.length > 0) {
    const load = results.load;
    const s = load.settings;
    out.push(`## Throughput under load (${s.operation})`, "");
    out.push(`Closed loop: N workers per implementation, ${s.durationMs / 1000} s × ${s.rounds} rounds per cell, pool of ${s.poolSize}. Requests per second (ratio to sql); client CPU per request in µs. Details: bench/load.md.`, "");
    const names = orderImplementations([...new Set(load.cells.map((c) => c.implementation))]);
    const rows = [...new Set(load.cells.map((c) => `${c.path}\u0000${c.concurrency}`))].map((key) => {
      const [path, concurrency] = key.split("\u0000") as [string, string];
      return [path, concurrency, ...names.map((n) => {
        const c = load.cells.find((x) => x.path === path && String(x.concurrency) === concurrency && x.implementation === n);
        return c ? `${Math.round(c.reqPerSec)}${c.ratioToSql === null ? "" : ` (${c.ratioToSql.toFixed(2)}×)`}, ${c.cpuUsPerRequest === null ? "–" : Math.round(c.cpuUsPerRequest)} µs${c.errors ? `, ${c.errors} errors` : ""}` : "–";
      })];
    });
    out.push(table(["path", "workers", ...names], rows), "");
  }

  if (results.coldStart) {
    out.push(`## Cold start (${results.coldStart.path})`, "");
    const names = orderImplementations(Object.keys(results.coldStart.implementations));
    out.push(table(["implementation", "median to first result", "import", "connect + first query", "samples"], names.map((n) => {
      const c = results.coldStart!.implementations[n]!;
      return [n, fmtMs(c.medianMs), fmtMs(c.importMs), fmtMs(c.firstQueryMs), String(c.samples)];
    })), "", results.coldStart.note, "");
  }
  if (results.bundle) {
    out.push(`## Bundle size`, "");
    const names = orderImplementations(Object.keys(results.bundle.implementations));
    out.push(table(["implementation", "minified", "gzip"], names.map((n) => [n, fmtBytes(results.bundle!.implementations[n]!.rawBytes), fmtBytes(results.bundle!.implementations[n]!.gzipBytes)])), "", results.bundle.note, "");
  }

  if (results.inventory) {
    const s = results.inventory.summary;
    out.push(`## Migration cost: call sites`, "");
    out.push(`${s.movable} of ${s.total} Prisma call sites in \`${results.inventory.directory}\` (${results.inventory.files} files) run on the facade unchanged (${fmtPercent(s.movableShare)}); ${s.review} need review, ${s.blocked} are blocked.${results.inventory.standIn ? " This is the project's own code standing in for yours: set `inventoryDir` in the config." : ""}`, "");
    const blockers = Object.entries(s.blockers);
    if (blockers.length) out.push(table(["blocker", "call sites"], blockers.map(([k, n]) => [k, String(n)])), "");
  }

  if (results.smoke || results.parity) {
    out.push(`## Correctness checks`, "");
    if (results.parity) out.push(`Schema parity (drizzle/ vs prisma/migrations): ${results.parity.equal ? "identical" : `${results.parity.differences.length} difference(s)`} (${Object.entries(results.parity.counts).map(([k, n]) => plural(n, k)).join(", ")}).`, "");
    for (const diff of results.parity?.differences ?? []) out.push(`- ${diff}`);
    if (results.smoke) {
      out.push(table(["implementation", "smoke check", "details"], results.smoke.map((s) => [s.implementation, s.ok ? "pass" : "FAIL", s.error ?? s.operations.filter((o) => !o.ok).map((o) => `${o.name}: ${o.error}`).join("; ") ?? ""])), "");
    }
    if (d.findings.length) out.push("Risk findings:", "", ...d.findings.map((f) => `- **${f.severity}**: ${f.text}`), "");
  }

  out.push(`## What was measured where`, "");
  out.push(`- Machine: ${env.machine.cpuModel}, ${env.machine.cpus} CPUs, ${env.machine.memoryGiB} GiB, ${env.machine.os} ${env.machine.arch}, load ${env.machine.loadAverage1m} at the end`);
  out.push(`- Node ${env.node}; PostgreSQL: ${env.postgres.version}`);
  out.push(`- Server: ${env.postgres.description}`);
  out.push(`- Packages: ${Object.entries(env.packages).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  for (const s of env.standIns) out.push(`- Stand-in: ${s}`);
  out.push("", `The captured SQL, side by side with differences highlighted, is in index.html.`, "");
  return out.join("\n");
}
