/**
 * `report/bench/results.md`, rendered from results.json alone: per path and RTT, the fastest
 * implementation per operation with every implementation's median, interval and ratio to sql;
 * the fitted lines with predictions; cold starts and bundle sizes; what could not run and why; and
 * the targets, met or missed by how much.
 */
import { benchTargets } from "./targets.ts";
import type { BenchCell, BenchResults } from "./results.ts";

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** The fastest implementation of one operation on one path at one RTT: the lowest median. */
export function fastest(cells: BenchCell[]): BenchCell | undefined {
  return [...cells].sort((a, b) => a.medianMs - b.medianMs || a.implementation.localeCompare(b.implementation))[0];
}

function cellText(c: BenchCell): string {
  const ratio =
    c.ratioToSql === null
      ? ""
      : ` (${c.ratioToSql.toFixed(2)}×${c.ratioCi95 ? ` [${c.ratioCi95.low.toFixed(2)}–${c.ratioCi95.high.toFixed(2)}]` : ""})`;
  // Results of format 1 have no clientCpuUs.
  const cpu = typeof c.clientCpuUs === "number" ? ` cpu ${c.clientCpuUs} µs` : "";
  return `${ms(c.medianMs)} ms [${ms(c.ci95.low)}–${ms(c.ci95.high)}]${ratio}${cpu}`;
}

/**
 * Where each call's time goes on the pg path at RTT 0: the median, the client CPU per call and
 * PostgreSQL's planning + execution per call, side by side per implementation.
 */
function timeSplit(results: BenchResults): string[] {
  const here = results.cells.filter((c) => c.path === "pg" && c.rttMs === 0);
  const serverTimes = results.serverTimes ?? [];
  if (here.length === 0 || serverTimes.length === 0) return [];
  const rows = here.map((c) => {
    const t = serverTimes.find((s) => s.operation === c.operation && s.implementation === c.implementation);
    return [
      c.operation,
      c.implementation,
      String(Math.round(c.medianMs * 1000)),
      typeof c.clientCpuUs === "number" ? String(c.clientCpuUs) : "—",
      t ? `${t.serverUs} (${t.planningUs} + ${t.executionUs})` : "—",
      t ? `${t.statements}${t.unexplained > 0 ? ` (${t.unexplained} not explained)` : ""}` : "—",
    ];
  });
  return [
    "## Where the time goes (pg, RTT 0)",
    "",
    "Per call, µs. Client CPU: `process.cpuUsage()` (user + system) around each timed call, median; it includes the driver and the in-process latency proxy, alike for every implementation. Server: PostgreSQL's planning + execution time of the call's statements, from `EXPLAIN (ANALYZE, TIMING OFF)` run just before each statement on the same connection and rolled back, medians over the probed calls, each of its own, so the parts need not add up to the total (planning is counted even where a named statement would reuse a cached plan). Neither includes the protocol round trips.",
    "",
    table(["operation", "implementation", "median", "client CPU", "server (planning + execution)", "statements"], rows),
    "",
  ];
}

/** Renders results.md. */
export function renderBenchMarkdown(results: BenchResults): string {
  const out: string[] = [];
  const impls = results.settings.implementations;
  out.push(
    "# Benchmark results",
    "",
    `${results.generatedAt}, ${(results.durationMs / 1000).toFixed(0)} s, profile ${results.settings.profile}. Node ${results.environment.node}; ${results.environment.postgres.version.split(",")[0]} (${results.environment.postgres.description}); ${results.environment.machine.cpus} × ${results.environment.machine.cpuModel}, load ${results.environment.machine.loadAverage1m}.`,
    "",
    `Each cell: median of n calls (after ${results.settings.warmup} warm-up rounds${results.settings.jitWarmup ? `; the first path's first RTT after ${results.settings.jitWarmup}, so that V8 has optimized the hot code, as in a server that has run for a while` : ""}), sampled interleaved across implementations; [95% bootstrap interval of the median]; (ratio to sql's median on the same path at the same RTT in this run [its 95% interval]). Samples per cell: ${results.settings.minSamples} to ${results.settings.maxSamples}. Round-trip time is injected by a user-space TCP proxy that holds each chunk RTT/2 in each direction.`,
    "",
  );

  out.push("## Targets", "");
  for (const t of benchTargets(results)) {
    out.push(
      `- **${t.met === null ? "no data" : t.met ? "met" : "missed"}**: ${t.target}`,
      ...t.details.map((d) => `  - ${d}`),
    );
  }
  out.push("");

  out.push(...timeSplit(results));

  out.push("## Paths", "");
  for (const [path, description] of Object.entries(results.pathDescriptions)) out.push(`- \`${path}\`: ${description}`);
  out.push("");

  const paths = [...new Set(results.cells.map((c) => c.path))];
  for (const path of paths) {
    for (const rtt of [...new Set(results.cells.filter((c) => c.path === path).map((c) => c.rttMs))].sort(
      (a, b) => a - b,
    )) {
      const here = results.cells.filter((c) => c.path === path && c.rttMs === rtt);
      const present = impls.filter((i) => here.some((c) => c.implementation === i));
      out.push(`## ${path} at ${rtt} ms RTT`, "");
      const rows = [...new Set(here.map((c) => c.operation))].map((op) => {
        const cells = here.filter((c) => c.operation === op);
        const best = fastest(cells)!;
        return [
          op,
          `**${best.implementation}**`,
          ...present.map((i) => {
            const c = cells.find((x) => x.implementation === i);
            return c ? `${cellText(c)} n=${c.n}` : "—";
          }),
        ];
      });
      out.push(table(["operation", "fastest", ...present], rows), "");
    }
  }

  if (results.fits.length > 0) {
    out.push(`## Latency ≈ server time + round trips × RTT (prediction at ${results.settings.predictRttMs} ms)`, "");
    out.push(
      table(
        [
          "operation",
          "implementation",
          "path",
          "server ms",
          "round trips (fitted)",
          "round trips (captured)",
          `predicted @ ${results.settings.predictRttMs} ms`,
        ],
        results.fits.map((f) => [
          f.operation,
          f.implementation,
          f.path,
          ms(f.serverMs),
          f.roundTripsFitted.toFixed(2),
          f.roundTripsCaptured === null ? "—" : String(f.roundTripsCaptured),
          ms(f.predictedMs),
        ]),
      ),
      "",
    );
  }

  if (results.coldStart.length > 0) {
    out.push(
      "## Cold start (fresh process: import, client creation, first query result)",
      "",
      "Each sample is a fresh `node` process running a minified bundle that opens the implementation over the path (through the path's local server) and runs one query. The bundle is the benchmark's path opener, which contains every driver, so `import ms` is about the same for all; the difference between implementations is in `first query ms` (client creation, connection, the first query). Bundle sizes of each implementation alone are in the next table.",
      "",
    );
    out.push(
      table(
        ["implementation", "path", "median ms", "import ms", "first query ms", "samples"],
        results.coldStart.map((c) => [
          c.implementation,
          c.path,
          ms(c.medianMs),
          ms(c.importMs),
          ms(c.firstQueryMs),
          String(c.samples),
        ]),
      ),
      "",
    );
  }
  if (Object.keys(results.bundle).length > 0) {
    out.push("## Bundle size (esbuild, minified, every dependency included)", "");
    out.push(
      table(
        ["implementation", "raw", "gzip"],
        Object.entries(results.bundle).map(([name, b]) => [name, kib(b.rawBytes), kib(b.gzipBytes)]),
      ),
      "",
    );
  }
  if (results.coldStartShipped && results.coldStartShipped.length > 0) {
    out.push(
      "## Cold start of each implementation bundled alone (pg)",
      "",
      "The bundles of the previous table, each started in fresh `node` processes (interleaved across implementations) against this run's database: process start to the first query's result. This is what a function deployment pays; the facade's cold-start target uses it.",
      "",
    );
    out.push(
      table(
        ["implementation", "median ms", "samples"],
        results.coldStartShipped.map((c) => [c.implementation, ms(c.medianMs), String(c.samplesMs.length)]),
      ),
      "",
    );
  }
  if (results.skipped.length > 0) {
    out.push("## Not measured", "");
    const seen = new Set<string>();
    for (const s of results.skipped) {
      const line = `- ${s.path}${s.implementation ? ` / ${s.implementation}` : ""}${s.operation ? ` / ${s.operation}` : ""}: ${s.kind}: ${s.reason}`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
    out.push("");
  }
  return out.join("\n");
}
