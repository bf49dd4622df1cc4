/**
 * The inventory as data (JSON first) and its Markdown rendering: each call site with its verdict,
 * and a summary per model and operation with the share of call sites movable to the facade today.
 */
import {
  COMPAT_CLIENT_MEMBERS,
  COMPAT_OPERATIONS,
  FACADE_REFUSALS,
  UNSUPPORTED_FEATURES,
} from "../compat/capabilities.ts";
import type { CallSite } from "./detect.ts";

/**
 * Version of the JSON layout (inventory.json), documented in docs/inventory.md. Raised whenever a
 * field is renamed, removed or changes meaning; adding a field does not raise it.
 */
export const INVENTORY_FORMAT_VERSION = 2;

/** Whether the facade runs a call site as it is. */
export type Verdict = "movable" | "blocked" | "review";

export interface InventoryEntry {
  /** `src/prisma/users.ts:42`. */
  location: string;
  file: string;
  line: number;
  /** Application code, or a test / spec / e2e file (counted apart). */
  kind: "source" | "test";
  /** The package (nearest package.json's name) the file belongs to; "." for the root's. */
  package: string;
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

/** Call sites by verdict. */
export interface VerdictCounts {
  total: number;
  movable: number;
  blocked: number;
  review: number;
}

export interface InventorySummary extends VerdictCounts {
  /** movable / total, 0..1 (1 when there are no call sites). Application code only, as are the counts. */
  movableShare: number;
  byModel: Record<string, { total: number; movable: number }>;
  byOperation: Record<string, { total: number; movable: number }>;
  /** Blocking features and how many call sites each blocks. */
  blockers: Record<string, number>;
  /** The same, most frequent first. */
  topBlockers: { reason: string; callSites: number }[];
  /** Why call sites need review, grouped, with counts (most frequent first). */
  reviewReasons: { reason: string; callSites: number }[];
  /** Call sites in test, spec and e2e files: not in the figures above. */
  tests: VerdictCounts;
  /** Per package of a monorepo (application code only); one entry when there is a single package. */
  byPackage: Record<string, VerdictCounts & { movableShare: number }>;
  /** How the call sites were recognised: by their resolved types, by evidence, or by name alone. */
  detection: Record<CallSite["detectedBy"], number>;
  /** "yes": every call site's client resolved by type; "partly"; "no": none did (see typesNote). */
  typesResolved: "yes" | "partly" | "no";
  /** What the type resolution means for the figures, in a sentence. */
  typesNote: string;
}

export interface Inventory {
  formatVersion: number;
  /** Directory scanned (as given). */
  root: string;
  generatedAt: string;
  /** How the files were found and how many compiler diagnostics the codebase has (scanned anyway). */
  files: number;
  fileSource: "tsconfig" | "directory";
  compilerDiagnostics: number;
  /** The schema.prisma files read for model and field names (empty when none was found). */
  schemaFiles: string[];
  /** Entries that could not be read (dangling symlinks, unreadable folders), with why. */
  skipped: { path: string; reason: string }[];
  /** The `--exclude` patterns applied. */
  excluded: string[];
  summary: InventorySummary;
  entries: InventoryEntry[];
}

const OPERATIONS = new Set<string>([...COMPAT_OPERATIONS, ...COMPAT_CLIENT_MEMBERS]);

/** Feature name → the facade's wording of its refusal, from the one capability table. */
const REFUSALS = new Map<string, string>();
// The first row naming a feature gives its wording (reading before writing an unsupported column).
for (const refusal of FACADE_REFUSALS)
  for (const f of refusal.features) if (!REFUSALS.has(f)) REFUSALS.set(f, UNSUPPORTED_FEATURES[f] ?? refusal.wording);

/** The verdict for one call site, from the facade's capability table. */
export function judge(
  site: CallSite,
  place: { kind: InventoryEntry["kind"]; package: string } = { kind: "source", package: "." },
): InventoryEntry {
  const features = [...site.features.features].sort();
  const dynamic = [...site.features.dynamic].sort();
  const reasons: string[] = [];
  if (!OPERATIONS.has(site.operation))
    reasons.push(UNSUPPORTED_FEATURES[site.operation] ?? `operation \`${site.operation}\``);
  for (const feature of features) {
    // A feature can be refused on one operation only (`groupBy+take:negative`).
    const refusal = REFUSALS.get(feature) ?? REFUSALS.get(`${site.operation}+${feature}`);
    if (refusal) reasons.push(refusal);
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
    kind: place.kind,
    package: place.package,
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

function counts(entries: InventoryEntry[]): VerdictCounts {
  const n = (verdict: Verdict): number => entries.filter((e) => e.verdict === verdict).length;
  return { total: entries.length, movable: n("movable"), blocked: n("blocked"), review: n("review") };
}

const share = (c: VerdictCounts): number => (c.total === 0 ? 1 : c.movable / c.total);

/** Sorted, so that the JSON of two runs on the same code is the same. */
function ranked(tally: Map<string, number>): { reason: string; callSites: number }[] {
  return [...tally]
    .map(([reason, callSites]) => ({ reason, callSites }))
    .sort((a, b) => b.callSites - a.callSites || a.reason.localeCompare(b.reason));
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** Why a run-time argument part needs review, as a group name (`where.author.is` → "a filter built at run time"). */
function reviewGroup(dynamic: string): string {
  if (dynamic.includes("(built by mutation)"))
    return "filter or data assembled by mutation (`x.key = ...`, `.push(...)`)";
  if (dynamic.includes("(relation kind unknown)"))
    return "nested write whose relation kind (to-one or to-many) is unknown";
  if (dynamic.endsWith("[...spread]")) return "spread of a value built at run time";
  if (dynamic.endsWith("[computed key]")) return "computed property key";
  if (dynamic === "args") return "whole argument object built at run time";
  if (dynamic.startsWith("$transaction")) return "$transaction argument built at run time";
  const top = dynamic.split(/[.[ ]/)[0]!;
  const path = dynamic.split(".");
  if (top === "where" || top === "cursor" || top === "having")
    return path.length === 1
      ? "whole filter built at run time"
      : "filter value of unknown shape (relation or Json field)";
  if (top === "data" || top === "create" || top === "update") return "write data of unknown shape on a relation field";
  if (top === "select" || top === "include" || top === "omit") return "selection built at run time";
  if (top === "orderBy") return "ordering built at run time";
  return `other: ${dynamic}`;
}

function typesNote(typesResolved: InventorySummary["typesResolved"]): string {
  if (typesResolved === "yes")
    return "Types resolved: clients were found by their types and argument shapes read from them.";
  if (typesResolved === "partly")
    return "Types resolved for part of the code only: the rest was found by evidence (schema model names, Prisma operation names, clients derived from one) and its values of unknown type were judged by the schema's field kinds, so those verdicts are less certain.";
  return "Types did not resolve (client not generated or code not compiling): clients were found by evidence (schema model names, Prisma operation names, $-members, clients derived from one), values of unknown type were judged by the schema's field kinds (any value fits a scalar field), so a movable verdict is likelier to hide a run-time refusal than with types.";
}

export function summarize(all: InventoryEntry[]): InventorySummary {
  const entries = all.filter((e) => e.kind === "source");
  const byModel: InventorySummary["byModel"] = {};
  const byOperation: InventorySummary["byOperation"] = {};
  const blockers = new Map<string, number>();
  const review = new Map<string, number>();
  const packages = new Map<string, InventoryEntry[]>();
  for (const e of entries) {
    const m = (byModel[e.model] ??= { total: 0, movable: 0 });
    const o = (byOperation[e.operation] ??= { total: 0, movable: 0 });
    m.total++;
    o.total++;
    if (e.verdict === "movable") {
      m.movable++;
      o.movable++;
    }
    if (e.verdict === "blocked") for (const r of e.reasons) blockers.set(r, (blockers.get(r) ?? 0) + 1);
    if (e.verdict === "review")
      for (const g of new Set(e.dynamic.map(reviewGroup))) review.set(g, (review.get(g) ?? 0) + 1);
    packages.set(e.package, [...(packages.get(e.package) ?? []), e]);
  }
  const detection: InventorySummary["detection"] = { type: 0, evidence: 0, name: 0 };
  for (const e of all) detection[e.detectedBy]++;
  const typesResolved = detection.type === all.length ? "yes" : detection.type === 0 ? "no" : "partly";
  const main = counts(entries);
  const topBlockers = ranked(blockers);
  return {
    ...main,
    movableShare: share(main),
    byModel: sortedRecord(byModel),
    byOperation: sortedRecord(byOperation),
    blockers: Object.fromEntries(topBlockers.map((b) => [b.reason, b.callSites])),
    topBlockers,
    reviewReasons: ranked(review),
    tests: counts(all.filter((e) => e.kind === "test")),
    byPackage: sortedRecord(
      Object.fromEntries(
        [...packages].map(([name, list]) => [name, { ...counts(list), movableShare: share(counts(list)) }]),
      ),
    ),
    detection,
    typesResolved,
    typesNote: typesNote(typesResolved),
  };
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;
const cell = (text: string): string => text.replaceAll("|", "\\|");

const table = (head: string, rows: string[]): string[] => [`| ${head} | call sites |`, `| --- | ---: |`, ...rows, ``];

/** The Markdown rendering of an inventory. */
export function renderMarkdown(inventory: Inventory): string {
  const s = inventory.summary;
  const t = s.tests;
  const lines = [
    `# Prisma call-site inventory`,
    ``,
    `Scanned \`${inventory.root}\` (${inventory.files} files from ${inventory.fileSource === "tsconfig" ? "tsconfig.json" : "the directory"}; ${inventory.compilerDiagnostics} compiler diagnostics, scanned anyway; schema: ${inventory.schemaFiles.length > 0 ? inventory.schemaFiles.map((f) => `\`${f}\``).join(", ") : "none found"}) on ${inventory.generatedAt}.`,
    ``,
    `**${s.movable} of ${s.total} call sites in application code (${percent(s.movableShare)}) can move to the compat facade today**; ${s.blocked} use something it does not support; ${s.review} need a look because their arguments are built at run time. Test and e2e files, counted apart: ${t.total} call sites (${t.movable} movable, ${t.blocked} blocked, ${t.review} to review).`,
    ``,
    `${s.typesNote} (found by type ${s.detection.type}, by evidence ${s.detection.evidence}, by name alone ${s.detection.name}.)`,
    ``,
  ];
  if (inventory.skipped.length > 0)
    lines.push(`Skipped (unreadable): ${inventory.skipped.map((k) => `\`${k.path}\` (${k.reason})`).join(", ")}.`, ``);
  if (s.topBlockers.length > 0)
    lines.push(
      `## Top blockers`,
      ``,
      ...table(
        "unsupported",
        s.topBlockers.map((b) => `| ${cell(b.reason)} | ${b.callSites} |`),
      ),
    );
  if (s.reviewReasons.length > 0)
    lines.push(
      `## Why call sites need review`,
      ``,
      ...table(
        "reason",
        s.reviewReasons.map((b) => `| ${cell(b.reason)} | ${b.callSites} |`),
      ),
    );
  if (Object.keys(s.byPackage).length > 1) {
    lines.push(
      `## By package`,
      ``,
      `| package | call sites | movable | blocked | review | movable share |`,
      `| --- | ---: | ---: | ---: | ---: | ---: |`,
    );
    for (const [name, c] of Object.entries(s.byPackage))
      lines.push(
        `| ${cell(name)} | ${c.total} | ${c.movable} | ${c.blocked} | ${c.review} | ${percent(c.movableShare)} |`,
      );
    lines.push(``);
  }
  for (const [title, record] of [
    ["model", s.byModel],
    ["operation", s.byOperation],
  ] as const) {
    lines.push(`## By ${title}`, ``, `| ${title} | call sites | movable |`, `| --- | ---: | ---: |`);
    for (const [key, c] of Object.entries(record)) lines.push(`| ${cell(key)} | ${c.total} | ${c.movable} |`);
    lines.push(``);
  }
  lines.push(
    `## Call sites`,
    ``,
    `| location | model | operation | features | verdict |`,
    `| --- | --- | --- | --- | --- |`,
  );
  for (const e of inventory.entries) {
    const verdict = e.verdict === "movable" ? "movable" : `${e.verdict}: ${e.reasons.join("; ")}`;
    const how = e.detectedBy === "type" ? "" : ` (found by ${e.detectedBy})`;
    lines.push(
      `| ${cell(e.location)}${e.kind === "test" ? " (test)" : ""} | ${cell(e.model)} | ${cell(e.operation)} | ${cell(e.features.join(", "))} | ${cell(verdict)}${how} |`,
    );
  }
  lines.push(``);
  return lines.join("\n");
}
