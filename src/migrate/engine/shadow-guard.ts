/**
 * The guard for `SHADOW_DATABASE_URL`. A shadow database is emptied before each use
 * (`DROP SCHEMA public CASCADE`), which makes it the most destructive target any command names, so
 * it passes the same checks as every target (`../guard.ts`) and one more:
 * - resolved as node-postgres and libpq resolve it (query parameters, `PG*` variables), or refused;
 * - never production-like (no `--yes` overrides this: nobody means to empty production);
 * - confirmed by its server (database, user, schema, and where it answered);
 * - never the target database itself, decided by asking both servers which cluster
 *   (`pg_control_system().system_identifier`) and which database they are, so a Unix-socket path
 *   and `127.0.0.1` for one server are recognised as one database.
 */
import { resolveConnectionTarget, TargetConflictError } from "../../db/connection-target.ts";
import { askServer, isThisMachineAddress, type ServerIdentity } from "../../db/server-identity.ts";
import { confirmWithServer, describeTarget, TargetRefusedError, type TargetInfo } from "../target.ts";

const VARIABLE = "SHADOW_DATABASE_URL";

/** True when the two answers come from one server and name one database. */
export function sameServerDatabase(a: ServerIdentity, b: ServerIdentity): boolean {
  if (a.database !== b.database) return false;
  if (a.systemIdentifier !== null && b.systemIdentifier !== null) return a.systemIdentifier === b.systemIdentifier;
  // Without the identifier: one machine (a socket counts as this one) and one port is one server.
  const machine = (address: string | null) =>
    isThisMachineAddress(address) ? "this machine" : address!.replace(/^::ffff:/i, "");
  return machine(a.address) === machine(b.address) && a.port === b.port;
}

/** The refusal for a production-like shadow, with every rule that fired. */
function productionRefusal(shadow: TargetInfo): TargetRefusedError {
  return new TargetRefusedError(
    [
      `${VARIABLE} is production-like, and a shadow database is emptied before use (DROP SCHEMA public CASCADE):`,
      ...shadow.reasons.map((r) => `  - ${r}`),
      `Point ${VARIABLE} at a disposable database (a local test database, or a server listed in ORM_SWITCH_SAFE_HOSTS), or unset it to use a throwaway embedded PostgreSQL.`,
    ].join("\n"),
  );
}

/** What the target's server says it is; the URL is resolved first when it resolves (the command judges it). */
async function askTarget(targetUrl: string, env: NodeJS.ProcessEnv): Promise<ServerIdentity> {
  let url = targetUrl;
  try {
    url = resolveConnectionTarget(targetUrl, env).url;
  } catch (error) {
    if (!(error instanceof TargetConflictError)) throw error;
  }
  return askServer(url);
}

/**
 * Judges `shadowUrl` (the value of `SHADOW_DATABASE_URL`) against `env` and, when given, the
 * target at `targetUrl`; returns the confirmed shadow target (use its `url`) or throws
 * {@link TargetRefusedError} before anything is sent to the shadow but identity queries.
 */
export async function guardShadowUrl(
  shadowUrl: string,
  env: NodeJS.ProcessEnv,
  targetUrl: string | undefined,
): Promise<TargetInfo> {
  const resolved = describeTarget(shadowUrl, env, VARIABLE);
  if (resolved.productionLike) throw productionRefusal(resolved);
  const identity = await askServer(resolved.url);
  const confirmed = confirmWithServer(resolved, identity, env);
  if (confirmed.productionLike) throw productionRefusal(confirmed);
  if (targetUrl && sameServerDatabase(identity, await askTarget(targetUrl, env))) {
    throw new TargetRefusedError(
      `${VARIABLE} reaches the target database itself (the servers say: same server, database ${identity.database}); a shadow database is emptied before use, so it must be a different, disposable database`,
    );
  }
  return confirmed;
}

/** One line naming the shadow database, for the command's output. */
export function describeShadow(shadow: TargetInfo): string {
  const server = shadow.server;
  const answer = server
    ? ` (server says: database ${server.database}, at ${server.address ?? "Unix socket"}:${server.port})`
    : "";
  return `${VARIABLE} ${shadow.user}@${shadow.host}:${shadow.port}/${shadow.database}${answer}, emptied before use`;
}
