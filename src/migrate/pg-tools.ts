/**
 * The PostgreSQL client programs (`pg_dump`, `pg_restore`, `psql`) when they are on the PATH, and
 * how to hand them a connection without putting the password on their command line.
 */
import { spawn, spawnSync } from "node:child_process";

/** A client program's major version, or `undefined` when it is not on the PATH. */
export function clientMajorVersion(program: "pg_dump" | "pg_restore" | "psql"): { major: number; version: string } | undefined {
  const result = spawnSync(program, ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(result.stdout);
  return match ? { major: Number(match[1]), version: result.stdout.trim() } : undefined;
}

/**
 * The URL without its password, and an environment carrying the password as `PGPASSWORD`, so the
 * password does not show in `ps` output.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

/** Runs a program to completion; rejects with its stderr when it exits non-zero. */
export function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${program} exited with ${code}: ${stderr.trim()}`))));
  });
}
