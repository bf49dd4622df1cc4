/**
 * The PostgreSQL client programs (`pg_dump`, `pg_restore`, `psql`) when they are on the PATH, and
 * how to hand them a connection without putting the password on their command line.
 */
import { spawn, spawnSync } from "node:child_process";
import { resolveConnectionTarget } from "../db/connection-target.ts";

/** A client program's major version, or `undefined` when it is not on the PATH. */
export function clientMajorVersion(
  program: "pg_dump" | "pg_restore" | "psql",
): { major: number; version: string } | undefined {
  const result = spawnSync(program, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(result.stdout);
  return match ? { major: Number(match[1]), version: result.stdout.trim() } : undefined;
}

/**
 * Connection parameters libpq understands that do not choose the target, passed on to the tools.
 * Everything else in a URL is dropped: Prisma's own parameters (`schema`, `connection_limit`,
 * `pgbouncer`, `pool_timeout`, `socket_timeout`, `statement_cache_size`, `sslaccept`, ...) make
 * libpq fail with "invalid URI query parameter", and node-postgres-only ones mean nothing to it.
 */
const LIBPQ_PASSTHROUGH = new Set([
  "sslmode",
  "sslcert",
  "sslkey",
  "sslrootcert",
  "sslcrl",
  "sslpassword",
  "connect_timeout",
  "application_name",
  "options",
  "channel_binding",
  "gssencmode",
  "target_session_attrs",
  "keepalives",
  "keepalives_idle",
  "keepalives_interval",
  "keepalives_count",
  "tcp_user_timeout",
]);

/** node-postgres' `sslmode` values that libpq does not have, and libpq's nearest equivalent. */
const SSLMODE_FOR_LIBPQ: Record<string, string> = { "no-verify": "require" };

/**
 * Environment variables a tool may inherit: PATH, HOME (~/.pgpass, client certificates), locale.
 * No `PG*` variable gets through: the URL alone decides where the tool connects.
 */
const INHERITED = ["PATH", "HOME", "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "TZ", "TMPDIR", "SYSTEMROOT"];

/** A conninfo value in single quotes, as libpq reads them. */
function conninfoValue(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/**
 * How to hand a tool (`pg_dump`, `pg_restore`, `psql`) the connection at `url`: `dbname` is a
 * conninfo string naming host, port, database and user explicitly (for `--dbname=`), with the
 * Prisma-style parameters translated or dropped ({@link LIBPQ_PASSTHROUGH}); `env` is a clean
 * environment (no inherited `PG*` variable can fill in or redirect anything: `PGHOSTADDR`,
 * `PGSERVICE`, `PGOPTIONS`...) carrying the password as `PGPASSWORD`, so it does not show in `ps`.
 * `url` should be a guard's resolved URL (every part explicit); it is resolved again here with an
 * empty environment, so nothing but the URL decides.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv; dropped: string[] } {
  const target = resolveConnectionTarget(url, {});
  const pairs: [string, string][] = [
    ["host", target.host],
    ["port", String(target.port)],
    ["dbname", target.database],
    ["user", target.user],
  ];
  const dropped: string[] = [];
  for (const [key, value] of target.params) {
    if (!LIBPQ_PASSTHROUGH.has(key)) dropped.push(key);
    else pairs.push([key, key === "sslmode" ? (SSLMODE_FOR_LIBPQ[value] ?? value) : value]);
  }
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name];
  if (target.password) env.PGPASSWORD = target.password;
  // Without a service named, libpq reads no service file; pointing these nowhere makes sure of it.
  env.PGSERVICEFILE = "/nonexistent/orm-switch-no-pg-service.conf";
  env.PGSYSCONFDIR = "/nonexistent/orm-switch-no-pg-sysconf";
  return { dbname: pairs.map(([k, v]) => `${k}=${conninfoValue(v)}`).join(" "), env, dropped };
}

/** Runs a program to completion; rejects with its stderr when it exits non-zero. */
export function run(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${program} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}
