/**
 * EXPLAIN for captured statements: each statement is replayed with its own parameters as
 * `EXPLAIN (FORMAT JSON)` on a separate, uninstrumented connection, right after the operation ran.
 * Plain EXPLAIN only plans, so replaying writes is harmless. `analyze` executes the statement inside
 * a transaction that is rolled back; the database then already holds the operation's effects, so a
 * replayed INSERT may fail on a key it already wrote: that is reported, not hidden.
 */
import type pg from "pg";
import type { CapturedStatement } from "../capture/index.ts";

/** One node of a plan, flattened (depth 0 is the root). */
export interface PlanNode {
  depth: number;
  node: string;
  relation?: string;
  index?: string;
  /** Planner's total cost of this node. */
  cost: number;
  /** Planner's row estimate. */
  rows: number;
  /** With `analyze`: actual rows (per loop times loops) and total milliseconds. */
  actualRows?: number;
  actualMs?: number;
}

export interface ExplainOutcome {
  /** Root node's total cost; null when not explained. */
  cost: number | null;
  /** The first nodes of the plan, depth-first. */
  plan: PlanNode[];
  /** With `analyze`: execution time reported by the server. */
  executionMs?: number;
  /** Why there is no plan (skipped, or the replay failed). */
  note?: string;
}

const EXPLAINABLE = /^\s*(\(?\s*)?(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|VALUES|TABLE)\b/i;
const TOP_NODES = 6;

/** Why a statement is not explained, or null when it can be. */
function explainSkipReason(statement: CapturedStatement): string | null {
  if (statement.error) return "skipped: the statement failed when it ran";
  if (statement.submittable) return "skipped: cursor/stream queries cannot be replayed";
  if (statement.commands > 1) return "skipped: several statements in one simple query";
  if (!EXPLAINABLE.test(statement.text)) {
    const word = /^\s*([A-Za-z]+)/.exec(statement.text)?.[1]?.toUpperCase() ?? "?";
    return ["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "START", "END"].includes(word)
      ? "skipped: transaction control"
      : `skipped: ${word} has no plan`;
  }
  return null;
}

interface RawPlan {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Total Cost": number;
  "Plan Rows": number;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Actual Total Time"?: number;
  Plans?: RawPlan[];
}

function flatten(plan: RawPlan, depth: number, out: PlanNode[]): void {
  if (out.length >= TOP_NODES) return;
  const node: PlanNode = { depth, node: plan["Node Type"], cost: plan["Total Cost"], rows: plan["Plan Rows"] };
  if (plan["Relation Name"]) node.relation = plan["Relation Name"];
  if (plan["Index Name"]) node.index = plan["Index Name"];
  if (plan["Actual Rows"] !== undefined) {
    const loops = plan["Actual Loops"] ?? 1;
    node.actualRows = plan["Actual Rows"] * loops;
    node.actualMs = Math.round((plan["Actual Total Time"] ?? 0) * loops * 1000) / 1000;
  }
  out.push(node);
  for (const child of plan.Plans ?? []) flatten(child, depth + 1, out);
}

/** EXPLAINs one captured statement on `client` (a connection outside the capture). */
export async function explainStatement(
  client: pg.ClientBase,
  statement: CapturedStatement,
  analyze: boolean,
): Promise<ExplainOutcome> {
  const skip = explainSkipReason(statement);
  if (skip) return { cost: null, plan: [], note: skip };
  if (!analyze) {
    try {
      return await explainOnce(client, statement, false);
    } catch (error) {
      return { cost: null, plan: [], note: `replay failed: ${(error as Error).message}` };
    }
  }
  try {
    await client.query("BEGIN");
    return await explainOnce(client, statement, true);
  } catch (error) {
    // Typically a replayed INSERT meeting the row it already wrote: the estimate is still worth having.
    await client.query("ROLLBACK").catch(() => undefined);
    try {
      const estimated = await explainOnce(client, statement, false);
      return { ...estimated, note: `ANALYZE replay failed (${(error as Error).message}): estimated plan only` };
    } catch {
      return { cost: null, plan: [], note: `replay failed: ${(error as Error).message}` };
    }
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
  }
}

async function explainOnce(
  client: pg.ClientBase,
  statement: CapturedStatement,
  analyze: boolean,
): Promise<ExplainOutcome> {
  // The same text and the same JS values as the original call: pg serializes them the same way,
  // and the server infers the same parameter types.
  const result = await client.query<{ "QUERY PLAN": [{ Plan: RawPlan; "Execution Time"?: number }] }>({
    text: `EXPLAIN (${analyze ? "ANALYZE, FORMAT JSON" : "FORMAT JSON"}) ${statement.text}`,
    values: statement.params,
  });
  const top = result.rows[0]!["QUERY PLAN"][0];
  const plan: PlanNode[] = [];
  flatten(top.Plan, 0, plan);
  const outcome: ExplainOutcome = { cost: top.Plan["Total Cost"], plan };
  if (top["Execution Time"] !== undefined) outcome.executionMs = top["Execution Time"];
  return outcome;
}

/** A plan in one line: `Limit > Index Scan (users_pkey on users)`. */
export function planOutline(plan: PlanNode[]): string {
  return plan
    .filter((n) => n.depth <= 2)
    .map(
      (n) =>
        `${"  ".repeat(n.depth)}${n.node}${n.index ? ` using ${n.index}` : ""}${n.relation ? ` on ${n.relation}` : ""}`,
    )
    .join("\n");
}
