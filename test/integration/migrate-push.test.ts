/**
 * `db:push` (the script, spawned as a user runs it): refused for a database that is not named as a
 * test database, for a remote host and for a production-like environment, each time naming the
 * migration commands to use instead; accepted on a disposable local test database, where it
 * applies prisma/migrations.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { withDatabaseName } from "../../src/db/urls.ts";

const serverUrl = inject("pgServerUrl");
const ROOT = resolve(import.meta.dirname, "../..");
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropTestDatabase(serverUrl, name);
});

/** Runs `scripts/db-push.ts` with tsx in a child process; resolves with its exit code and output. */
function dbPush(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const { DATABASE_URL: _url, APP_ENV: _app, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db-push.ts", ...args], {
      cwd: ROOT,
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function emptyTestDatabase(): Promise<string> {
  const name = uniqueTestDatabaseName("orm_switch_push_test");
  created.push(name);
  return createDatabase(serverUrl, name);
}

async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    return rows.map((r) => r.t);
  } finally {
    await client.end();
  }
}

const INSTEAD = ["npm run db:migrate:new -- <name>", "npm run db:migrate:apply"];

describe("db:push", () => {
  it("refuses a database whose name does not say it is a test database, and names the commands to use", async () => {
    // Refused before any connection is made: the database need not (and does not) exist.
    const run = await dbPush([], { DATABASE_URL: withDatabaseName(serverUrl, "orm_switch_push_guard_app") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`database "orm_switch_push_guard_app" is not named as a test database`);
    for (const command of INSTEAD) expect(run.stderr).toContain(command);
    expect(run.stderr).toContain("host:            127.0.0.1");
  });

  it("refuses a remote host even when the database name is test-like", async () => {
    const run = await dbPush([], {
      DATABASE_URL: "postgresql://u:p@ep-quiet-sky-123.eu-central-1.aws.neon.tech/app_test",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("host ep-quiet-sky-123.eu-central-1.aws.neon.tech is not this machine");
    expect(run.stderr).toContain("Neon");
    expect(run.stderr).not.toContain(":p@");
  });

  it("refuses a disposable test database when the environment says production, and touches nothing", async () => {
    const url = await emptyTestDatabase();
    const run = await dbPush([], { DATABASE_URL: url, APP_ENV: "production" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`it looks production-like: environment is "production" (APP_ENV)`);
    for (const command of INSTEAD) expect(run.stderr).toContain(command);
    expect(await publicTables(url)).toEqual([]);
  });

  it("applies prisma/migrations to a disposable local test database and says so", async () => {
    const url = await emptyTestDatabase();
    const run = await dbPush([], { DATABASE_URL: url });
    expect(run.stderr).toContain("disposable local test database");
    expect(run.stdout).toContain("applying prisma/migrations");
    expect(run.stdout).toMatch(/applied 1 migration\(s\): \d+_init/);
    expect(run.code).toBe(0);
    expect(await publicTables(url)).toEqual([
      "_prisma_migrations",
      "audit_logs",
      "downloads",
      "memberships",
      "organizations",
      "projects",
      "sessions",
      "tasks",
      "users",
    ]);
    const again = await dbPush([], { DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("no pending migrations");
  });

  it("with DATABASE_URL unset, applies the migrations to a new test database on a throwaway embedded server", async () => {
    const run = await dbPush([], {});
    expect(run.stderr).toContain("db:push (throwaway embedded PostgreSQL)");
    expect(run.stdout).toMatch(/applied 1 migration\(s\): \d+_init/);
    expect(run.code).toBe(0);
  });

  it("has --help and rejects unknown options with exit 2", async () => {
    const help = await dbPush(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: npm run db:push");
    const bad = await dbPush(["--force"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--force");
  });
});
