/**
 * `report/index.html`: one self-contained page. Chart.js (npm, pinned) is inlined, as are the
 * styles and the chart data; a Content-Security-Policy forbids every network request, so the page
 * reads the same offline, attached to a ticket, or years later.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OperationReport } from "../compare/types.ts";
import type { EvaluationResults } from "../evaluate/results.ts";
import { buildCharts, type ChartSpec, colorOf } from "./charts.ts";
import { fmtBytes, fmtCount, fmtMs, fmtPercent, fmtRatio, fmtScore, fmtSeconds, plural } from "./format.ts";
import { appMarkdown } from "./app-markdown.ts";
import { ORIGIN_LABEL, operationGroups, orderImplementations, RECOMMENDATION_LABEL } from "./model.ts";
import { diffTokens, statementLines } from "./sql-diff.ts";

const require = createRequire(import.meta.url);

/** Chart.js's UMD build, read from node_modules (resolved like any dependency). */
export async function chartJsSource(): Promise<string> {
  // The package's exports map hides dist/; its main entry lives in that same directory.
  const path = join(dirname(require.resolve("chart.js")), "chart.umd.min.js");
  return readFile(path, "utf8");
}

/** HTML-escapes text for element content and attribute values. */
function esc(text: unknown): string {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

const STYLE = `
:root { --ink:#0f172a; --muted:#64748b; --line:#e2e8f0; --bg:#f8fafc; --card:#fff; --good:#15803d; --bad:#b91c1c; --warn:#b45309; --mark:#fef08a; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color:var(--ink); background:var(--bg); }
header.top { background:#0f172a; color:#f8fafc; padding:20px 32px; }
header.top h1 { margin:0; font-size:22px; } header.top p { margin:4px 0 0; color:#cbd5e1; font-size:13px; }
nav { position:sticky; top:0; z-index:2; background:#fff; border-bottom:1px solid var(--line); padding:8px 32px; font-size:13px; }
nav a { color:#334155; margin-right:18px; text-decoration:none; } nav a:hover { text-decoration:underline; }
main { max-width:1280px; margin:0 auto; padding:24px 32px 64px; }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:20px 24px; margin-bottom:24px; }
h2 { margin:0 0 12px; font-size:19px; } h3 { font-size:15px; margin:18px 0 8px; }
p.note, .note { color:var(--muted); font-size:13px; }
.verdict { border-left:8px solid var(--muted); }
.verdict.switch { border-left-color:var(--good); } .verdict.stay, .verdict.undecided { border-left-color:#4f46e5; }
.verdict.fix-first, .verdict.insufficient-evidence { border-left-color:var(--bad); }
.badge { display:inline-block; padding:3px 12px; border-radius:999px; font-weight:700; font-size:13px; letter-spacing:.04em; text-transform:uppercase; color:#fff; background:var(--muted); }
.switch .badge { background:var(--good); } .stay .badge, .undecided .badge { background:#4f46e5; } .fix-first .badge, .insufficient-evidence .badge { background:var(--bad); }
.headline { font-size:24px; font-weight:700; margin:8px 0; }
.verdict-text { font-size:15px; max-width:100ch; }
.meter { position:relative; height:34px; margin:30px 0 34px; max-width:640px; }
.meter .track { position:absolute; top:12px; left:0; right:0; height:10px; border-radius:5px; background:linear-gradient(90deg,#c7d2fe,#e2e8f0 50%,#bbf7d0); }
.meter .tick { position:absolute; top:6px; width:2px; height:22px; background:#94a3b8; }
.meter .tick span { position:absolute; top:22px; font-size:11px; color:var(--muted); white-space:nowrap; }
.meter .tick span.l { right:4px; } .meter .tick span.r { left:4px; }
.meter .score { position:absolute; top:2px; width:14px; height:30px; margin-left:-7px; border-radius:4px; background:var(--ink); }
.meter .score span { position:absolute; left:18px; top:6px; font-size:13px; font-weight:700; white-space:nowrap; }
.meter .end { position:absolute; top:-16px; font-size:11px; color:var(--muted); } .meter .end.r { right:0; }
table { border-collapse:collapse; width:100%; font-size:13px; }
table.compact { width:auto; min-width:480px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f1f5f9; font-weight:600; position:sticky; top:37px; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tr.group-start td { border-top:2px solid #cbd5e1; }
.bar { position:relative; width:120px; height:12px; background:#f1f5f9; border-radius:3px; display:inline-block; vertical-align:middle; }
.bar i { position:absolute; top:0; bottom:0; border-radius:3px; } .bar b { position:absolute; left:50%; top:-2px; bottom:-2px; width:1px; background:#94a3b8; }
.impl { display:inline-flex; align-items:center; gap:6px; white-space:nowrap; } .dot { width:10px; height:10px; border-radius:50%; display:inline-block; }
.flag.warn { background:#fef3c7; color:var(--warn); }
.flag { display:inline-block; font-size:11px; padding:0 6px; border-radius:4px; margin:1px 2px; background:#fee2e2; color:var(--bad); white-space:nowrap; }
.ok { color:var(--good); font-weight:600; } .fail { color:var(--bad); font-weight:600; } .skip { color:var(--warn); font-weight:600; }
.better { color:var(--good); } .worse { color:var(--bad); }
.charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(520px, 1fr)); gap:20px; }
.chart { border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
.chart h3 { margin:0 0 4px; } .chart .canvas-box { position:relative; height:320px; } .chart.tall .canvas-box { height:560px; }
.chart.wide { grid-column:1 / -1; }
.missing { border:1px dashed #cbd5e1; border-radius:8px; padding:14px; color:var(--muted); font-size:13px; }
select { font:inherit; font-size:13px; padding:2px 6px; }
details.sql { border:1px solid var(--line); border-radius:8px; margin:8px 0; }
details.sql summary { cursor:pointer; padding:8px 12px; font-weight:600; }
details.sql summary .note { font-weight:400; margin-left:8px; }
.sql-grid { display:grid; gap:10px; padding:0 12px 12px; }
.sql-col h4 { margin:4px 0; font-size:13px; }
pre.sql-text { margin:0; font:12px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; background:#f8fafc; border:1px solid var(--line); border-radius:6px; padding:8px; white-space:pre-wrap; overflow-wrap:anywhere; }
pre.sql-text mark, p mark { background:var(--mark); color:inherit; border-radius:2px; }
details.sql.flagged summary::after { content:"flagged"; font-size:11px; font-weight:600; color:var(--bad); background:#fee2e2; border-radius:4px; padding:0 6px; margin-left:8px; }
dl.env { display:grid; grid-template-columns:200px 1fr; gap:4px 16px; font-size:13px; margin:0; } dl.env dt { color:var(--muted); }
ul.tight { margin:4px 0; padding-left:20px; }
`;

/** Page script: draws each chart and wires the latency chart's operation picker. */
const PAGE_SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById("chart-data").textContent);
  var teamRtt = { id: "teamRtt", afterDatasetsDraw: function (chart, args, opts) {
    if (opts == null || typeof opts.value !== "number") return;
    var x = chart.scales.x.getPixelForValue(opts.value), area = chart.chartArea, ctx = chart.ctx;
    ctx.save(); ctx.strokeStyle = "#b91c1c"; ctx.setLineDash([3, 3]); ctx.beginPath(); ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom); ctx.stroke();
    ctx.setLineDash([]); ctx.fillStyle = "#b91c1c"; ctx.font = "11px sans-serif"; ctx.fillText("your RTT " + opts.value + " ms", x + 4, area.top + 12); ctx.restore();
  } };
  var charts = {};
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) return;
    var config = spec.config;
    if (spec.id === "chart-latency") {
      config.plugins = [teamRtt];
      config.options.plugins.teamRtt = { value: ${"__TEAM_RTT__"} };
    }
    charts[spec.id] = new Chart(canvas, config);
    canvas.setAttribute("data-drawn", "true");
  });
  var picker = document.getElementById("latency-operation");
  var latency = specs.filter(function (s) { return s.id === "chart-latency"; })[0];
  if (picker && latency) picker.addEventListener("change", function () {
    var chart = charts["chart-latency"];
    chart.data.datasets = latency.variants[picker.value];
    chart.update();
  });
})();
`;

function impl(name: string): string {
  return `<span class="impl"><span class="dot" style="background:${colorOf(name)}"></span>${esc(name)}</span>`;
}

function statusCell(status: string): string {
  const cls = status === "ok" ? "ok" : status === "failed" ? "fail" : "skip";
  return `<span class="${cls}">${esc(status)}</span>`;
}

/** A small bar centred on zero for a -1..+1 score. */
function scoreBar(score: number | null, candidateColor: string, incumbentColor: string): string {
  if (score === null) return `<span class="note">no data</span>`;
  const width = Math.min(50, Math.abs(score) * 50);
  const left = score >= 0 ? 50 : 50 - width;
  return `<span class="bar" title="${esc(fmtScore(score))}"><i style="left:${left}%;width:${width}%;background:${score >= 0 ? candidateColor : incumbentColor}"></i><b></b></span> ${esc(fmtScore(score))}`;
}

/** `evaluate --project`'s section: report.md's "Your app" lines as paragraphs and list items. */
function appSection(results: EvaluationResults): string {
  if (!results.app) return "";
  const [heading, ...lines] = appMarkdown(results.app);
  const body = lines
    .filter((l) => l.trim() !== "")
    .map((l) => (l.startsWith("- ") ? `<li>${esc(l.slice(2))}</li>` : `<p>${esc(l)}</p>`))
    .join("\n");
  return `<section id="app"><h2>${esc(heading!.replace(/^## /, ""))}</h2>\n${body}</section>`;
}

function decisionSection(results: EvaluationResults): string {
  const d = results.decision;
  const pos = (x: number) => `${((Math.max(-1, Math.min(1, x)) + 1) / 2) * 100}%`;
  const rows = d.criteria
    .map((c) => `<tr><td>${esc(c.title)}</td><td>${esc(ORIGIN_LABEL[c.origin ?? "reference"])}</td><td class="num">${c.score === null ? "—" : fmtPercent(c.share)}</td><td class="num">${scoreBar(c.score, colorOf(d.candidate), colorOf(d.incumbent))}</td><td>${esc(c.evidence)}<div class="note">${esc(c.rule)}</div></td></tr>`)
    .join("");
  return `<section id="decision" class="verdict ${esc(d.recommendation)}">
  <span class="badge">${esc(RECOMMENDATION_LABEL[d.recommendation])}</span>
  <div class="headline">${esc(d.headline)}</div>
  <p class="verdict-text">${esc(d.verdict.startsWith(`${d.headline}.`) ? d.verdict.slice(d.headline.length + 1).trim() : d.verdict)}</p>
  <div class="meter" aria-label="weighted score ${esc(fmtScore(d.score))} on a scale from -1 to +1">
    <span class="end">← stay on ${esc(d.incumbent)}</span><span class="end r">switch to ${esc(d.candidate)} →</span>
    <div class="track"></div>
    <div class="tick" style="left:${pos(d.thresholds.stay)}"><span class="l">stay ≤ ${esc(fmtScore(d.thresholds.stay))}</span></div>
    <div class="tick" style="left:${pos(d.thresholds.switch)}"><span class="r">switch ≥ ${esc(fmtScore(d.thresholds.switch))}</span></div>
    <div class="score" style="left:${pos(d.score)}" title="score ${esc(fmtScore(d.score))}"><span>score ${esc(fmtScore(d.score))}</span></div>
  </div>
  <h3>The criteria that produced it</h3>
  <table id="criteria-table"><thead><tr><th>criterion</th><th>from</th><th class="num">weight share</th><th class="num">score (−1 … +1)</th><th>evidence and rule</th></tr></thead><tbody>${rows}</tbody></table>
  <p class="note">Scores above zero favour ${esc(d.candidate)}, below zero ${esc(d.incumbent)}. Team RTT ${esc(d.rttMs)} ms; weights from ${esc(results.config.source)}; ${fmtPercent(d.coverage)} of the weight had data. How each rule works and how to set your own: docs/decision.md.</p>
</section>`;
}

function chartBlock(spec: ChartSpec, results: EvaluationResults): string {
  const tall = spec.id === "chart-round-trips";
  const wide = spec.id === "chart-round-trips" || spec.id === "chart-latency";
  let picker = "";
  if (spec.variants) {
    const options = Object.keys(spec.variants).map((k) => `<option value="${esc(k)}">${esc(k === "" ? "all operations (sum)" : k)}</option>`).join("");
    picker = `<label class="note">operation <select id="latency-operation">${options}</select></label>`;
  }
  const source = spec.id === "chart-latency" && results.latency?.source === "estimate" ? ` <span class="flag">estimate</span>` : "";
  return `<div class="chart${tall ? " tall" : ""}${wide ? " wide" : ""}"><h3>${esc(spec.title)}${source}</h3><p class="note">${esc(spec.caption)}</p>${picker}<div class="canvas-box"><canvas id="${esc(spec.id)}" role="img" aria-label="${esc(spec.title)}"></canvas></div></div>`;
}

function chartsSection(results: EvaluationResults, charts: ChartSpec[]): string {
  const drawn = charts.filter((c) => c.id !== "chart-criteria").map((c) => chartBlock(c, results)).join("");
  const stepError = (id: string) => results.steps.find((s) => s.id === id);
  const missing = [
    !results.coldStart ? `Cold start: not measured this run${stepError("cold-start")?.error ? ` (${stepError("cold-start")!.error})` : ""}.` : null,
    !results.bundle ? `Bundle size: not measured this run${stepError("cold-start")?.error ? " (same step)" : ""}.` : null,
    !results.latency ? `Latency: no figures this run.` : null,
  ].filter((x): x is string => x !== null);
  return `<section id="charts"><h2>Latency, round trips, cold start, bundle size</h2><div class="charts">${drawn}</div>${missing.map((m) => `<p class="missing">${esc(m)}</p>`).join("")}</section>`;
}

function operationsSection(results: EvaluationResults): string {
  const groups = operationGroups(results);
  if (groups.length === 0) return `<section id="operations"><h2>Per operation</h2><p class="missing">No per-operation figures: the SQL comparison did not run.</p></section>`;
  const rtt = results.decision.rttMs;
  const body = groups
    .map((g) =>
      g.rows
        .map((r, i) => {
          const ratioClass = (x: number | null) => (x === null ? "" : x > 1.001 ? "worse" : x < 0.999 ? "better" : "");
          const flags = [...r.flags, ...(i === 0 && g.resultsEqual === false ? ["results differ"] : [])].map((f) => `<span class="flag">${esc(f)}</span>`).join("");
          const op = i === 0 ? `<td rowspan="${g.rows.length}"><strong>${esc(g.operation)}</strong><div class="note">${esc(g.description)}</div></td>` : "";
          return `<tr class="${i === 0 ? "group-start" : ""}">${op}<td>${impl(r.implementation)}</td><td class="num">${fmtCount(r.statements)}</td><td class="num">${fmtCount(r.roundTrips)}</td><td class="num ${ratioClass(r.roundTripRatio)}">${fmtRatio(r.roundTripRatio)}</td><td class="num">${fmtMs(r.p50Ms)}</td><td class="num">${fmtMs(r.p95Ms)}</td><td class="num ${ratioClass(r.latencyRatio)}">${fmtRatio(r.latencyRatio)}</td><td class="num">${fmtMs(r.predictedMs)}</td><td>${flags}${r.error ? `<div class="note">${esc(r.error)}</div>` : ""}</td></tr>`;
        })
        .join(""),
    )
    .join("");
  const l = results.latency;
  const note = l ? `${l.note} Path: ${l.referencePath}.` : "No latency figures this run.";
  return `<section id="operations"><h2>Per operation</h2>
<p class="note">Statements and round trips from the SQL comparison (captured at the driver); “× sql” is the ratio to hand-written SQL (green below 1, red above). p50/p95 from the benchmark at RTT 0. ${esc(note)}</p>
<table id="operations-table"><thead><tr><th>operation</th><th>implementation</th><th class="num">statements</th><th class="num">round trips</th><th class="num">RT × sql</th><th class="num">p50</th><th class="num">p95</th><th class="num">p50 × sql</th><th class="num">at ${esc(rtt)} ms RTT</th><th>flags</th></tr></thead><tbody>${body}</tbody></table></section>`;
}

function sqlColumn(name: string, op: OperationReport, reference: string | null, isReference: boolean): string {
  const r = op.implementations[name]!;
  const text = statementLines(r.statements).join("\n");
  const body = reference !== null && !isReference ? diffTokens(reference, text).map((seg) => (seg.changed ? `<mark>${esc(seg.text)}</mark>` : esc(seg.text))).join("") : esc(text);
  const label = isReference ? ` <span class="note">(reference)</span>` : "";
  return `<div class="sql-col"><h4>${impl(name)}${label} <span class="note">${r.statementCount} statement(s), ${r.sequentialRoundTrips} round trip(s)${r.flags.length ? ` · ${r.flags.map(esc).join(", ")}` : ""}</span></h4><pre class="sql-text">${body || `<span class="note">(no SQL)</span>`}</pre></div>`;
}

function sqlSection(results: EvaluationResults): string {
  const c = results.comparison;
  if (!c) return `<section id="sql"><h2>Captured SQL</h2><p class="missing">The SQL comparison did not run.</p></section>`;
  // The reference (hand-written SQL) first, then the others in the usual order.
  const names = orderImplementations(c.implementations).sort((a, b) => Number(b === c.baseline) - Number(a === c.baseline));
  const blocks = c.operations
    .map((op) => {
      const present = names.filter((n) => op.implementations[n]);
      const reference = c.baseline && op.implementations[c.baseline] ? statementLines(op.implementations[c.baseline]!.statements).join("\n") : null;
      const counts = present.map((n) => `${n} ${op.implementations[n]!.statementCount}`).join(" · ");
      const extra = present.some((n) => op.implementations[n]!.flags.length > 0) || !op.results_equal;
      return `<details class="sql${extra ? " flagged" : ""}"><summary>${esc(op.name)}<span class="note">statements: ${esc(counts)}${op.results_equal ? "" : " · results differ"}</span></summary><div class="sql-grid" style="grid-template-columns:repeat(${present.length}, minmax(0, 1fr))">${present.map((n) => sqlColumn(n, op, reference, n === c.baseline)).join("")}</div></details>`;
    })
    .join("");
  return `<section id="sql"><h2>Captured SQL, side by side</h2><p class="note">Every statement each implementation sent for the same operation on identical data, normalized and laid out one clause per line. <mark>Highlighted</mark> words have no counterpart in the hand-written SQL (${esc(c.baseline ?? "no baseline")}, left) for that operation: extra statements, transactions, columns, joins. Operations with flags are marked; click one to open it.</p>${blocks}</section>`;
}

function checksSection(results: EvaluationResults): string {
  const parts: string[] = [];
  if (results.smoke) {
    const checks = [...new Set(results.smoke.flatMap((s) => s.operations.map((o) => o.name)))];
    const rows = results.smoke
      .map((s) => {
        const passed = s.operations.filter((o) => o.ok).length;
        const failed = s.operations.filter((o) => !o.ok).map((o) => `<div class="fail">${esc(o.name)}: ${esc(o.error ?? "failed")}</div>`).join("");
        return `<tr><td>${impl(s.implementation)}</td><td>${s.ok ? `<span class="ok">pass</span>` : `<span class="fail">FAIL</span>`}</td><td class="num">${passed} / ${checks.length}</td><td>${failed}${s.error ? `<div class="fail">${esc(s.error)}</div>` : ""}</td></tr>`;
      })
      .join("");
    parts.push(`<h3>Contract smoke check</h3><p class="note">Through each implementation on this run's database: ${esc(checks.join(", "))}.</p><table id="smoke-table" class="compact"><thead><tr><th>implementation</th><th>result</th><th class="num">checks passed</th><th>failures</th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  if (results.parity) {
    const p = results.parity;
    parts.push(`<h3>Schema parity</h3><p>${p.equal ? `<span class="ok">identical</span>` : `<span class="fail">${p.differences.length} difference(s)</span>`}: a database built from drizzle/ compared with one built from prisma/migrations (${esc(Object.entries(p.counts).map(([k, n]) => plural(n, k)).join(", "))}).</p>${p.differences.length ? `<ul class="tight">${p.differences.map((d) => `<li><code>${esc(d)}</code></li>`).join("")}</ul>` : ""}`);
  }
  if (results.inventory) {
    const s = results.inventory.summary;
    const blockers = Object.entries(s.blockers).sort((a, b) => b[1] - a[1]);
    const ops = Object.entries(s.byOperation).sort((a, b) => b[1].total - a[1].total).map(([k, v]) => `<tr><td><code>${esc(k)}</code></td><td class="num">${v.total}</td><td class="num">${v.movable}</td></tr>`).join("");
    parts.push(`<h3>Migration cost: Prisma call sites</h3><p>${s.movable} of ${s.total} call sites in <code>${esc(results.inventory.directory)}</code> (${results.inventory.files} files) run on the Prisma-shaped facade over Drizzle unchanged (${fmtPercent(s.movableShare)}); ${s.review} need review; ${s.blocked} must be rewritten.${results.inventory.standIn ? ` <span class="flag">stand-in</span> This is the project's own Prisma code: point <code>inventoryDir</code> at yours.` : ""}</p>${blockers.length ? `<ul class="tight">${blockers.map(([k, n]) => `<li>${esc(k)}: ${n}</li>`).join("")}</ul>` : ""}<table id="inventory-table" class="compact"><thead><tr><th>operation</th><th class="num">call sites</th><th class="num">movable</th></tr></thead><tbody>${ops}</tbody></table>`);
  }
  const risk = results.decision.criteria.find((c) => c.id === "risk");
  if (risk?.score !== null && risk) {
    const findings = results.decision.findings;
    parts.push(`<h3>Risk</h3>${findings.length ? `<ul class="tight" id="risk-findings">${findings.map((f) => `<li><span class="flag${f.severity === "warning" ? " warn" : ""}">${esc(f.severity)}</span> ${esc(f.text)}</li>`).join("")}</ul>` : `<p class="ok">No finding: ${esc(risk.evidence)}.</p>`}`);
  }
  return `<section id="checks"><h2>Correctness and migration cost</h2>${parts.join("") || `<p class="missing">No checks ran.</p>`}</section>`;
}

function environmentSection(results: EvaluationResults): string {
  const e = results.environment;
  const steps = results.steps.map((s) => `<tr><td>${esc(s.title)}</td><td>${statusCell(s.status)}</td><td class="num">${fmtSeconds(s.durationMs)}</td><td>${esc(s.summary ?? s.error?.split("\n")[0] ?? "")}</td></tr>`).join("");
  const cold = results.coldStart ? `<dt>Cold start</dt><dd>${esc(results.coldStart.note)}</dd>` : "";
  const bundle = results.bundle
    ? `<dt>Bundles</dt><dd>${orderImplementations(Object.keys(results.bundle.implementations)).map((n) => `${esc(n)} ${fmtBytes(results.bundle!.implementations[n]!.gzipBytes)} gzip`).join(", ")}</dd>`
    : "";
  return `<section id="environment"><h2>What was measured where</h2>
<dl class="env">
<dt>Machine</dt><dd>${esc(e.machine.cpuModel)}, ${e.machine.cpus} CPUs, ${e.machine.memoryGiB} GiB RAM, ${esc(e.machine.os)} ${esc(e.machine.arch)} (load ${e.machine.loadAverage1m} at the end)</dd>
<dt>Node</dt><dd>${esc(e.node)}</dd>
<dt>PostgreSQL</dt><dd>${esc(e.postgres.version)}</dd>
<dt>Server</dt><dd>${esc(e.postgres.description)}</dd>
<dt>Packages</dt><dd>${Object.entries(e.packages).map(([k, v]) => `${esc(k)} <strong>${esc(v)}</strong>`).join(", ")}</dd>
<dt>Stand-ins</dt><dd>${e.standIns.length ? `<ul class="tight">${e.standIns.map((s) => `<li>${esc(s)}</li>`).join("")}</ul>` : "none"}</dd>
${cold}${bundle}
<dt>Run</dt><dd>${esc(results.generatedAt)}, ${fmtSeconds(results.durationMs)}, benchmark profile ${results.options.full ? "full" : "quick"}${results.seed ? `, seed scale ${results.seed.scale}` : ""}; results format ${results.formatVersion}</dd>
</dl>
<h3>Steps</h3><table id="steps-table"><thead><tr><th>step</th><th>status</th><th class="num">time</th><th>result</th></tr></thead><tbody>${steps}</tbody></table></section>`;
}

/** Renders the page. `chartJs` is Chart.js's UMD source (see {@link chartJsSource}). */
export function renderHtml(results: EvaluationResults, chartJs: string): string {
  const charts = buildCharts(results);
  const criteria = charts.find((c) => c.id === "chart-criteria");
  const env = results.environment;
  const script = PAGE_SCRIPT.replace("__TEAM_RTT__", JSON.stringify(results.config.rttMs));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>orm-switch: ${esc(RECOMMENDATION_LABEL[results.decision.recommendation])} — decision report</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>Prisma → Drizzle: decision report</h1><p>${esc(results.generatedAt)} · ${esc(env.postgres.version.split(",")[0] ?? "")} on ${esc(env.postgres.server === "embedded" ? "an embedded server" : "DATABASE_URL's server")} · team RTT ${esc(results.config.rttMs)} ms</p></header>
<nav><a href="#decision">Recommendation</a><a href="#charts">Charts</a><a href="#operations">Per operation</a><a href="#sql">Captured SQL</a><a href="#checks">Checks &amp; migration cost</a><a href="#environment">Where measured</a></nav>
<main>
${decisionSection(results).replace("</section>", criteria ? `${chartBlock(criteria, results)}</section>` : "</section>")}
${appSection(results)}
${chartsSection(results, charts)}
${operationsSection(results)}
${sqlSection(results)}
${checksSection(results)}
${environmentSection(results)}
</main>
<script>${chartJs}</script>
<script type="application/json" id="chart-data">${scriptJson(charts.map(({ id, config, variants }) => ({ id, config, variants })))}</script>
<script>${script}</script>
</body>
</html>
`;
}
