/**
 * The migrate commands as a user runs them (in-process, with their own env and output): banners,
 * the production guard, usage errors, exit codes.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { runApplyCli } from "../../src/migrate/cli/apply.ts";
import { runNewMigrationCli } from "../../src/migrate/cli/new.ts";
import { runBaselineCli, runResolveCli } from "../../src/migrate/cli/resolve.ts";
import { runStatusCli } from "../../src/migrate/cli/status.ts";
import { readMigrationRecords } from "../../src/migrate/history.ts";
import { useEmptyDatabases } from "../support/scratch-databases.ts";
import { useScratchProjects } from "../support/migration-project.ts";

const emptyDatabase = useEmptyDatabases();

const project = useScratchProjects();

/** Runs a command, collecting what it prints. */
async function run(
  command: (argv: string[], env: NodeJS.ProcessEnv, out: (l: string) => void) => Promise<number>,
  argv: string[],
  env: NodeJS.ProcessEnv,
) {
  const lines: string[] = [];
  const code = await command(argv, env, (l) => lines.push(l));
  return { code, output: lines.join("\n") };
}

describe("migrate commands", () => {
  it("db:migrate:apply prints the target first and refuses a production-like one without --yes", async () => {
    const url = await emptyDatabase();
    const p = await project();
    const args = ["--migrations", p.migrationsDir, "--schema", p.schemaPath, "--no-backup"];
    const refused = await run(runApplyCli, args, { DATABASE_URL: url, APP_ENV: "production" });
    expect(refused.code).toBe(1);
    const database = url.split("/").pop()!;
    expect(refused.output.indexOf(database)).toBeGreaterThanOrEqual(0);
    expect(refused.output.indexOf(database)).toBeLessThan(refused.output.indexOf("refused"));
    expect(refused.output).toMatch(/--yes/);
    expect(await readMigrationRecords(url)).toEqual([]);

    const confirmed = await run(runApplyCli, [...args, "--yes"], { DATABASE_URL: url, APP_ENV: "production" });
    expect(confirmed.code).toBe(0);
    expect(confirmed.output).toMatch(/applied 1: 20261122100000_init/);
    expect((await readMigrationRecords(url)).map((r) => r.name)).toEqual(["20261122100000_init"]);
  });

  it("db:migrate:apply backs up before applying, and says where", async () => {
    const url = await emptyDatabase();
    const p = await project();
    const result = await run(
      runApplyCli,
      ["--migrations", p.migrationsDir, "--schema", p.schemaPath, "--backup-dir", `${p.dir}/backups`],
      { DATABASE_URL: url },
    );
    expect(result.code).toBe(0);
    expect(result.output).toMatch(new RegExp(`backing up to ${p.dir}/backups/`));
    expect(result.output).toMatch(/backup in /);
  });

  it("db:migrate:status exits 1 with pending migrations and 0 once applied", async () => {
    const url = await emptyDatabase();
    const shadow = await emptyDatabase();
    const p = await project();
    const args = ["--migrations", p.migrationsDir, "--schema", p.schemaPath];
    const env = { DATABASE_URL: url, SHADOW_DATABASE_URL: shadow };
    const pending = await run(runStatusCli, args, env);
    expect(pending.code).toBe(1);
    expect(pending.output).toMatch(/Pending \(1\):\n {2}20261122100000_init/);
    expect((await run(runApplyCli, [...args, "--no-backup"], env)).code).toBe(0);
    const clean = await run(runStatusCli, args, env);
    expect(clean.code).toBe(0);
    expect(clean.output).toMatch(/up to date/);
  });

  it("refuses a pooled URL for migrations and points at DIRECT_DATABASE_URL", async () => {
    const result = await run(runStatusCli, [], {
      DATABASE_URL: "postgresql://u@ep-cool-123-pooler.eu-central-1.aws.neon.tech/app?pgbouncer=true",
    });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/DIRECT_DATABASE_URL/);
  });

  it("SHADOW_DATABASE_URL may not be the target", async () => {
    const url = await emptyDatabase();
    const result = await run(runStatusCli, [], { DATABASE_URL: url, SHADOW_DATABASE_URL: url });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/SHADOW_DATABASE_URL reaches the target database itself/);
  });

  it("answers --help and rejects bad usage with exit 2", async () => {
    for (const command of [runApplyCli, runStatusCli, runNewMigrationCli, runResolveCli, runBaselineCli]) {
      const help = await run(command, ["--help"], {});
      expect(help.code).toBe(0);
      expect(help.output).toMatch(/^Usage: npm run db:/);
      const bad = await run(command, ["--no-such-flag"], {});
      expect(bad.code).toBe(2);
      expect(bad.output).toMatch(/Unknown option '--no-such-flag'/);
    }
    expect((await run(runNewMigrationCli, [], {})).output).toMatch(/exactly one migration name/);
    expect((await run(runResolveCli, [], {})).output).toMatch(/exactly one of --applied/);
  });

  it("db:migrate:new says there is nothing to do without writing anything", async () => {
    const shadow = await emptyDatabase();
    const p = await project();
    const result = await run(runNewMigrationCli, ["noop", "--migrations", p.migrationsDir, "--schema", p.schemaPath], {
      SHADOW_DATABASE_URL: shadow,
    });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/no changes/);
    expect((await p.load()).migrations.map((m) => m.name)).toEqual(["20261122100000_init"]);
  });

  it("db:migrate:new lints what it wrote: a dropped column fails with the rule id", async () => {
    const shadow = await emptyDatabase();
    const p = await project();
    const schema = await p.read("schema.prisma");
    // Drop the column and the index that uses it.
    const edited = schema
      .replace(/\n {2}position\s+Int\n/, "\n")
      .replace("@@index([projectId, position])", "@@index([projectId])");
    expect(edited).not.toBe(schema);
    await p.write("schema.prisma", edited);
    const result = await run(
      runNewMigrationCli,
      ["drop position", "--migrations", p.migrationsDir, "--schema", p.schemaPath],
      { SHADOW_DATABASE_URL: shadow },
    );
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/wrote .*_drop_position\/migration\.sql/);
    expect(result.output).toMatch(/error\s+drop-column/);
    expect(result.output).toMatch(/DROP COLUMN "position"/);
  });

  it("db:migrate:resolve marks a migration applied on the target it names", async () => {
    const url = await emptyDatabase();
    const p = await project();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query((await p.load()).migrations[0]!.sql);
    await client.end();
    const result = await run(
      runResolveCli,
      ["--applied", "20261122100000_init", "--migrations", p.migrationsDir, "--schema", p.schemaPath],
      { DATABASE_URL: url },
    );
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/recorded as applied/);
    expect((await readMigrationRecords(url)).map((r) => r.name)).toEqual(["20261122100000_init"]);
  });
});
