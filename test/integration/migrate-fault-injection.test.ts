/**
 * Fault injection: `db:migrate:apply` runs in a child process that is SIGKILLed at a known point
 * (the test-only pause hook, src/migrate/engine/pause-hook.ts, or a pg_sleep inside the migration),
 * then `db:migrate:status` must say what really happened (compared with what is really in the
 * database), and running the command it prints must end in a clean status with no data lost.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import pg from "pg";
import { runApplyCli } from "../../src/migrate/cli/apply.ts";
import { runStatusCli } from "../../src/migrate/cli/status.ts";
import { runResolveCli } from "../../src/migrate/cli/resolve.ts";
import { PAUSE_ENV, type PausePoint } from "../../src/migrate/engine/pause-hook.ts";
import { serverShadow } from "../../src/migrate/engine/shadow.ts";
import {
  formatStatus,
  readMigrationStatus,
  STATUS_EXIT,
  statusExitCode,
  type MigrationStatus,
} from "../../src/migrate/status.ts";
import { useScratchProjects, type ScratchProject } from "../support/migration-project.ts";
import { queryOnce as sql, useEmptyDatabases } from "../support/scratch-databases.ts";

const serverUrl = inject("pgServerUrl");
const shadow = serverShadow(serverUrl);
const emptyDatabase = useEmptyDatabases();
const project = useScratchProjects();
const ROOT = resolve(import.meta.dirname, "../..");
const NAME = "20990101000000_expand";
const backupRoot = await mkdtemp(join(tmpdir(), "orm-switch-fault-backups-"));
afterAll(() => rm(backupRoot, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbName = (url: string) => new URL(url).pathname.slice(1);

/** A database with the init migration and 25 users, and a project with one more migration. */
async function setUp(migration: string): Promise<{ url: string; scratch: ScratchProject }> {
  const url = await emptyDatabase();
  await applyMigrationsPlain(url);
  await sql(
    url,
    `INSERT INTO "users" (id, email, name, updated_at) SELECT 'u' || i, 'u' || i || '@example.com', 'User ' || i, now() FROM generate_series(1, 25) i`,
  );
  const scratch = await project();
  await scratch.addMigration(NAME, migration);
  return { url, scratch };
}

const EXPAND = `ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nCREATE TABLE "fault_marker" ("id" INTEGER PRIMARY KEY);\n`;

const DATA_ONLY = `UPDATE "users" SET "name" = 'renamed ' || "id";\n`;
const renamedUsers = async (url: string) =>
  Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM "users" WHERE "name" LIKE 'renamed %'`))[0]!.n);

/** `db:migrate:apply` in a child process (plain node with tsx's loader: one process to kill). */
function startApply(
  url: string,
  scratch: ScratchProject,
  pauseAt?: PausePoint,
): { child: ChildProcess; stderr: () => string } {
  let text = "";
  const env = { ...process.env, DATABASE_URL: url, DIRECT_DATABASE_URL: "", [PAUSE_ENV]: pauseAt ?? "" };
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/db-migrate-apply.ts",
      "--yes",
      "--no-backup",
      "--schema",
      scratch.schemaPath,
      "--migrations",
      scratch.migrationsDir,
    ],
    { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { child, stderr: () => text };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** Waits until the server has ended every session the killed process left (it notices the closed socket). */
async function waitForOrphans(url: string): Promise<void> {
  await waitFor(
    "the killed run's sessions to end",
    async () => (await sql(serverUrl, `SELECT 1 FROM pg_stat_activity WHERE datname = $1`, [dbName(url)])).length === 0,
    40_000,
  );
}

const hasMarker = async (url: string) =>
  (await sql<{ t: string | null }>(url, `SELECT to_regclass('fault_marker')::text AS t`))[0]!.t !== null;
const userCount = async (url: string) =>
  Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM "users"`))[0]!.n);

/** The advisory lock key a migration waits on while the test holds it. */
const HOLD_KEY = 4_242_012;

/** Backend pids of sessions on `url` waiting for the test's advisory lock. */
async function heldScripts(url: string): Promise<number[]> {
  const rows = await sql<{ pid: number }>(
    serverUrl,
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE $2 AND pid <> pg_backend_pid()`,
    [dbName(url), `%pg_advisory_xact_lock(${HOLD_KEY})%`],
  );
  return rows.map((r) => r.pid);
}

/** The real `db:migrate:status` command (in process), with its exit code and printed lines. */
async function statusCommand(
  scratch: ScratchProject,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runStatusCli(flagsOf(scratch), env, (l) => lines.push(l));
  return { code, output: lines.join("\n") };
}

/** The `npm run ...` commands under "Next:" in status's output, split as a shell would (single quotes only). */
function printedCommands(output: string): { script: string; args: string[] }[] {
  return [...output.matchAll(/^ {4}npm run (\S+) -- (.+)$/gm)].map(([, script, rest]) => ({
    script: script!,
    args: [...rest!.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!),
  }));
}

/** Runs the printed commands as printed (resolve and apply, in process), then returns the status. */
async function followHint(url: string, scratch: ScratchProject, status: MigrationStatus): Promise<MigrationStatus> {
  const env = { DATABASE_URL: url };
  const out: string[] = [];
  const commands = status.diagnoses.flatMap((d) => d.commands).filter((c) => c.startsWith("npm run "));
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    const [script, ...rest] = command
      .replace(/^npm run /, "")
      .split(" ")
      .filter((w) => w !== "--");
    const args = rest.map((w) => w.replace(/^'(.*)'$/, "$1"));
    const code =
      script === "db:migrate:resolve"
        ? await runResolveCli(args, env, (l) => out.push(l))
        : script === "db:migrate:apply"
          ? await runApplyCli([...args, "--backup-dir", backupRoot], env, (l) => out.push(l))
          : -1;
    expect(code, `${command}\n${out.join("\n")}`).toBe(0);
  }
  return readMigrationStatus(url, await scratch.load(), shadow);
}

const flagsOf = (scratch: ScratchProject) => ["--schema", scratch.schemaPath, "--migrations", scratch.migrationsDir];

/**
 * `migration` set up (see setUp), applied in a child process that is SIGKILLed at `point`; returns
 * the status read once the server has ended the killed run's sessions.
 */
async function killedAt(
  migration: string,
  point: PausePoint,
): Promise<{ url: string; scratch: ScratchProject; status: MigrationStatus }> {
  const { url, scratch } = await setUp(migration);
  const run = startApply(url, scratch, point);
  await waitFor(`the pause at ${point}`, () => run.stderr().includes(`paused at ${point}`)).catch((e: Error) =>
    Promise.reject(new Error(`${e.message}\n${run.stderr()}`)),
  );
  await kill(run.child);
  await waitForOrphans(url);
  return { url, scratch, status: await readMigrationStatus(url, await scratch.load(), shadow, flagsOf(scratch)) };
}

/** Follows the status's printed commands: the history must end clean with no user lost. */
async function expectConverges(url: string, scratch: ScratchProject, status: MigrationStatus): Promise<void> {
  const after = await followHint(url, scratch, status);
  expect(statusExitCode(after), formatStatus(after)).toBe(STATUS_EXIT.ok);
  expect(await userCount(url)).toBe(25);
}

describe("status after apply is killed (fault injection)", () => {
  it.each<[PausePoint, "applied" | "rolled-back"]>([
    ["before-script", "rolled-back"],
    ["after-script", "applied"],
    ["before-finish", "applied"],
  ])(
    "killed at %s: status says %s and its command converges",
    async (point, expected) => {
      const { url, scratch, status } = await killedAt(EXPAND, point);
      expect(status.failed).toEqual([NAME]);
      expect(statusExitCode(status)).toBe(STATUS_EXIT.failed);
      expect(status.diagnoses).toMatchObject([{ name: NAME, verdict: expected }]);
      // The verdict is what is really there.
      expect(await hasMarker(url)).toBe(expected === "applied");
      // Nothing else is called drift: the unfinished migration explains the difference.
      expect(status.drift).toBe("");
      const text = formatStatus(status);
      expect(text).toContain(
        expected === "applied"
          ? `db:migrate:resolve -- --applied ${NAME}`
          : `db:migrate:resolve -- --rolled-back ${NAME}`,
      );
      expect(text).not.toMatch(/were rolled back/);

      await expectConverges(url, scratch, status);
      expect(await hasMarker(url)).toBe(true);
    },
    90_000,
  );

  it.each<[PausePoint, "applied" | "rolled-back"]>([
    ["before-script", "rolled-back"],
    ["after-script", "applied"],
    ["before-finish", "applied"],
  ])(
    "a data-only migration killed at %s: the commit marker decides (%s) and its command converges (audit item 3)",
    async (point, expected) => {
      const { url, scratch, status } = await killedAt(DATA_ONLY, point);
      expect(status.diagnoses).toMatchObject([{ name: NAME, verdict: expected }]);
      expect(await renamedUsers(url)).toBe(expected === "applied" ? 25 : 0);
      expect(formatStatus(status)).toContain(
        `db:migrate:resolve -- --${expected === "applied" ? "applied" : "rolled-back"} ${NAME}`,
      );
      await expectConverges(url, scratch, status);
      expect(await renamedUsers(url)).toBe(25);
    },
    90_000,
  );

  it("a data-only migration with its own COMMIT stays undetermined, and status says precisely why", async () => {
    const { status } = await killedAt(`BEGIN;\n${DATA_ONLY}COMMIT;\n`, "after-script");
    expect(status.diagnoses).toMatchObject([{ name: NAME, verdict: "undetermined" }]);
    expect(formatStatus(status)).toContain("its file manages its own transactions (BEGIN)");
  }, 90_000);

  it("killed mid-script (held on a lock the test controls): the real db:migrate:status exits 6 while the server still runs it, then names the fix, which followed as printed converges (audit item 4)", async () => {
    const { url, scratch } = await setUp(
      `ALTER TABLE "users" ADD COLUMN "nickname" TEXT;\nSELECT pg_advisory_xact_lock(${HOLD_KEY});\nCREATE TABLE "fault_marker" ("id" INTEGER PRIMARY KEY);\n`,
    );
    const holder = new pg.Client({ connectionString: url });
    holder.on("error", () => {});
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(${HOLD_KEY})`);
      const run = startApply(url, scratch);
      await waitFor("the migration to wait on the test's lock", async () => (await heldScripts(url)).length > 0);
      await kill(run.child);
      const env = { DATABASE_URL: url, SHADOW_DATABASE_URL: await emptyDatabase() };
      const during = await statusCommand(scratch, env);
      expect(during.code, during.output).toBe(STATUS_EXIT.inProgress);
      expect(during.output).toContain(`${NAME}: IN PROGRESS`);
      expect(during.output).toMatch(/running: pid \d+ \(orm-switch migrate pid=\d+\) active/);
      expect(during.output).toContain("A migration is being applied right now: wait for that run to finish");
      // Decide the outcome: the orphaned session is ended while it waits, so its transaction rolls back.
      for (const pid of await heldScripts(url)) await sql(serverUrl, `SELECT pg_terminate_backend($1)`, [pid]);
    } finally {
      await holder.end();
    }
    await waitForOrphans(url);
    const env = { DATABASE_URL: url, SHADOW_DATABASE_URL: await emptyDatabase() };
    const failed = await statusCommand(scratch, env);
    expect(failed.code, failed.output).toBe(STATUS_EXIT.failed);
    expect(failed.output).toContain(`${NAME}: its effect is NOT in the database`);
    expect(await hasMarker(url)).toBe(false);
    const printed = printedCommands(failed.output);
    expect(printed.map((c) => c.script)).toEqual(["db:migrate:resolve", "db:migrate:apply"]);
    for (const { script, args } of printed) {
      const out: string[] = [];
      const code =
        script === "db:migrate:resolve"
          ? await runResolveCli(args, env, (l) => out.push(l))
          : await runApplyCli([...args, "--backup-dir", backupRoot], env, (l) => out.push(l));
      expect(code, `${script} ${args.join(" ")}\n${out.join("\n")}`).toBe(0);
    }
    const clean = await statusCommand(scratch, env);
    expect(clean.code, clean.output).toBe(STATUS_EXIT.ok);
    expect(await hasMarker(url)).toBe(true);
    expect(await userCount(url)).toBe(25);
  }, 90_000);

  it("while another apply holds the lock, status says the migration is in progress and by whom", async () => {
    const { url, scratch } = await setUp(EXPAND);
    const run = startApply(url, scratch, "before-script");
    try {
      await waitFor("the pause", () => run.stderr().includes("paused at before-script")).catch((e: Error) =>
        Promise.reject(new Error(`${e.message}\n${run.stderr()}`)),
      );
      const status = await readMigrationStatus(url, await scratch.load(), shadow, flagsOf(scratch));
      expect(status).toMatchObject({ failed: [], inProgress: [NAME] });
      expect(statusExitCode(status)).toBe(STATUS_EXIT.inProgress);
      const text = formatStatus(status);
      expect(text).toMatch(/IN PROGRESS/);
      expect(text).not.toMatch(/Failed/);
      // The holder: its backend pid and the client's own pid (in application_name).
      expect(text).toContain(`orm-switch migrate lock pid=${run.child.pid}`);
      expect(text).toMatch(/lock held by pid \d+/);
    } finally {
      await kill(run.child);
    }
  }, 90_000);

  it("a partly applied migration (its own COMMIT) is called partial: manual repair", async () => {
    const { url, scratch } = await setUp(
      `CREATE TABLE "fault_marker" ("id" INTEGER PRIMARY KEY);\nCOMMIT;\nSELECT pg_sleep(30);\nALTER TABLE "users" ADD COLUMN "nickname" TEXT;\n`,
    );
    const run = startApply(url, scratch);
    await waitFor(
      "the migration's pg_sleep",
      async () =>
        (
          await sql(
            serverUrl,
            `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()`,
            [dbName(url)],
          )
        ).length > 0,
    );
    await kill(run.child);
    await sql(
      serverUrl,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [dbName(url)],
    );
    await waitForOrphans(url);
    const status = await readMigrationStatus(url, await scratch.load(), shadow, flagsOf(scratch));
    expect(status.diagnoses).toMatchObject([{ name: NAME, verdict: "partial" }]);
    expect(formatStatus(status)).toMatch(/PARTIALLY APPLIED: manual repair/);
    expect(formatStatus(status)).toMatch(/nickname/);
  }, 90_000);
});
