/**
 * `report/sql/comparison.md`: a rendering of the JSON report for a person deciding. It leads with
 * a summary table (statements and round trips per operation, side by side, flags inline), then what
 * stands out, then every operation with its metrics and its statements in one column per
 * implementation.
 */
import { planOutline } from "./explain.ts";
import type { ComparisonFlag, ComparisonReport, ImplementationResult, OperationReport } from "./types.ts";

const FLAG_TEXT: Record<ComparisonFlag, string> = {
  "n+1": "N+1",
  "extra-round-trips": "extra round trips",
  "results-differ": "results differ",
  "unexpected-error": "unexpected error",
};

const escapeHtml = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
const escapeCell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const anchor = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const num = (n: number | null, digits = 1): string =>
  n === null ? "–" : Number.isInteger(n) ? String(n) : n.toFixed(digits);

function summaryCell(r: ImplementationResult): string {
  const flags = r.flags.map((f) => `**${FLAG_TEXT[f]}**`).join(", ");
  return `${r.statementCount} / ${r.roundTrips}${flags ? ` ${flags}` : ""}`;
}

function standsOut(report: ComparisonReport): string[] {
  const lines: string[] = [];
  const each = (
    flag: ComparisonFlag,
    describe: (op: OperationReport, name: string, r: ImplementationResult) => string,
  ): void => {
    for (const op of report.operations) {
      for (const [name, r] of Object.entries(op.implementations))
        if (r.flags.includes(flag)) lines.push(describe(op, name, r));
    }
  };
  each("results-differ", (op, name) => {
    const d = op.difference;
    return `- **Results differ**: \`${op.name}\`, ${name}${d && d.implementation === name ? ` (at \`${d.path}\`: expected \`${escapeCell(d.expected)}\`, got \`${escapeCell(d.actual)}\`)` : ""}.`;
  });
  each(
    "unexpected-error",
    (op, name, r) =>
      `- **Unexpected error**: \`${op.name}\`, ${name}: ${escapeCell(r.result.error ?? (op.expectError ? `expected ${op.expectError}, but it succeeded` : "failed"))}.`,
  );
  each("n+1", (op, name, r) => {
    const p = r.sizeProbe!;
    return `- **N+1**: \`${op.name}\`, ${name}: ${p.small.statementCount} statements for ${p.small.description} (result size ${p.small.resultSize}), ${p.main.statementCount} for ${p.main.description} (result size ${p.main.resultSize}).`;
  });
  if (report.baseline) {
    each(
      "extra-round-trips",
      (op, name, r) =>
        `- **Extra round trips**: \`${op.name}\`, ${name}: ${r.roundTrips} round trips where ${report.baseline} needs ${op.implementations[report.baseline!]!.roundTrips}.`,
    );
  }
  return lines;
}

function metricsTable(op: OperationReport, names: string[]): string[] {
  const row = (label: string, cell: (r: ImplementationResult) => string): string =>
    `| ${label} | ${names.map((n) => escapeCell(cell(op.implementations[n]!))).join(" | ")} |`;
  const lines = [
    `| | ${names.join(" | ")} |`,
    `|---|${names.map(() => "---:").join("|")}|`,
    row("statements", (r) => String(r.statementCount)),
    row("round trips", (r) => String(r.roundTrips)),
    ...(names.some((n) => op.implementations[n]!.sequentialRoundTrips !== op.implementations[n]!.roundTrips)
      ? [row("round trips in sequence", (r) => String(r.sequentialRoundTrips))]
      : []),
    row("rows read", (r) => String(r.rowsRead)),
    row("rows written", (r) => String(r.rowsAffected)),
    row("EXPLAIN cost (sum)", (r) => num(r.totalCost, 2)),
    row("client time, ms", (r) => num(r.durationMs, 2)),
  ];
  if (names.some((n) => op.implementations[n]!.sizeProbe)) {
    lines.push(
      row("statements small → main", (r) =>
        r.sizeProbe ? `${r.sizeProbe.small.statementCount} → ${r.sizeProbe.main.statementCount}` : "–",
      ),
    );
  }
  if (names.some((n) => op.implementations[n]!.connectionsOpened > 0))
    lines.push(row("connections opened", (r) => String(r.connectionsOpened)));
  lines.push(row("flags", (r) => r.flags.map((f) => FLAG_TEXT[f]).join(", ") || "–"));
  return lines;
}

function statementsColumn(r: ImplementationResult): string {
  if (r.statements.length === 0) return "<pre>(no statements)</pre>";
  return r.statements
    .map((s, i) => {
      const facts = [
        `${i + 1}`,
        s.command ?? (s.error ? `error ${s.error.code ?? ""}`.trim() : "?"),
        `${s.rows} row${s.rows === 1 ? "" : "s"}`,
      ];
      if (s.cost !== null) facts.push(`cost ${num(s.cost, 2)}`);
      if (s.executionMs !== undefined) facts.push(`${num(s.executionMs, 3)} ms`);
      const plan = s.plan.length
        ? `\n${planOutline(s.plan)
            .split("\n")
            .map((l) => `-- ${l}`)
            .join("\n")}`
        : s.explain && !s.explain.includes("transaction control")
          ? `\n-- ${s.explain}`
          : "";
      return `<pre>-- ${facts.join(" · ")}${escapeHtml(plan)}\n${escapeHtml(s.formatted)}</pre>`;
    })
    .join("\n");
}

/** Renders the report as Markdown. */
export function renderMarkdown(report: ComparisonReport): string {
  const names = report.implementations;
  const out: string[] = [];
  out.push("# SQL comparison");
  out.push("");
  out.push(
    `Every repository operation run through ${names.map((n) => `**${n}**`).join(", ")} with identical inputs on identical copies of one seeded database ` +
      `(seed scale ${report.seed.scale}: ${Object.entries(report.seed.rows)
        .map(([t, n]) => `${n} ${t}`)
        .join(", ")}). ` +
      `Statements are captured at the driver (node-postgres), so ORM-internal statements such as BEGIN/COMMIT count the same for everyone.`,
  );
  out.push("");
  out.push(
    `PostgreSQL: ${report.postgres.version} (${report.postgres.server === "embedded" ? "embedded, thrown away after the run" : "a test database created on DATABASE_URL's server"}). Generated ${report.generatedAt}.`,
  );
  if (report.skipped.length) {
    out.push("");
    for (const s of report.skipped) out.push(`Not compared: **${s.name}** (${escapeCell(s.reason)}).`);
  }
  out.push("");
  out.push("## Summary");
  out.push("");
  out.push(
    `Each cell: statements / round trips for the operation's main input.${report.baseline ? ` Round trips are compared with **${report.baseline}**, the hand-written baseline.` : " The hand-written sql baseline did not run, so round trips are not compared."}`,
  );
  out.push("");
  out.push(`| operation | ${names.join(" | ")} | results |`);
  out.push(`|---|${names.map(() => "---").join("|")}|---|`);
  for (const op of report.operations) {
    out.push(
      `| [\`${op.name}\`](#${anchor(op.name)}) | ${names.map((n) => summaryCell(op.implementations[n]!)).join(" | ")} | ${op.results_equal ? "equal" : "**differ**"} |`,
    );
  }
  out.push(
    `| **total** | ${names.map((n) => `**${report.totals[n]!.statementCount} / ${report.totals[n]!.roundTrips}**`).join(" | ")} | ${report.operations.filter((o) => o.results_equal).length}/${report.operations.length} equal |`,
  );
  out.push("");
  out.push(
    report.state.equal
      ? "Database state after all operations: identical across implementations (every table, generated ids and timestamps masked)."
      : `Database state after all operations: **differs** in ${report.state.differing.map((t) => `\`${t}\``).join(", ")} (${report.state.differing
          .map((t) =>
            Object.entries(report.state.tables[t]!)
              .map(([n, d]) => `${n} ${d.rows} rows`)
              .join(" / "),
          )
          .join("; ")}).`,
  );
  out.push("");
  const notable = standsOut(report);
  out.push("## What stands out");
  out.push("");
  out.push(
    ...(notable.length ? notable : ["- Nothing flagged: no N+1 pattern, no extra round trips, identical results."]),
  );
  out.push("");
  out.push(
    "How to read this: a *statement* is one SQL command; a *round trip* is one request/response exchange with the server (pipelined statements share one). " +
      "*N+1* means the statement count grew when the operation ran on more data (each operation with a size probe runs at two sizes). " +
      "*EXPLAIN cost* is the planner's estimate summed over the statements, replayed with the same parameters right after the operation" +
      `${report.analyze ? " (with ANALYZE: actual times of a rolled-back replay)" : ""}; it compares plans, not wall-clock time. Client times are single runs on a shared machine: use the benchmark for latency.`,
  );
  out.push("");
  out.push("## Operations");
  for (const op of report.operations) {
    out.push("");
    out.push(`### ${op.name}`);
    out.push("");
    out.push(
      `${op.description}.${op.expectError ? ` Expected to fail with ${op.expectError}.` : ""} Results: ${op.results_equal ? "equal" : `**differ** (${op.difference ? `${op.difference.implementation} vs ${op.difference.reference} at \`${op.difference.path}\`` : ""})`}.`,
    );
    out.push("");
    out.push(...metricsTable(op, names));
    out.push("");
    out.push("<table>");
    out.push(`<tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`);
    out.push(
      `<tr>${names.map((n) => `<td valign="top">\n\n${statementsColumn(op.implementations[n]!)}\n\n</td>`).join("")}</tr>`,
    );
    out.push("</table>");
  }
  out.push("");
  out.push("## Timings");
  out.push("");
  for (const [label, seconds] of Object.entries(report.timings)) out.push(`- ${label}: ${seconds.toFixed(1)} s`);
  out.push("");
  return out.join("\n");
}
