/**
 * Issue 12 audit item 1: the shadow database (SHADOW_DATABASE_URL) is emptied before each use
 * (`DROP SCHEMA public CASCADE`), so it passes the same guard as every target: resolved as the
 * driver and libpq would resolve it, never production-like, named in the output, and never the
 * target database itself, which is decided by asking both servers (a socket path and a TCP
 * address for one server are one database).
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { runNewMigrationCli } from "../../src/migrate/cli/new.ts";
import { runBaselineCli } from "../../src/migrate/cli/resolve.ts";
import { runStatusCli } from "../../src/migrate/cli/status.ts";
import { useScratchProjects } from "../support/migration-project.ts";
import { queryOnce } from "../support/scratch-databases.ts";

const serverUrl = inject("pgServerUrl");
const template = inject("pgTemplate");
const project = useScratchProjects();
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropTestDatabase(serverUrl, name);
});

async function database(options: { migrated: boolean; name?: string }): Promise<{ url: string; name: string }> {
  const name = options.name ?? uniqueTestDatabaseName("orm_switch_shadow_guard_test");
  created.push(name);
  return { url: await createDatabase(serverUrl, name, options.migrated ? template : undefined), name };
}

type Command = (argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void) => Promise<number>;

async function run(
  command: Command,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await command(argv, env, (l) => lines.push(l));
  return { code, output: lines.join("\n") };
}

async function tablesIn(url: string): Promise<number> {
  const rows = await queryOnce<{ n: string }>(
    url,
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  return Number(rows[0]!.n);
}

/** The same database reached through the server's Unix socket instead of TCP. */
async function overSocket(url: string): Promise<string> {
  const [dirs] = await queryOnce<{ dirs: string; port: string }>(
    url,
    `SELECT current_setting('unix_socket_directories') AS dirs, current_setting('port') AS port`,
  );
  const dir = dirs!.dirs.split(",")[0]!.trim();
  const u = new URL(url);
  return `postgresql://${u.username}${u.password ? `:${u.password}` : ""}@${u.pathname}?host=${encodeURIComponent(dir)}&port=${dirs!.port}`;
}

describe("audit item 1: the shadow database is guarded like every target", () => {
  it("the target through its Unix socket is recognised as the target: status, baseline and new refuse, and no table is dropped", async () => {
    const p = await project();
    const args = ["--migrations", p.migrationsDir, "--schema", p.schemaPath];
    const target = await database({ migrated: true });
    const before = await tablesIn(target.url);
    expect(before).toBeGreaterThan(0);
    const env = { DATABASE_URL: target.url, SHADOW_DATABASE_URL: await overSocket(target.url) };
    const runs: [string, Command, string[]][] = [
      ["db:migrate:status", runStatusCli, args],
      ["db:baseline", runBaselineCli, args],
      ["db:migrate:new", runNewMigrationCli, ["anything", ...args]],
    ];
    for (const [name, command, argv] of runs) {
      const result = await run(command, argv, env);
      expect(result.output, name).toContain(
        `${name}: refused: SHADOW_DATABASE_URL reaches the target database itself (the servers say: same server, database ${target.name})`,
      );
      expect(result.code, name).not.toBe(0);
      expect(await tablesIn(target.url), name).toBe(before);
    }
  });

  it("a production-like shadow is refused before anything is dropped, whatever --yes says", async () => {
    const p = await project();
    const args = ["--migrations", p.migrationsDir, "--schema", p.schemaPath];
    const target = await database({ migrated: true });
    const shadow = await database({ migrated: true, name: uniqueTestDatabaseName("orm_switch_shadow_prod_test") });
    const before = await tablesIn(shadow.url);
    const env = { DATABASE_URL: target.url, SHADOW_DATABASE_URL: shadow.url };
    for (const [command, argv] of [
      [runStatusCli, args],
      [runBaselineCli, [...args, "--yes"]],
    ] as [Command, string[]][]) {
      const result = await run(command, argv, env);
      expect(result.output).toMatch(
        /refused: SHADOW_DATABASE_URL is production-like.*database name .* says production/s,
      );
      expect(result.code).not.toBe(0);
    }
    expect(await tablesIn(shadow.url)).toBe(before);
  });

  it("a shadow URL whose parameters contradict it is refused (resolved like every target)", async () => {
    const p = await project();
    const target = await database({ migrated: true });
    const victim = await database({ migrated: true });
    const before = await tablesIn(victim.url);
    const shadow = await database({ migrated: false });
    const result = await run(runStatusCli, ["--migrations", p.migrationsDir, "--schema", p.schemaPath], {
      DATABASE_URL: target.url,
      SHADOW_DATABASE_URL: `${shadow.url}?dbname=${victim.name}`,
    });
    expect(result.output).toContain(
      `db:migrate:status: refused: SHADOW_DATABASE_URL: ?dbname=${victim.name} contradicts`,
    );
    expect(result.code).not.toBe(0);
    expect(await tablesIn(victim.url)).toBe(before);
  });

  it("a disposable shadow is used, and the command prints which one (server's answer included)", async () => {
    const p = await project();
    const target = await database({ migrated: true });
    const shadow = await database({ migrated: false });
    const result = await run(runStatusCli, ["--migrations", p.migrationsDir, "--schema", p.schemaPath], {
      DATABASE_URL: target.url,
      SHADOW_DATABASE_URL: shadow.url,
    });
    expect(result.output).toMatch(
      new RegExp(`shadow: SHADOW_DATABASE_URL \\S+@\\S+/${shadow.name} \\(server says: database ${shadow.name}, at `),
    );
    expect(result.output).toContain("emptied before use");
    expect(result.code).toBe(0);
  });
});
