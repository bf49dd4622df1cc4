/**
 * A test-only hook for fault injection: with `ORM_SWITCH_TEST_PAUSE_AT=<point>` in the environment,
 * the migration adapter stops at that point of an apply and waits forever, after printing
 * `orm-switch test hook: paused at <point> (pid N)` on stderr, so a test can SIGKILL the process at
 * a known place and check what `db:migrate:status` makes of the leftovers. Unset (always, outside
 * tests), it does nothing.
 *
 * The points, in the order an apply passes them for one migration (the schema engine writes the
 * history row, runs the script, then finishes the row in two updates):
 * - `before-script`: the history row is inserted (started), the script not yet sent;
 * - `after-script`: the script ran and committed, the row is not updated yet;
 * - `before-finish`: the applied step is counted, `finished_at` not yet set.
 */

/** The pause points, see the module comment. */
export type PausePoint = "before-script" | "after-script" | "before-finish";

export const PAUSE_ENV = "ORM_SWITCH_TEST_PAUSE_AT";

/** Waits forever when `point` is the one named in the environment; returns at once otherwise. */
export async function pauseIfAsked(point: PausePoint, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env[PAUSE_ENV] !== point) return;
  process.stderr.write(`orm-switch test hook: paused at ${point} (pid ${process.pid})\n`);
  // A timer keeps the event loop alive even if every socket goes quiet.
  await new Promise<never>(() => setInterval(() => {}, 60_000));
}

/** Which point, if any, a statement the engine sends on the history table is next to. */
export function pausePointOf(sql: string): { before?: PausePoint; after?: PausePoint } {
  if (/^\s*INSERT INTO "_prisma_migrations"/i.test(sql)) return { after: "before-script" };
  if (/^\s*UPDATE "_prisma_migrations" SET "finished_at"/i.test(sql)) return { before: "before-finish" };
  return {};
}
