/**
 * Server time per call, measured rather than assumed. Every statement an implementation sends is
 * first run as `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON)` on the same connection, inside a
 * savepoint (or a transaction of its own when none is open) that is then rolled back, and only then
 * sent for real. So the explained statement sees exactly the state the real one will see (earlier
 * statements of the same transaction included), and a write's replay never meets the row it already
 * wrote. PostgreSQL reports planning and execution time for it; a call's server time is their sum
 * over its statements. `pg_stat_statements` would be the production tool, but it is not installed on
 * these servers, and this needs nothing but a connection.
 *
 * What it does not include: parsing, binding and the protocol round trip, which both implementations
 * pay alike per statement. Planning is counted on every call, although a named statement may run
 * with a cached generic plan: the figure is an upper bound for named statements.
 */
import pg from "pg";
import { openRepositories } from "../implementations.ts";
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";
import type { BenchOperation } from "./operations.ts";
import { median } from "./stats.ts";

/** One operation × implementation: PostgreSQL's own time per call (medians over the probed calls). */
export interface BenchServerTime {
  operation: string;
  implementation: string;
  /** Calls probed. */
  samples: number;
  /** Statements explained per call (transaction control excluded). */
  statements: number;
  planningUs: number;
  executionUs: number;
  /** planning + execution: the server time per call used to attribute a gap. */
  serverUs: number;
  /** Statements per call whose EXPLAIN failed (their time is missing from the sum). */
  unexplained: number;
}

/** Transaction control and settings: not explainable, and probing them would change the session. */
const CONTROL =
  /^\s*(BEGIN|START|COMMIT|ROLLBACK|END|SAVEPOINT|RELEASE|SET|SHOW|RESET|DEALLOCATE|DISCARD|PREPARE|EXECUTE)\b/i;
const PROBED = Symbol("orm-switch.bench.server-time");
const SAVEPOINT = "orm_switch_server_time";

/** What one probed call adds up. */
interface CallTotals {
  planningMs: number;
  executionMs: number;
  statements: number;
  unexplained: number;
}

type QueryFn = (...args: unknown[]) => unknown;
type ProbedClient = pg.PoolClient & { [PROBED]?: true };

interface ExplainRow {
  "QUERY PLAN": [{ "Planning Time"?: number; "Execution Time"?: number }];
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object";

/** Runs `text` with `values` as EXPLAIN ANALYZE on `client`, rolled back, and adds its times to `totals`. */
async function probe(
  query: QueryFn,
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  totals: CallTotals,
): Promise<void> {
  // "T" in a transaction, "E" in a failed one; "I" idle, and null before the first ReadyForQuery
  // was processed (a connection straight from connect()).
  const status = client.getTransactionStatus();
  const inTransaction = status === "T" || status === "E";
  await (query(inTransaction ? `SAVEPOINT ${SAVEPOINT}` : "BEGIN") as Promise<unknown>);
  try {
    const result = (await query({
      text: `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${text}`,
      values,
    })) as pg.QueryResult<ExplainRow>;
    const top = result.rows[0]!["QUERY PLAN"][0];
    totals.planningMs += top["Planning Time"] ?? 0;
    totals.executionMs += top["Execution Time"] ?? 0;
    totals.statements += 1;
  } catch {
    // The real statement runs next and fails (or not) as it would have: nothing is hidden from the caller.
    totals.unexplained += 1;
  } finally {
    await (query(inTransaction ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}` : "ROLLBACK") as Promise<unknown>);
    if (inTransaction) await (query(`RELEASE SAVEPOINT ${SAVEPOINT}`) as Promise<unknown>);
  }
}

/**
 * Makes `client` probe each statement while `current()` returns totals (and behave as before
 * otherwise). Promise-style and callback-style calls both wait for the probe; streams pass through.
 */
export function probeClient(client: pg.PoolClient, current: () => CallTotals | undefined): void {
  const target = client as ProbedClient;
  if (target[PROBED]) return;
  Object.defineProperty(target, PROBED, { value: true });
  const original = (Reflect.get(target, "query") as QueryFn).bind(target);
  const wrapped = (...args: unknown[]): unknown => {
    const totals = current();
    const [config, valuesArg, callbackArg] = args;
    const text =
      typeof config === "string"
        ? config
        : isObject(config) && typeof config.text === "string"
          ? config.text
          : undefined;
    if (
      !totals ||
      text === undefined ||
      (isObject(config) && typeof config.submit === "function") ||
      CONTROL.test(text)
    )
      return original(...args);
    const values = Array.isArray(valuesArg)
      ? (valuesArg as unknown[])
      : isObject(config) && Array.isArray(config.values)
        ? (config.values as unknown[])
        : [];
    // Whatever happens to the probe, the caller's statement runs next, exactly as it was called.
    const probed = probe(original, target, text, values, totals).catch(() => {
      totals.unexplained += 1;
    });
    const callbackStyle =
      typeof valuesArg === "function" ||
      typeof callbackArg === "function" ||
      (isObject(config) && typeof config.callback === "function");
    if (!callbackStyle) return probed.then(() => original(...args));
    void probed.then(() => original(...args));
    return undefined;
  };
  Object.defineProperty(target, "query", { value: wrapped, writable: true, configurable: true, enumerable: false });
}

/**
 * Server time per call of each operation through each implementation, on node-postgres over a pool
 * of its own: one unprobed warm-up call, then `samples` probed calls (writes use the implementation's
 * write lane and fresh iteration numbers from `next`, as in the timed run).
 */
export async function measureServerTimes(
  databaseUrl: string,
  implementations: readonly ImplementationName[],
  operations: readonly BenchOperation[],
  next: (operation: string, lane: number) => number,
  samples = 5,
): Promise<BenchServerTime[]> {
  const out: BenchServerTime[] = [];
  for (const implementation of implementations) {
    let current: CallTotals | undefined;
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    pool.on("connect", (client) => probeClient(client, () => current));
    const repos = await openRepositories(implementation, { pool });
    try {
      const lane = IMPLEMENTATIONS.indexOf(implementation);
      for (const op of operations) {
        const calls: CallTotals[] = [];
        try {
          await op.run(repos, next(op.name, lane), lane);
          for (let i = 0; i < samples; i++) {
            const totals: CallTotals = { planningMs: 0, executionMs: 0, statements: 0, unexplained: 0 };
            current = totals;
            try {
              await op.run(repos, next(op.name, lane), lane);
            } finally {
              current = undefined;
            }
            calls.push(totals);
          }
        } catch {
          // The timed run reports the operation's error; a server time needs successful calls.
        }
        if (calls.length > 0) out.push(summarizeCalls(op.name, implementation, calls));
      }
    } finally {
      await repos.close();
      await pool.end();
    }
  }
  return out;
}

const micro = (ms: number) => Math.round(ms * 1000);

function summarizeCalls(operation: string, implementation: string, calls: CallTotals[]): BenchServerTime {
  const planning = median(calls.map((c) => c.planningMs));
  const execution = median(calls.map((c) => c.executionMs));
  return {
    operation,
    implementation,
    samples: calls.length,
    statements: Math.round(median(calls.map((c) => c.statements))),
    planningUs: micro(planning),
    executionUs: micro(execution),
    serverUs: micro(median(calls.map((c) => c.planningMs + c.executionMs))),
    unexplained: Math.round(median(calls.map((c) => c.unexplained))),
  };
}
