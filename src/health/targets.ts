/**
 * Where the health commands point: DATABASE_URL (queries; may be pooled) and DIRECT_DATABASE_URL
 * (schema checks; unpooled), or, with DATABASE_URL unset, a throwaway embedded PostgreSQL with the
 * migrations applied, so the commands can be tried with nothing configured.
 */
import { openCommandServer } from "../cli/server.ts";
import { createDatabase } from "../db/test-database.ts";
import { describeTarget } from "../db/urls.ts";
import { applyMigrationsPlain } from "../migrate/apply-sql.ts";
import type { ImplementationName } from "../repositories/index.ts";
import type { HealthTargets } from "./check.ts";

export interface ResolvedTargets extends HealthTargets {
  /** One line saying what is being checked (never a password). */
  description: string;
  /** Stops what was started for the check (the embedded server), if anything. */
  dispose(): Promise<void>;
}

export async function resolveHealthTargets(
  implementations: ImplementationName[],
  env = process.env,
): Promise<ResolvedTargets> {
  if (env.DATABASE_URL) {
    const t = describeTarget(env.DATABASE_URL);
    // An empty variable is unset (as libpq and the migrate commands read it), not an empty URL.
    const direct = env.DIRECT_DATABASE_URL || undefined;
    return {
      url: env.DATABASE_URL,
      directUrl: direct,
      implementations,
      description: `${t.user}@${t.host}:${t.port}/${t.database}${direct ? ` (schema checks on the direct URL ${describeTarget(direct).host})` : ""}`,
      dispose: async () => {},
    };
  }
  const server = await openCommandServer(undefined);
  try {
    const url = await createDatabase(server.url, "orm_switch_health_tmp");
    await applyMigrationsPlain(url);
    return {
      url,
      implementations,
      description: `a throwaway ${server.description} (DATABASE_URL is unset; it is deleted on exit)`,
      dispose: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
