/**
 * The database a connection URL really reaches, resolved the way node-postgres and libpq's tools
 * (psql, pg_dump, pg_restore) both resolve it, or a refusal when they would disagree.
 *
 * Why this exists: a guard that reads only the URL's host and path can be walked around. The two
 * clients this project drives read more than that:
 * - node-postgres (pg-connection-string, then pg's `ConnectionParameters`) takes `?host=`, `?port=`
 *   and `?user=` over the URL's own parts when they are non-empty, ignores `?dbname=`, `?hostaddr=`
 *   and `?service=`, and fills every part the URL leaves out from `PGHOST`, `PGPORT`, `PGDATABASE`,
 *   `PGUSER` (then `localhost`, 5432, the user name, `$USER`).
 * - libpq takes every query parameter over the URL's parts (an empty `?host=` means the default
 *   Unix socket, `?dbname=` replaces the path, `?hostaddr=` is where it really connects), reads a
 *   service file for `?service=`/`PGSERVICE`, and fills what is left from `PG*` variables,
 *   `PGHOSTADDR` included (a Unix socket, not `localhost`, when no host is named).
 *
 * So a URL is accepted only when both would reach the same place; the result names every part
 * explicitly ({@link ResolvedTarget.url}), so that nothing downstream fills anything in again.
 */
import { userInfo } from "node:os";

/** Host, port, database and user a URL resolves to, identically for node-postgres and libpq. */
export interface ResolvedTarget {
  /** Host name, IP address, or a Unix-socket directory (starts with `/`). */
  host: string;
  port: number;
  database: string;
  user: string;
  /** Password from the URL ('' when none); never print it. */
  password: string;
  /** Query parameters that do not choose the target (sslmode, schema, connection_limit, ...). */
  params: [string, string][];
  /** The same target with every part written out: what every connection must use from now on. */
  url: string;
  /** `PG*` variables that are set but overridden by the URL (not used; shown in the banner). */
  ignoredEnv: string[];
}

/** The URL (or the environment around it) would let node-postgres and libpq reach different databases. */
export class TargetConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetConflictError";
  }
}

/** Query parameters that choose the target: accepted only when they repeat the URL's own parts. */
const TARGET_PARAMS = new Set(["host", "hostaddr", "port", "dbname", "database", "user", "service"]);

interface UrlParts {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  query: URLSearchParams;
}

/** Splits the URL as node-postgres does, including its `user@/db` (no host) form. */
function splitUrl(url: string, variable: string): UrlParts {
  if (url.startsWith("/"))
    throw new TargetConflictError(
      `${variable} is a socket path, not a postgresql:// URL; write postgresql:///database?host=${url.split(" ")[0]}`,
    );
  let u: URL;
  let noHost = false;
  try {
    u = new URL(url);
  } catch {
    try {
      u = new URL(url.replace("@/", "@placeholder.invalid/"));
      noHost = true;
    } catch {
      // The input is not echoed: a malformed URL may still hold a password.
      throw new TargetConflictError(
        `${variable} is not a PostgreSQL connection URL (expected postgresql://user:password@host:port/database)`,
      );
    }
  }
  if (!/^postgres(ql)?:$/.test(u.protocol))
    throw new TargetConflictError(`${variable} must be a postgresql:// URL, got ${u.protocol}//...`);
  const encodedPath = u.pathname.replace(/^\//, "");
  // node-postgres decodes the path with decodeURI, libpq decodes every escape: they differ on %2F, %23...
  if (decodeURI(encodedPath) !== decodeURIComponent(encodedPath))
    throw new TargetConflictError(
      `${variable}: the database name "${encodedPath}" has escapes node-postgres and libpq decode differently`,
    );
  return {
    host: noHost ? "" : decodeURIComponent(u.hostname.replace(/^\[(.+)\]$/, "$1")),
    port: u.port,
    database: decodeURIComponent(encodedPath),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    query: u.searchParams,
  };
}

/** Refuses each target-choosing query parameter unless it only repeats (or, for sockets, supplies) the URL's part. */
function applyTargetParams(parts: UrlParts, variable: string): UrlParts {
  const resolved = { ...parts };
  const refuse = (why: string) => {
    throw new TargetConflictError(
      `${variable}: ${why}; put the target in the URL itself (postgresql://user@host:port/database) and remove the parameter`,
    );
  };
  for (const key of new Set(parts.query.keys())) {
    if (!TARGET_PARAMS.has(key)) continue;
    const values = parts.query.getAll(key);
    if (values.length > 1) refuse(`?${key}= is given ${values.length} times`);
    const value = values[0]!;
    switch (key) {
      case "host":
        if (value === "")
          refuse(
            `an empty ?host= means the local Unix socket to libpq (psql, pg_dump) but host "${parts.host || "localhost"}" to node-postgres`,
          );
        if (parts.host === "" && value.startsWith("/")) resolved.host = value;
        else if (value !== parts.host) refuse(`?host=${value} contradicts the URL's host "${parts.host}"`);
        break;
      case "port":
        if (!/^\d+$/.test(value)) refuse(`?port=${value} is not a port number`);
        if (parts.port === "") resolved.port = value;
        else if (value !== parts.port) refuse(`?port=${value} contradicts the URL's port ${parts.port}`);
        break;
      case "user":
        if (value === "") refuse(`an empty ?user= is read differently by node-postgres and libpq`);
        if (parts.user === "") resolved.user = value;
        else if (value !== parts.user) refuse(`?user=${value} contradicts the URL's user "${parts.user}"`);
        break;
      case "dbname":
        if (value !== parts.database)
          refuse(
            `?dbname=${value} contradicts the URL's database "${parts.database}" (libpq tools would use ${value || "the default"}, node-postgres ${parts.database || "the default"})`,
          );
        break;
      case "database":
        refuse(`?database= is not a libpq parameter (node-postgres ignores it, libpq tools fail on it)`);
        break;
      case "hostaddr":
        refuse(
          `?hostaddr=${value} makes libpq tools connect to ${value || "nowhere"} while node-postgres connects to "${parts.host || "localhost"}"`,
        );
        break;
      case "service":
        refuse(`?service=${value} makes libpq tools read a service file that node-postgres never reads`);
    }
  }
  return resolved;
}

/** Refuses a `PG*` variable that would fill in a part the URL leaves out, or redirect libpq whatever the URL says. */
function checkEnvironment(parts: UrlParts, env: NodeJS.ProcessEnv, variable: string): string[] {
  const refuse = (name: string, why: string) => {
    throw new TargetConflictError(
      `${name}=${env[name]} is set and ${why}; unset it, or write that part into ${variable} explicitly`,
    );
  };
  if (env.PGHOSTADDR)
    refuse("PGHOSTADDR", "libpq tools connect to it whatever host the URL names (node-postgres ignores it)");
  if (env.PGSERVICE) refuse("PGSERVICE", "libpq tools read its service-file entry (node-postgres does not)");
  const fills: [string, keyof UrlParts][] = [
    ["PGHOST", "host"],
    ["PGPORT", "port"],
    ["PGDATABASE", "database"],
    ["PGUSER", "user"],
  ];
  const ignored: string[] = [];
  for (const [name, part] of fills) {
    if (!env[name]) continue;
    if (parts[part] === "") refuse(name, `would supply the ${part} the URL leaves out`);
    if (env[name] !== parts[part]) ignored.push(name);
  }
  return ignored;
}

/** The URL with every part written out; a socket directory goes percent-encoded in the host. */
function canonicalUrl(target: Omit<ResolvedTarget, "url" | "ignoredEnv">): string {
  const auth = `${encodeURIComponent(target.user)}${target.password ? `:${encodeURIComponent(target.password)}` : ""}`;
  const host = target.host.startsWith("/")
    ? encodeURIComponent(target.host)
    : target.host.includes(":")
      ? `[${target.host}]`
      : target.host;
  const query = new URLSearchParams(target.params).toString();
  return `postgresql://${auth}@${host}:${target.port}/${encodeURIComponent(target.database)}${query ? `?${query}` : ""}`;
}

/**
 * Resolves `url` (read from the variable named `variable`, for messages) against `env`, or throws
 * {@link TargetConflictError} with a one-line reason when node-postgres and libpq could disagree.
 * Defaults, when neither the URL nor a variable names a part: host `localhost` (node-postgres'
 * choice; libpq tools then get it explicitly), port 5432, user `$USER` (else the OS user),
 * database = the user.
 */
export function resolveConnectionTarget(
  url: string,
  env: NodeJS.ProcessEnv,
  variable = "DATABASE_URL",
): ResolvedTarget {
  const parts = applyTargetParams(splitUrl(url, variable), variable);
  if (parts.host.includes(","))
    throw new TargetConflictError(
      `${variable} names several hosts; libpq tries them in turn, node-postgres cannot: name one`,
    );
  const ignoredEnv = checkEnvironment(parts, env, variable);
  const user = parts.user || env.USER || userInfo().username;
  const base = {
    host: parts.host || "localhost",
    port: Number(parts.port || 5432),
    database: parts.database || user,
    user,
    password: parts.password,
    params: [...parts.query.entries()].filter(([key]) => !TARGET_PARAMS.has(key)),
  };
  return { ...base, url: canonicalUrl(base), ignoredEnv };
}
