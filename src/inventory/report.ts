/**
 * The inventory as data (JSON first) and its Markdown rendering: each call site with its verdict,
 * and a summary per model and operation with the share of call sites movable to the facade today.
 */
import { COMPAT_CLIENT_MEMBERS, COMPAT_OPERATIONS, UNSUPPORTED_FEATURES } from "../compat/capabilities.ts";
import type { CallSite } from "./detect.ts";

/** Whether the facade runs a call site as it is. */
export type Verdict = "movable" | "blocked" | "review";

export interface InventoryEntry {
  /** `src/prisma/users.ts:42`. */
  location: string;
  file: string;
  line: number;
  model: string;
  operation: string;
  features: string[];
  /** Argument parts whose shape is not visible statically. */
  dynamic: string[];
  verdict: Verdict;
  /** Why the call site is blocked or needs review. */
  reasons: string[];
  detectedBy: CallSite["detectedBy"];
  snippet: string;
}

export interface InventorySummary {
  total: number;
  movable: number;
  blocked: number;
  review: number;
  /** movable / total, 0..1 (1 when there are no call sites). */
  movableShare: number;
  byModel: Record<string, { total: number; movable: number }>;
  byOperation: Record<string, { total: number; movable: number }>;
  /** Blocking features and how many call sites each blocks. */
  blockers: Record<string, number>;
}

export interface Inventory {
  /** Directory scanned (as given). */
  root: string;
  generatedAt: string;
  /** How the files were found and how many compiler diagnostics the codebase has (scanned anyway). */
  files: number;
  fileSource: "tsconfig" | "directory";
  compilerDiagnostics: number;
  summary: InventorySummary;
  entries: InventoryEntry[];
}

const OPERATIONS = new Set<string>([...COMPAT_OPERATIONS, ...COMPAT_CLIENT_MEMBERS]);

/** The verdict for one call site, from the facade's capability lists. */
export function judge(site: CallSite): InventoryEntry {
  const features = [...site.features.features].sort();
  const dynamic = [...site.features.dynamic].sort();
  const reasons: string[] = [];
  if (!OPERATIONS.has(site.operation)) reasons.push(UNSUPPORTED_FEATURES[site.operation] ?? `operation \`${site.operation}\``);
  for (const feature of features) {
    const unsupported = UNSUPPORTED_FEATURES[feature];
    if (unsupported) reasons.push(unsupported);
    else if (feature.startsWith("unknown-")) reasons.push(`unrecognised argument (${feature})`);
  }
  reasons.splice(0, reasons.length, ...new Set(reasons));
  let verdict: Verdict = reasons.length > 0 ? "blocked" : "movable";
  if (verdict === "movable" && dynamic.length > 0) {
    verdict = "review";
    reasons.push(`arguments not visible statically: ${dynamic.join(", ")}`);
  }
  return {
    location: `${site.file}:${site.line}`,
    file: site.file,
    line: site.line,
    model: site.model,
    operation: site.operation,
    features,
    dynamic,
    verdict,
    reasons,
    detectedBy: site.detectedBy,
    snippet: site.snippet,
  };
}

export function summarize(entries: InventoryEntry[]): InventorySummary {
  const count = (verdict: Verdict): number => entries.filter((e) => e.verdict === verdict).length;
  const byModel: InventorySummary["byModel"] = {};
  const byOperation: InventorySummary["byOperation"] = {};
  const blockers: Record<string, number> = {};
  for (const e of entries) {
    const m = (byModel[e.model] ??= { total: 0, movable: 0 });
    const o = (byOperation[e.operation] ??= { total: 0, movable: 0 });
    m.total++;
    o.total++;
    if (e.verdict === "movable") {
      m.movable++;
      o.movable++;
    }
    if (e.verdict === "blocked") for (const r of e.reasons) blockers[r] = (blockers[r] ?? 0) + 1;
  }
  const movable = count("movable");
  return { total: entries.length, movable, blocked: count("blocked"), review: count("review"), movableShare: entries.length === 0 ? 1 : movable / entries.length, byModel, byOperation, blockers };
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;
const cell = (text: string): string => text.replaceAll("|", "\\|");

/** The Markdown rendering of an inventory. */
export function renderMarkdown(inventory: Inventory): string {
  const s = inventory.summary;
  const lines = [
    `# Prisma call-site inventory`,
    ``,
    `Scanned \`${inventory.root}\` (${inventory.files} files from ${inventory.fileSource === "tsconfig" ? "tsconfig.json" : "the directory"}; ${inventory.compilerDiagnostics} compiler diagnostics, scanned anyway) on ${inventory.generatedAt}.`,
    ``,
    `**${s.movable} of ${s.total} call sites (${percent(s.movableShare)}) can move to the compat facade today**; ${s.blocked} use something it does not support; ${s.review} need a look because their arguments are built at run time.`,
    ``,
    `## By model`,
    ``,
    `| model | call sites | movable |`,
    `| --- | ---: | ---: |`,
    ...Object.entries(s.byModel)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, c]) => `| ${cell(model)} | ${c.total} | ${c.movable} |`),
    ``,
    `## By operation`,
    ``,
    `| operation | call sites | movable |`,
    `| --- | ---: | ---: |`,
    ...Object.entries(s.byOperation)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([op, c]) => `| ${cell(op)} | ${c.total} | ${c.movable} |`),
    ``,
  ];
  if (Object.keys(s.blockers).length > 0) {
    lines.push(`## What blocks the rest`, ``, `| unsupported | call sites |`, `| --- | ---: |`);
    for (const [reason, n] of Object.entries(s.blockers).sort((a, b) => b[1] - a[1])) lines.push(`| ${cell(reason)} | ${n} |`);
    lines.push(``);
  }
  lines.push(`## Call sites`, ``, `| location | model | operation | features | verdict |`, `| --- | --- | --- | --- | --- |`);
  for (const e of inventory.entries) {
    const verdict = e.verdict === "movable" ? "movable" : `${e.verdict}: ${e.reasons.join("; ")}`;
    lines.push(`| ${cell(e.location)} | ${cell(e.model)} | ${cell(e.operation)} | ${cell(e.features.join(", "))} | ${cell(verdict)}${e.detectedBy === "name" ? " (found by name)" : ""} |`);
  }
  lines.push(``);
  return lines.join("\n");
}
