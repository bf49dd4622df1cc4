/**
 * What really happened to a migration `_prisma_migrations` records as started but not finished.
 * The row alone cannot tell: the engine inserts it, runs the script (one implicit transaction),
 * then finishes it in separate statements, so a process killed between those steps leaves the
 * same unfinished row whether PostgreSQL committed the script or not. This module looks at the
 * database instead:
 * - a migration lock is held: another apply is running it right now (not failed at all);
 * - else the live schema is compared (the engine's diff) with the schema the applied history
 *   produces, without and with the failed migration: equal to "with" means its effect is there
 *   (`resolve --applied`), equal to "without" means it is not (`resolve --rolled-back`, then apply),
 *   neither means part of it is there (manual repair), both means the migration changes no schema:
 *   then the commit marker apply wrote in the script's own transaction decides
 *   (engine/commit-marker.ts), except for a file that manages its own transactions.
 */
import type pg from "pg";
import type { CommitMark } from "./engine/commit-marker.ts";
import type { EngineSession } from "./engine/session.ts";
import { findLockHolders, formatLockHolder } from "./lock.ts";

/** The verdict on one unfinished migration. */
export type FailedVerdict = "in-progress" | "applied" | "rolled-back" | "partial" | "undetermined";

/** One unfinished migration, what status found out about it, and what to run. */
export interface FailedDiagnosis {
  name: string;
  verdict: FailedVerdict;
  /** Lines explaining the verdict (who holds the lock, what differs). */
  detail: string[];
  /** The command(s) to run next, in order; [] when the answer is "wait". */
  commands: string[];
}

/**
 * Other sessions on this database that may be running a migration script: an engine connection of
 * ours (application_name "orm-switch migrate ...") that is not idle, or any session holding an
 * ACCESS EXCLUSIVE lock on a relation here (what DDL takes). Such a session can outlive the process
 * that started it: after a `kill -9` of apply, PostgreSQL keeps running the script until it next
 * talks to the client, and may still COMMIT it. Ordinary application traffic matches neither.
 */
async function migratingSessions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{
    pid: number;
    application_name: string;
    state: string;
    query: string;
    query_start: Date | null;
  }>(
    `SELECT a.pid, a.application_name, a.state, left(regexp_replace(a.query, '\\s+', ' ', 'g'), 120) AS query, a.query_start FROM pg_stat_activity a
      WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state IS DISTINCT FROM 'idle'
        AND (a.application_name LIKE 'orm-switch migrate%'
             OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.granted
                          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))
      ORDER BY a.query_start NULLS LAST LIMIT 5`,
  );
  return rows.map(
    (r) =>
      `pid ${r.pid}${r.application_name ? ` (${r.application_name})` : ""} ${r.state} since ${r.query_start?.toISOString() ?? "?"}: ${r.query}`,
  );
}

/**
 * When a migration lock is held on the database, or a session is still running migration DDL
 * there, every unfinished migration is being applied right now: the diagnosis says so, naming the
 * holder and the session. Returns undefined when neither is the case.
 */
export async function diagnoseInProgress(
  client: pg.ClientBase,
  names: string[],
): Promise<FailedDiagnosis[] | undefined> {
  const holders = await findLockHolders(client);
  const sessions = await migratingSessions(client);
  if (holders.length === 0 && sessions.length === 0) return undefined;
  const detail = [
    ...holders.map((h) => `lock held by ${formatLockHolder(h)}`),
    ...sessions.map((s) => `running: ${s}`),
    ...(holders.length === 0
      ? [
          "No lock is held: the process that started this session is gone, but PostgreSQL is still running its script and may yet commit it.",
        ]
      : []),
  ];
  return names.map((name) => ({ name, verdict: "in-progress", detail, commands: [] }));
}

/** How the live schema compares with the history without and with the unfinished migration. */
export interface EffectComparison {
  /** Engine summary from "applied history" to live; "" when equal. */
  withoutIt: string;
  /**
   * Engine summary from "applied history + this migration" to live; "" when equal; undefined when
   * the migration fails when replayed on the shadow database (then `replayError` says why).
   */
  withIt: string | undefined;
  replayError?: string;
}

/** Compares the live schema with the applied history, without and with `name` (must be on disk). */
export async function compareEffect(
  session: EngineSession,
  applied: (name: string) => boolean,
  name: string,
): Promise<EffectComparison> {
  const project = session.project;
  const withoutIt = await session.summary({ tag: "migrations", ...project.list(applied) }, session.live);
  try {
    const withIt = await session.summary(
      { tag: "migrations", ...project.list((n) => applied(n) || n === name) },
      session.live,
    );
    return { withoutIt, withIt };
  } catch (error) {
    // The file fails on a database in the history's state: it cannot have fully committed here
    // unless the data made the difference, which the schema comparison below still tells apart.
    return { withoutIt, withIt: undefined, replayError: session.explain(error).split("\n")[0] };
  }
}

/**
 * The verdict and commands for an unfinished migration no lock explains. `flags` (e.g.
 * `["--migrations", dir]`) are repeated in every command, so the hint works as printed.
 */
export function judgeEffect(
  name: string,
  effect: EffectComparison | undefined,
  flags: string[] = [],
  marker?: MarkerEvidence,
): FailedDiagnosis {
  const extra = flags.map(shellWord).join(" ");
  const resolve = (how: string) => `npm run db:migrate:resolve -- ${how} ${name}${extra ? ` ${extra}` : ""}`;
  const apply = `npm run db:migrate:apply${extra ? ` -- ${extra}` : ""}`;
  if (!effect) {
    return {
      name,
      verdict: "undetermined",
      detail: [`${name} is not on disk, so its effect cannot be compared with the live schema.`],
      commands: [],
    };
  }
  const { withoutIt, withIt } = effect;
  if (withIt === undefined) return judgeUnreplayable(name, effect, resolve, apply);
  if (withIt === "" && withoutIt !== "") {
    return {
      name,
      verdict: "applied",
      detail: [
        `The live schema has this migration's effect: PostgreSQL committed the script, but the history row was never finished (the process died after the script).`,
      ],
      commands: [resolve("--applied")],
    };
  }
  if (withoutIt === "" && withIt !== "") {
    return {
      name,
      verdict: "rolled-back",
      detail: [
        `None of this migration's effect is in the live schema: its transaction was rolled back (or never reached the server).`,
      ],
      commands: [`(fix the cause first if it failed on an error)`, resolve("--rolled-back"), apply],
    };
  }
  if (withIt === "" && withoutIt === "") {
    if (marker) return judgeByMarker(name, marker, resolve, apply);
    return {
      name,
      verdict: "undetermined",
      detail: [
        `This migration changes no schema (data only, or nothing), so the schema cannot tell whether it ran. Check its data changes by hand.`,
      ],
      commands: [
        `if its data changes are there: ${resolve("--applied")}`,
        `if not: ${resolve("--rolled-back")} then ${apply}`,
      ],
    };
  }
  return {
    name,
    verdict: "partial",
    detail: [
      `The live schema matches neither the history without this migration nor with it: it is partially applied (a script with its own COMMIT, or a manual change). Manual repair needed. What is missing or different, compared with the migration fully applied:`,
      ...withIt.split("\n").map((l) => `  ${l}`),
    ],
    commands: [
      `repair by hand until the schema is one of the two, then run npm run db:migrate:status again (it names the command)`,
    ],
  };
}

/** What the commit markers (engine/commit-marker.ts) say about an unfinished migration. */
export interface MarkerEvidence {
  mark: CommitMark;
  /** The transaction-control statement in its file, when it has one (then no marker is written). */
  control?: string;
}

/** A migration that changes no schema: the commit marker decides, when one could be written. */
function judgeByMarker(
  name: string,
  marker: MarkerEvidence,
  resolve: (how: string) => string,
  apply: string,
): FailedDiagnosis {
  if (marker.control || marker.mark === "no-markers") {
    const why = marker.control
      ? `its file manages its own transactions (${marker.control}), so no commit marker can share the script's transaction`
      : `this database has no commit markers (the run that started it was not this tool's apply, or predates them)`;
    return {
      name,
      verdict: "undetermined",
      detail: [
        `This migration changes no schema (data only, or nothing), so the schema cannot tell whether it ran, and ${why}. Check its data changes by hand.`,
      ],
      commands: [
        `if its data changes are there: ${resolve("--applied")}`,
        `if not: ${resolve("--rolled-back")} then ${apply}`,
      ],
    };
  }
  if (marker.mark === "committed") {
    return {
      name,
      verdict: "applied",
      detail: [
        "It changes no schema, but its commit marker (written in the script's own transaction) is there: PostgreSQL committed the script; the history row was never finished.",
      ],
      commands: [resolve("--applied")],
    };
  }
  return {
    name,
    verdict: "rolled-back",
    detail: [
      "It changes no schema, and its commit marker (written in the script's own transaction) is absent: the script did not commit (rolled back, or never reached the server).",
    ],
    commands: [`(fix the cause first if it failed on an error)`, resolve("--rolled-back"), apply],
  };
}

/** The migration does not replay on the shadow database, so only "is the schema as before it" can be asked. */
function judgeUnreplayable(
  name: string,
  effect: EffectComparison,
  resolve: (how: string) => string,
  apply: string,
): FailedDiagnosis {
  const why = `Replaying it on an empty copy of the history fails (${effect.replayError ?? "error"}), so its full effect cannot be computed.`;
  if (effect.withoutIt === "") {
    return {
      name,
      verdict: "rolled-back",
      detail: [
        why,
        "The live schema is exactly what the applied history produces: none of its schema changes are in the database.",
      ],
      commands: ["(fix the cause first)", resolve("--rolled-back"), apply],
    };
  }
  return {
    name,
    verdict: "partial",
    detail: [
      why,
      "The live schema differs from the applied history:",
      ...effect.withoutIt.split("\n").map((l) => `  ${l}`),
      "Manual repair needed.",
    ],
    commands: ["repair by hand, then run npm run db:migrate:status again (it names the command)"],
  };
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
