/** `npm run db:drizzle:baseline`: see HELP. */
import { startEmbeddedPostgres } from "../../db/embedded.ts";
import { baselineDrizzle, DrizzleBaselineRefusedError } from "../drizzle-cutover.ts";
import { plural } from "../../domain/plural.ts";
import { guardTarget } from "../guard.ts";
import { refusalLine, TargetRefusedError } from "../target.ts";
import { parseCommandArgs, resolveMigrateTarget, runCommand, stderrOut, type Out } from "./common.ts";

const DRIZZLE_BASELINE_HELP = `Usage: npm run db:drizzle:baseline [-- --dry-run] [--yes] [--folder drizzle]

The Drizzle cutover: on a database Prisma built, records every migration in drizzle/ as applied
in drizzle.__drizzle_migrations (the table drizzle-orm's migrator keeps), so Drizzle owns the
migrations from now on without re-creating anything. Before writing, it builds a scratch database
from drizzle/ on a throwaway embedded PostgreSQL and refuses unless its catalog equals the live
one (tables, columns, defaults, constraints, indexes, enums). _prisma_migrations is left as history.
Idempotent: a second run records nothing. See docs/drizzle-cutover.md.

Target: DIRECT_DATABASE_URL, else DATABASE_URL. Production-like targets need --yes.
Exit codes: 0 recorded (or already recorded), 1 refused (schema differs, or --yes missing), 2 could not run.`;

export async function runDrizzleBaselineCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = stderrOut,
): Promise<number> {
  return runCommand(
    "db:drizzle:baseline",
    DRIZZLE_BASELINE_HELP,
    out,
    async () => {
      const { values } = parseCommandArgs(argv, {
        "dry-run": { type: "boolean" },
        yes: { type: "boolean" },
        folder: { type: "string" },
        help: { type: "boolean", short: "h" },
      });
      if (values.help) {
        out(DRIZZLE_BASELINE_HELP);
        return 0;
      }
      const target = await resolveMigrateTarget(env, out);
      const scratch = await startEmbeddedPostgres();
      try {
        const info = await guardTarget({
          command: "db:drizzle:baseline",
          selected: target,
          yes: Boolean(values.yes),
          readOnly: Boolean(values["dry-run"]),
          env,
          out,
        });
        const outcome = await baselineDrizzle(info.url, scratch.url, {
          folder: values.folder,
          dryRun: values["dry-run"],
        });
        out(
          `db:drizzle:baseline: the live schema equals what drizzle/ builds (${Object.entries(outcome.parity.counts)
            .map(([k, n]) => plural(n, k))
            .join(", ")}).`,
        );
        for (const e of outcome.alreadyRecorded) out(`  already recorded: ${e.tag}`);
        for (const e of outcome.recorded)
          out(`  recorded as applied: ${e.tag} (created_at ${e.when}, sha256 ${e.hash.slice(0, 12)}...)`);
        if (values["dry-run"]) out("db:drizzle:baseline: --dry-run: nothing written.");
        else
          out(
            outcome.recorded.length === 0
              ? "db:drizzle:baseline: nothing to do."
              : "db:drizzle:baseline: done; drizzle-kit migrate / migrate() now applies only newer migrations.",
          );
        return 0;
      } catch (error) {
        if (error instanceof TargetRefusedError) {
          out(refusalLine("db:drizzle:baseline", error));
          return 1;
        }
        if (error instanceof DrizzleBaselineRefusedError) {
          out(`db:drizzle:baseline: refused: ${error.message}`);
          return 1;
        }
        throw error;
      } finally {
        await scratch.stop();
        await target.close();
      }
    },
    2,
  );
}
