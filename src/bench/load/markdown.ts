/**
 * `report/bench/load.md`, rendered from load.json alone: the targets, then per path a table of
 * every implementation at every concurrency (req/s, ratio to sql with its per-round range,
 * latency percentiles, errors, client CPU per request), and what could not run.
 */
import { checkLoadTargets } from "./analysis.ts";
import type { LoadCell, LoadResults } from "./results.ts";

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

const ms = (x: number | null) => (x === null ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (c: LoadCell) =>
  c.ratioToSql === null
    ? "–"
    : `${c.ratioToSql.toFixed(2)}×${c.ratioRange ? ` [${c.ratioRange.low.toFixed(2)}–${c.ratioRange.high.toFixed(2)}]` : ""}`;

function cellRow(c: LoadCell): string[] {
  const errors = c.errors === 0 ? "0" : `**${c.errors}** (${c.firstError ?? ""})`;
  return [
    String(c.concurrency),
    c.implementation,
    Math.round(c.reqPerSec).toLocaleString("en-US"),
    ratio(c),
    ms(c.p50Ms),
    ms(c.p95Ms),
    ms(c.p99Ms),
    errors,
    c.cpuUsPerRequest === null ? "–" : String(Math.round(c.cpuUsPerRequest)),
  ];
}

/** Renders load.md. */
export function renderLoadMarkdown(results: LoadResults): string {
  const s = results.settings;
  const env = results.environment;
  const out: string[] = [
    "# Throughput under load",
    "",
    `${results.generatedAt}, ${(results.durationMs / 1000).toFixed(0)} s. Node ${env.node}; ${env.postgres.version.split(",")[0]} (${env.postgres.description}); ${env.machine.cpus} × ${env.machine.cpuModel}, load ${env.machine.loadAverage1m} at the end.`,
    "",
    `Operation \`${s.operation}\`, closed loop: N workers per implementation, each calling again as soon as its call returned, for ${s.durationMs / 1000} s per cell and round, ${s.rounds} round(s) with the implementations' order rotating, after ${s.warmupMs} ms of warm-up per implementation. Pool: at most ${s.poolSize} connections per implementation. req/s = successful calls / measured time over all rounds; ratio = req/s / sql's req/s on the same path at the same concurrency [lowest–highest per-round ratio]; latency percentiles in ms over all calls; CPU = this process's user + system CPU per successful call (µs), the client's cost (PostgreSQL and pgbouncer run in their own processes; on neon-ws the local WebSocket-to-TCP proxy runs in this one, so its CPU is included, alike for every implementation).`,
    "",
  ];
  if (s.slowdown)
    out.push(
      `**A deliberate slowdown was injected** (BENCH_SLOWDOWN): every ${s.slowdown.implementation} call stretched to ${s.slowdown.factor}× its time.`,
      "",
    );
  out.push("## Targets", "");
  for (const t of checkLoadTargets(results.cells, results.captures))
    out.push(
      `- **${t.met === null ? "no data" : t.met ? "met" : "missed"}**: ${t.target}`,
      ...t.details.map((d) => `  - ${d}`),
    );
  out.push("");
  for (const path of [...new Set(results.cells.map((c) => c.path))]) {
    out.push(`## ${path}`, "", results.pathDescriptions[path] ?? path, "");
    const rows = results.cells
      .filter((c) => c.path === path)
      .sort(
        (a, b) =>
          a.concurrency - b.concurrency ||
          s.implementations.indexOf(a.implementation) - s.implementations.indexOf(b.implementation),
      );
    out.push(
      table(
        ["concurrency", "implementation", "req/s", "ratio to sql", "p50", "p95", "p99", "errors", "CPU µs/req"],
        rows.map(cellRow),
      ),
      "",
    );
  }
  if (results.skipped.length > 0) {
    out.push("## Not measured", "");
    for (const k of results.skipped)
      out.push(`- ${k.path}${k.implementation ? ` / ${k.implementation}` : ""}: ${k.reason}`);
    out.push("");
  }
  return out.join("\n");
}
