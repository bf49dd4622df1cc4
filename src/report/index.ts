/**
 * Writes report/: results.json first (the figures), then report.md and index.html rendered from
 * exactly that JSON, re-read from disk, so nothing reaches a rendering that is not in the JSON.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EvaluationResults, RESULTS_FORMAT_VERSION } from "../evaluate/results.ts";
import { chartJsSource, renderHtml } from "./html.ts";
import { renderMarkdown } from "./markdown.ts";

export { renderHtml } from "./html.ts";
export { renderMarkdown } from "./markdown.ts";
export { buildCharts } from "./charts.ts";

/** Reads a results.json, refusing formats this code does not know. */
export async function readResults(path: string): Promise<EvaluationResults> {
  const parsed = JSON.parse(await readFile(path, "utf8")) as { formatVersion?: unknown };
  if (parsed.formatVersion !== RESULTS_FORMAT_VERSION) {
    throw new Error(`${path}: results format ${String(parsed.formatVersion)} is not supported (expected ${RESULTS_FORMAT_VERSION}); re-run npm run evaluate`);
  }
  return parsed as EvaluationResults;
}

/** Renders report.md and index.html from a results.json already on disk (next to it). */
async function renderReportFiles(jsonPath: string, dir: string): Promise<{ markdown: string; html: string }> {
  const results = await readResults(jsonPath);
  const markdown = join(dir, "report.md");
  const html = join(dir, "index.html");
  await writeFile(markdown, renderMarkdown(results));
  await writeFile(html, renderHtml(results, await chartJsSource()));
  return { markdown, html };
}

/** Writes results.json, report.md and index.html into `dir`. */
export async function writeReport(results: EvaluationResults, dir: string): Promise<{ json: string; markdown: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, "results.json");
  await writeFile(json, `${JSON.stringify(results, null, 2)}\n`);
  return { json, ...(await renderReportFiles(json, dir)) };
}
