/** The "Your app" section of report.md (`evaluate --project`), from results.json's `app`. */
import type { AppSection } from "../evaluate/results.ts";

const shown = (path: string | null): string => (path === null ? "none" : `\`${path}\``);

/** The lines of the section: what was read, then what the schema checks and the replay found. */
export function appMarkdown(app: AppSection): string[] {
  const out = [`## Your app: ${app.dir}`, ""];
  out.push(`- Schema: ${shown(app.schema)} (${app.origins.schema})${app.models === null ? "" : `, ${app.models} models`}`);
  out.push(`- Migrations: ${app.migrations ? `${shown(app.migrations)} (${app.origins.migrations})` : app.origins.migrations}`);
  out.push(`- Source: ${shown(app.src)} (${app.origins.src})`);
  out.push(`- Workload: ${app.workload ? `${shown(app.workload)} (${app.origins.workload})` : app.origins.workload}`);
  if (app.drizzleDir) out.push(`- Generated Drizzle schema and facade bindings: ${shown(app.drizzleDir)}`);
  out.push("");
  if (app.parity) {
    const counts = Object.entries(app.parity.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    out.push(`Schema parity: ${app.parity.identical ? "identical" : `${app.parity.differences.length} difference(s)`} (${counts}).`);
    for (const d of app.parity.differences) out.push(`- ${d}`);
    if (app.parity.drift.length > 0 || app.parity.columnOrderDrift.length > 0) {
      out.push("", "Drift: your migrations build what your Prisma schema itself does not describe (the Drizzle schema follows the schema):");
      for (const d of app.parity.drift) out.push(`- ${d}`);
      if (app.parity.columnOrderDrift.length > 0)
        out.push(`- ${app.parity.columnOrderDrift.length} column(s) only in another position: ${app.parity.columnOrderDrift.join(", ")}`);
    }
    out.push("");
  }
  if (app.fuzz) {
    const f = app.fuzz;
    const refused = Object.values(f.refusals).reduce((a, b) => a + b, 0);
    out.push(`compat:fuzz (seed ${f.seed}, ${f.runs} operations): ${f.compared} compared, ${f.equal} equal, ${f.mismatchCount} mismatching, ${refused} refused by the facade.`);
    for (const s of f.signatures) out.push(`- mismatch: ${s}`);
    for (const [reason, n] of Object.entries(f.refusals)) out.push(`- refused ${n}x: ${reason}`);
    out.push("");
  }
  if (app.replay) {
    const r = app.replay;
    const t = r.totals;
    out.push(`Replay of your workload (${r.data}): ${r.calls} calls in ${r.shapes} shapes: ${t.equal} equal, ${t.differ} differ, ${t["error-differs"]} error differs, ${t.refused} refused, ${t["not-replayable"]} not replayable; ${r.reproduced} reproduce their recorded outcome. Per shape: ${r.file.replace(/\.json$/, ".md")}.`);
  }
  return out;
}
