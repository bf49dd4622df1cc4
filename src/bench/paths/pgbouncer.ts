/**
 * A private pgbouncer in transaction mode (what Neon's pooled `-pooler` URLs and `?pgbouncer=true`
 * deployments run), started from Debian's binary in a temporary directory and stopped again.
 *
 * - Clients authenticate with `auth_type = trust` against a generated `auth_file` (trust still
 *   requires the user to be listed); pgbouncer logs in to PostgreSQL with the credentials of the
 *   database URL, written into the `[databases]` entry.
 * - pgbouncer refuses to run as root. When this process is root, it is started with `-u <user>`
 *   (`postgres` when that OS user exists, else `nobody`), and its temp directory is made readable to
 *   that user. The directory holds the database password: it is private to the benchmark run and
 *   deleted on close.
 * - No unix socket (`unix_socket_dir` empty), listening on 127.0.0.1 only, on a free port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { access, chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../db/embedded.ts";
import { type Endpoint, PathUnavailableError } from "./types.ts";

/** Where Debian installs pgbouncer; PGBOUNCER_BIN overrides it. */
const DEFAULT_PGBOUNCER_BIN = "/usr/sbin/pgbouncer";

/** A running private pgbouncer. */
export interface PgBouncer {
  readonly endpoint: Endpoint;
  /** `pgbouncer --version`'s first line, for reports. */
  readonly version: string;
  /** Stops pgbouncer (SIGTERM: immediate shutdown, open client connections are closed) and deletes its directory. */
  close(): Promise<void>;
}

/** A pgbouncer connection-string value, quoted when it needs to be. */
function iniValue(value: string): string {
  return /^[A-Za-z0-9_.\-/]+$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

/** The `"user" "password"` line of an auth_file. */
function authFileLine(user: string, password: string): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `${q(user)} ${q(password)}\n`;
}

/** The OS user pgbouncer switches to when started as root. */
async function unprivilegedUser(): Promise<string> {
  const passwd = await readFile("/etc/passwd", "utf8").catch(() => "");
  return /^postgres:/m.test(passwd) ? "postgres" : "nobody";
}

async function waitForPort(
  endpoint: Endpoint,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`pgbouncer exited (${child.exitCode ?? child.signalCode}): ${output().trim()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(endpoint.port, endpoint.host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > deadline)
      throw new Error(
        `pgbouncer did not listen on ${endpoint.host}:${endpoint.port} within ${timeoutMs} ms: ${output().trim()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts pgbouncer in front of the server of `databaseUrl`.
 * @throws PathUnavailableError when pgbouncer is not installed or does not start.
 */
export async function startPgBouncer(databaseUrl: string, options: { bin?: string } = {}): Promise<PgBouncer> {
  const bin = options.bin ?? process.env.PGBOUNCER_BIN ?? DEFAULT_PGBOUNCER_BIN;
  try {
    await access(bin);
  } catch {
    throw new PathUnavailableError(
      "pgbouncer",
      `pgbouncer is not installed at ${bin} (apt-get install pgbouncer, or set PGBOUNCER_BIN)`,
    );
  }
  const url = new URL(databaseUrl);
  const user = decodeURIComponent(url.username) || "postgres";
  const password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.slice(1)) || user;
  const serverPort = url.port || "5432";
  const serverHost = url.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1";

  const dir = await mkdtemp(join(tmpdir(), "orm-switch-pgbouncer-"));
  const port = await freePort();
  const target = [
    `host=${iniValue(serverHost)}`,
    `port=${serverPort}`,
    `user=${iniValue(user)}`,
    ...(password ? [`password=${iniValue(password)}`] : []),
  ].join(" ");
  const ini = [
    "[databases]",
    `${iniValue(database)} = ${target} dbname=${iniValue(database)}`,
    // Other databases of the same server too (tests and the runner may use several).
    `* = ${target}`,
    "",
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${join(dir, "userlist.txt")}`,
    "pool_mode = transaction",
    "max_client_conn = 500",
    "default_pool_size = 20",
    // Startup parameters pgbouncer does not track; drivers may send them.
    "ignore_startup_parameters = extra_float_digits,options",
    "",
  ].join("\n");
  await writeFile(join(dir, "pgbouncer.ini"), ini);
  await writeFile(join(dir, "userlist.txt"), authFileLine(user, password));

  const args: string[] = [];
  if (process.getuid?.() === 0) {
    // pgbouncer refuses to run as root; -u makes it drop to an unprivileged user after start-up.
    args.push("-u", await unprivilegedUser());
    await chmod(dir, 0o755);
  }
  args.push(join(dir, "pgbouncer.ini"));

  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const spawnFailed = new Promise<never>((_, reject) => child.once("error", reject));
  const endpoint = { host: "127.0.0.1", port };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      // SIGINT would be pgbouncer's "safe" shutdown, which waits for clients still connected.
      child.kill("SIGTERM");
      const stuck = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(stuck);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitForPort(endpoint, child, () => output, 10_000), spawnFailed]);
  } catch (error) {
    await stop();
    throw new PathUnavailableError(
      "pgbouncer",
      `pgbouncer did not start: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const version = await new Promise<string>((resolve) => {
    const v = spawn(bin, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    let text = "";
    v.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    v.on("close", () => resolve(text.split("\n")[0]?.trim() || "pgbouncer"));
    v.on("error", () => resolve("pgbouncer"));
  });
  return { endpoint, version, close: stop };
}
