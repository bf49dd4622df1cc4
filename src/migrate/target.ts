/**
 * Which database a writing command is about to touch, and whether it may.
 *
 * The incidents this project answers include `migrate deploy` and `db push` run against the wrong
 * database. Every writing command therefore prints a banner naming the target first
 * ({@link formatBanner}), and refuses production-like targets unless `--yes` was given
 * ({@link assertMayWrite}). There is deliberately no interactive prompt: CI jobs and agents run
 * without a terminal, and a prompt they cannot answer teaches people to pipe `yes` into it.
 *
 * ## When a target is production-like (any one rule is enough; every rule that fired is listed)
 * 1. **Environment**: `APP_ENV` (or, when unset, `NODE_ENV`) is `production`, `prod`, `live`,
 *    `staging` or `stage`. Staging counts: it is shared, and losing its data stops a team.
 * 2. **Configured list**: the host (or `host/database`) matches an entry of the comma-separated
 *    `ORM_SWITCH_PRODUCTION_HOSTS` or of `productionTargets` in `orm-switch.config.json` (in the
 *    current directory). Entries: `db.example.com`, `*.example.com`, `db.example.com/app`.
 * 3. **Database name** says so: `prod`, `production` or `live` as a `_`/`-` separated word
 *    (`app_production`, `prod-main`).
 * 4. **Managed-host pattern**: the host belongs to a hosted PostgreSQL provider (Neon, AWS RDS /
 *    Aurora, Supabase, Render, Railway, Azure, DigitalOcean, Aiven, Heroku, Crunchy Bridge,
 *    Google Cloud SQL) or has a `prod`/`production` label (`db.prod.example.com`, `prod-db.internal`).
 * 5. **Remote host**: any host that is not this machine (`localhost`, `127.0.0.0/8`, `::1`, a Unix
 *    socket), or a local host name whose server says it answered on another machine's address or
 *    another port ({@link confirmWithServer}: a tunnel or forwarded port). A database on another
 *    machine is assumed to be shared until someone says otherwise.
 *
 * The host and database judged are the ones the URL really resolves to (query parameters and `PG*`
 * variables included, `src/db/connection-target.ts`), confirmed by the server after connecting
 * (`src/migrate/guard.ts` runs the whole sequence for every command).
 *
 * Rules 4 and 5 (the guesses from the host name) are waived for hosts listed in
 * `ORM_SWITCH_SAFE_HOSTS` or `safeTargets` in `orm-switch.config.json` (same entry syntax), e.g. a
 * CI service container or a personal dev branch. Rules 1–3 are statements, not guesses, and are
 * never waived.
 *
 * A target is a **disposable test database** when it is on this machine and its name marks it as a
 * test database (`isTestDatabaseName`: `..._test_...`, `..._tmp`, `scratch`). Only those may be
 * reset freely (`db:push`).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveConnectionTarget, TargetConflictError } from "../db/connection-target.ts";
import { isThisMachineAddress, type ServerIdentity } from "../db/server-identity.ts";
import { isTestDatabaseName } from "../db/test-database.ts";
import { redactUrl } from "../db/urls.ts";

/** Everything a banner and a guard need to know about a target database. */
export interface TargetInfo {
  /**
   * The resolved URL with host, port, database and user written out (may contain a password: never
   * print it, print {@link redacted}). Every connection of the command uses this one.
   */
  url: string;
  /** The variable the URL came from (`DIRECT_DATABASE_URL`, `DATABASE_URL`, ...), for messages. */
  source: string;
  /** The URL with its password replaced by `***`. */
  redacted: string;
  host: string;
  port: string;
  database: string;
  user: string;
  /**
   * The schema the command works in: Prisma's `?schema=` parameter, else `public`. The server must
   * agree ({@link confirmWithServer}): a search_path set elsewhere would move every write.
   */
  schema: string;
  /** `APP_ENV` ?? `NODE_ENV` ?? `"unset"`. */
  environment: string;
  /** True when any rule in this module's documentation says the target is production-like. */
  productionLike: boolean;
  /** One line per rule that made the target production-like (empty when it is not). */
  reasons: string[];
  /** A local test database: local host AND a test-like name (`isTestDatabaseName`). */
  disposableTest: boolean;
  /** What the server said once connected ({@link confirmWithServer}); absent before that. */
  server?: ServerIdentity;
  /** `PG*` variables that are set but not used because the URL names that part (banner notes). */
  ignoredEnv: string[];
}

/** Raised by {@link assertMayWrite}; its message says exactly what to do. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetRefusedError";
  }
}

const PRODUCTION_ENVIRONMENTS = new Set(["production", "prod", "live", "staging", "stage"]);

const PRODUCTION_DATABASE_NAME = /(^|[_-])(prod|production|live)([_-]|$)/i;

/** Hosted PostgreSQL providers, by host suffix. Their databases are someone's real data. */
const MANAGED_HOST_PATTERNS: { pattern: RegExp; provider: string }[] = [
  { pattern: /(^|\.)neon\.tech$/i, provider: "Neon" },
  { pattern: /(^|\.)rds\.amazonaws\.com(\.cn)?$/i, provider: "AWS RDS/Aurora" },
  { pattern: /(^|\.)compute(-1)?\.amazonaws\.com$/i, provider: "AWS EC2/Heroku" },
  { pattern: /(^|\.)supabase\.(co|com)$/i, provider: "Supabase" },
  { pattern: /(^|\.)render\.com$/i, provider: "Render" },
  { pattern: /(^|\.)(railway\.app|railway\.internal|rlwy\.net)$/i, provider: "Railway" },
  { pattern: /(^|\.)postgres\.database\.azure\.com$/i, provider: "Azure Database for PostgreSQL" },
  { pattern: /(^|\.)db\.ondigitalocean\.com$/i, provider: "DigitalOcean" },
  { pattern: /(^|\.)aivencloud\.com$/i, provider: "Aiven" },
  { pattern: /(^|\.)postgresbridge\.com$/i, provider: "Crunchy Bridge" },
  { pattern: /^\/cloudsql\//i, provider: "Google Cloud SQL (socket)" },
];

/** A `prod`/`production` label in a host name: `db.prod.example.com`, `prod-db.internal`. */
const PRODUCTION_HOST_LABEL = /(^|[.-])(prod|production)([.-]|$)/i;

const CONFIG_FILE = "orm-switch.config.json";

interface TargetLists {
  production: string[];
  safe: string[];
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads `productionTargets` / `safeTargets` from `orm-switch.config.json`; a broken file is an error, not silence. */
function readConfigLists(cwd: string): TargetLists {
  const path = join(cwd, CONFIG_FILE);
  if (!existsSync(path)) return { production: [], safe: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const pick = (key: string): string[] => {
    const value = (parsed as Record<string, unknown> | null)?.[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      throw new Error(`${path}: "${key}" must be an array of host names (e.g. ["db.example.com", "*.internal"])`);
    }
    return value;
  };
  return { production: pick("productionTargets"), safe: pick("safeTargets") };
}

/** True when `entry` (`host`, `*.suffix`, or `host/database`) names this host (and database). */
function entryMatches(entry: string, host: string, database: string): boolean {
  const [hostPart, dbPart] = entry.toLowerCase().split("/", 2) as [string, string | undefined];
  if (dbPart !== undefined && dbPart !== database.toLowerCase()) return false;
  const h = host.toLowerCase();
  if (hostPart.startsWith("*.")) return h.endsWith(hostPart.slice(1)) || h === hostPart.slice(2);
  return h === hostPart;
}

/** This machine: loopback names and addresses, or a Unix socket (empty host or a path). */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    h === "" ||
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(h) ||
    h === "::1" ||
    h.startsWith("/")
  );
}

/**
 * Describes the target at `url` (read from the variable `source`) and decides whether it is
 * production-like (rules in this module's documentation). `env` defaults to `process.env`; the
 * config file is read from the current directory. The URL is resolved as node-postgres and libpq
 * would resolve it (`resolveConnectionTarget`); a URL or environment on which they could disagree
 * is refused with {@link TargetRefusedError}.
 */
export function describeTarget(url: string, env: NodeJS.ProcessEnv = process.env, source = "DATABASE_URL"): TargetInfo {
  let resolved: ReturnType<typeof resolveConnectionTarget>;
  try {
    resolved = resolveConnectionTarget(url, env, source);
  } catch (error) {
    if (error instanceof TargetConflictError) throw new TargetRefusedError(error.message);
    throw error;
  }
  const environment = env.APP_ENV || env.NODE_ENV || "unset";
  const { host, database } = resolved;
  const reasons = [...statedReasons(env, environment, host, database), ...hostGuesses(env, host, database)];
  return {
    url: resolved.url,
    source,
    redacted: redactUrl(resolved.url),
    host,
    port: String(resolved.port),
    database,
    user: resolved.user,
    schema: resolved.params.find(([key]) => key === "schema")?.[1] || "public",
    environment,
    productionLike: reasons.length > 0,
    reasons,
    disposableTest: isLocalHost(host) && isTestDatabaseName(database),
    ignoredEnv: resolved.ignoredEnv,
  };
}

/** Rules 1–3: statements about the target, never waived. */
function statedReasons(env: NodeJS.ProcessEnv, environment: string, host: string, database: string): string[] {
  const reasons: string[] = [];
  if (PRODUCTION_ENVIRONMENTS.has(environment.toLowerCase())) {
    reasons.push(`environment is "${environment}" (${env.APP_ENV ? "APP_ENV" : "NODE_ENV"})`);
  }
  const production = [...splitList(env.ORM_SWITCH_PRODUCTION_HOSTS), ...readConfigLists(process.cwd()).production];
  const listed = production.find((e) => entryMatches(e, host, database));
  if (listed)
    reasons.push(`host matches "${listed}" in ORM_SWITCH_PRODUCTION_HOSTS / ${CONFIG_FILE} productionTargets`);
  if (PRODUCTION_DATABASE_NAME.test(database)) reasons.push(`database name "${database}" says production`);
  return reasons;
}

/** True when `ORM_SWITCH_SAFE_HOSTS` / `safeTargets` lists the target (waives rules 4 and 5). */
function isListedSafe(env: NodeJS.ProcessEnv, host: string, database: string): boolean {
  const safe = [...splitList(env.ORM_SWITCH_SAFE_HOSTS), ...readConfigLists(process.cwd()).safe];
  return safe.some((e) => entryMatches(e, host, database));
}

/** Rules 4–5: guesses from the host name, waived for listed safe hosts. */
function hostGuesses(env: NodeJS.ProcessEnv, host: string, database: string): string[] {
  if (isListedSafe(env, host, database)) return [];
  const reasons: string[] = [];
  const managed = MANAGED_HOST_PATTERNS.find((m) => m.pattern.test(host));
  if (managed) reasons.push(`host ${host} is a hosted PostgreSQL (${managed.provider})`);
  else if (PRODUCTION_HOST_LABEL.test(host)) reasons.push(`host name ${host} says production`);
  if (!isLocalHost(host))
    reasons.push(`host ${host} is not this machine (list it in ORM_SWITCH_SAFE_HOSTS if it is a disposable server)`);
  return reasons;
}

/**
 * Judges the target by what the server said once connected. The database and user the server names
 * must be the ones resolved from the URL (a pooler alias, `PGOPTIONS=-c role=...` and the like make
 * them differ): otherwise {@link TargetRefusedError}. A "local" host whose server answers on an
 * address that is not this machine's, or on another port (an SSH tunnel, a forwarded port), is not
 * this machine: rule 5 then applies (unless the host is listed safe) and it is no disposable test
 * database.
 */
export function confirmWithServer(
  target: TargetInfo,
  server: ServerIdentity,
  env: NodeJS.ProcessEnv = process.env,
): TargetInfo {
  const mismatches: string[] = [];
  if (server.database !== target.database) mismatches.push(`database "${server.database}", not "${target.database}"`);
  if (server.user !== target.user) mismatches.push(`user "${server.user}", not "${target.user}"`);
  if (mismatches.length) {
    throw new TargetRefusedError(
      `the server says this connection reached ${mismatches.join(" and ")} as resolved from ${target.source}; nothing was written. Fix ${target.source} (or the pooler / PGOPTIONS setting that redirects it).`,
    );
  }
  assertSameSchema(target, server);
  const where = `${server.address ?? "Unix socket"}:${server.port}`;
  const forwarded =
    isLocalHost(target.host) && (!isThisMachineAddress(server.address) || server.port !== Number(target.port));
  const reasons = [...target.reasons];
  if (forwarded && !isListedSafe(env, target.host, target.database)) {
    reasons.push(
      `the server answers on ${where}, not this machine's ${target.host}:${target.port} (a tunnel or forwarded port may lead anywhere)`,
    );
  }
  return {
    ...target,
    server,
    reasons,
    productionLike: reasons.length > 0,
    disposableTest: target.disposableTest && !forwarded,
  };
}

/**
 * Refuses when unqualified names on this connection resolve to another schema than the one the
 * banner names: `PGOPTIONS` or `?options=-c search_path=...` (which node-postgres and libpq both
 * send), or a role's or database's `search_path` setting, would otherwise put every table, history
 * row and restored row into that schema while the banner says `public`.
 */
function assertSameSchema(target: TargetInfo, server: ServerIdentity): void {
  if (server.schema === target.schema) return;
  const where =
    server.schema === null ? "no schema at all (none on its search_path exists)" : `schema "${server.schema}"`;
  throw new TargetRefusedError(
    `the server says unqualified names on this connection resolve to ${where}, not "${target.schema}" (${target.schema === "public" ? "the default" : "?schema= in " + target.source}); a search_path from PGOPTIONS, ?options=, or a role or database setting would move every write there. Nothing was written. Unset it, or name that schema with ?schema= if it is the one you mean.`,
  );
}

/** A multi-line banner naming the target, printed by every command before it touches anything. */
export function formatBanner(command: string, target: TargetInfo): string {
  const lines = [
    `── ${command} ──────────────────────────────────────────`,
    `  from:            ${target.source}`,
    `  host:            ${target.host}:${target.port}`,
    `  database:        ${target.database}`,
    `  user:            ${target.user}`,
    `  schema:          ${target.schema}`,
    target.server
      ? `  server says:     database ${target.server.database}, user ${target.server.user}, at ${target.server.address ?? "Unix socket"}:${target.server.port} (PostgreSQL ${target.server.version})`
      : `  server says:     (not connected)`,
    `  environment:     ${target.environment}`,
    `  production-like: ${target.productionLike ? "YES" : "no"}`,
  ];
  for (const reason of target.reasons) lines.push(`    - ${reason}`);
  if (target.disposableTest) lines.push(`  disposable local test database`);
  if (target.ignoredEnv.length)
    lines.push(`  note: ${target.ignoredEnv.join(", ")} set but not used (${target.source} names that part)`);
  return lines.join("\n");
}

/**
 * Throws {@link TargetRefusedError} (its message says what to do) when the target is
 * production-like and `options.yes` is false. Production-like with `yes` passes, as does anything
 * not production-like. There is no interactive confirmation: non-interactive shells and agents must
 * pass `--yes` explicitly, after reading the banner. The message carries no command prefix: the
 * command prints `<command>: refused: <message>` ({@link refusalLine}).
 */
export function assertMayWrite(target: TargetInfo, options: { yes: boolean; command: string }): void {
  if (!target.productionLike || options.yes) return;
  throw new TargetRefusedError(
    [
      `not writing to ${target.user}@${target.host}:${target.port}/${target.database}: it looks production-like:`,
      ...target.reasons.map((r) => `  - ${r}`),
      `If this is the database you mean, run again with --yes: npm run ${options.command} -- --yes`,
      `Otherwise point ${/^[A-Z_]+$/.test(target.source) ? target.source : "DATABASE_URL"} at the right database (a local test database needs no --yes).`,
    ].join("\n"),
  );
}

/** How every command prints a refusal: one prefix, never two. */
export function refusalLine(command: string, error: TargetRefusedError): string {
  return `${command}: refused: ${error.message}`;
}
