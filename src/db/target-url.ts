/**
 * Which URL a command that changes or reads the schema and data works on, and whether it goes
 * through a connection pooler.
 */
import { resolveConnectionTarget, TargetConflictError } from "./connection-target.ts";

/** A URL and the variable it came from (messages name the variable the user must fix). */
export interface SelectedUrl {
  url: string;
  /** `DIRECT_DATABASE_URL`, `DATABASE_URL`, or a description such as "throwaway embedded PostgreSQL". */
  variable: string;
}

/**
 * `DIRECT_DATABASE_URL`, else `DATABASE_URL`, else undefined. Every migrate, backup, restore, push
 * and seed command uses this, so they all reach the same database (the README's promise): a backup
 * of one database while apply migrates another is the failure this prevents.
 */
export function selectTargetUrl(env: NodeJS.ProcessEnv): SelectedUrl | undefined {
  if (env.DIRECT_DATABASE_URL) return { url: env.DIRECT_DATABASE_URL, variable: "DIRECT_DATABASE_URL" };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, variable: "DATABASE_URL" };
  return undefined;
}

/** PgBouncer's and the hosted poolers' usual transaction-pooling port (Supabase, and others copying it). */
const POOLER_PORT = "6543";

/**
 * Why `url` looks pooled, or undefined: `pgbouncer=true|1` (any case, as Prisma reads it), port
 * 6543, or a Neon `-pooler` host. The port and host judged are the ones the connection really
 * reaches (`?port=` and `?host=` included, see connection-target.ts), not the URL's own text.
 * Session advisory locks, `SET` and DDL scripts do not survive transaction pooling, so migrations
 * and `db:push` need the direct URL.
 */
export function pooledReason(url: string, env: NodeJS.ProcessEnv = {}): string | undefined {
  let u: URL;
  try {
    u = new URL(url.replace("@/", "@placeholder.invalid/"));
  } catch {
    return undefined;
  }
  const flag = u.searchParams.get("pgbouncer");
  if (flag !== null && /^(true|1)$/i.test(flag)) return `pgbouncer=${flag}`;
  const { host, port } = reachedHostAndPort(url, env, u);
  if (port === POOLER_PORT) return `port ${POOLER_PORT} (the usual pooler port)`;
  if (/-pooler\./i.test(host)) return `host ${host} (a Neon -pooler host)`;
  return undefined;
}

/**
 * Host and port as resolved for the connection; when the URL does not resolve (the guard refuses
 * it later, saying why), the URL's own parts.
 */
function reachedHostAndPort(url: string, env: NodeJS.ProcessEnv, parsed: URL): { host: string; port: string } {
  try {
    const target = resolveConnectionTarget(url, env);
    return { host: target.host, port: String(target.port) };
  } catch (error) {
    if (!(error instanceof TargetConflictError)) throw error;
    return { host: parsed.hostname, port: parsed.port };
  }
}
