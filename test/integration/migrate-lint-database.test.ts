/**
 * `db:migrate:lint --database` against real PostgreSQL: rows inserted here are the rows the linter
 * must count for DROP TABLE, DROP COLUMN, SET NOT NULL and an enum value removal; the database is
 * left untouched. The CLI's exit codes are checked by spawning it with tsx.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintMigrationSql } from "../../src/migrate/lint/index.ts";
import { countRowImpact } from "../../src/migrate/lint/row-impact.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();
const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const SCRIPT = join(ROOT, "scripts/db-migrate-lint.ts");

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "orm-switch-lint-"));
  await db.query(
    `INSERT INTO organizations (id, slug, name, updated_at) VALUES ('o1', 'acme', 'Acme', now()), ('o2', 'globex', 'Globex', now()), ('o3', 'initech', 'Initech', now())`,
  );
  await db.query(`INSERT INTO users (id, email, name, updated_at) VALUES ('u1', 'a@example.com', 'A', now())`);
  await db.query(
    `INSERT INTO projects (id, organization_id, owner_id, name, status, updated_at) VALUES
       ('p1', 'o1', 'u1', 'one', 'ACTIVE', now()), ('p2', 'o1', 'u1', 'two', 'PAUSED', now()),
       ('p3', 'o2', 'u1', 'three', 'PAUSED', now()), ('p4', 'o2', 'u1', 'four', 'ARCHIVED', now())`,
  );
  // Five audit rows: "before" set on two, "actor_id" NULL on three.
  await db.query(
    `INSERT INTO audit_logs (organization_id, actor_id, entity_type, entity_id, action, "before") VALUES
       ('o1', 'u1', 'project', 'p1', 'update', '{"name": "x"}'), ('o1', 'u1', 'project', 'p2', 'update', '{"name": "y"}'),
       ('o1', NULL, 'project', 'p1', 'create', NULL), ('o2', NULL, 'project', 'p3', 'create', NULL), (NULL, NULL, 'org', 'o3', 'create', NULL)`,
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DESTRUCTIVE = `-- DropForeignKey
ALTER TABLE "audit_logs" DROP CONSTRAINT IF EXISTS "audit_logs_actor_id_fkey";

-- AlterTable
ALTER TABLE "audit_logs" DROP COLUMN "before",
ALTER COLUMN "actor_id" SET NOT NULL;

-- DropTable
DROP TABLE "organizations" CASCADE;
`;

const ENUM_REMOVAL = `-- AlterEnum
BEGIN;
CREATE TYPE "ProjectStatus_new" AS ENUM ('ACTIVE', 'COMPLETED', 'ARCHIVED');
ALTER TABLE "projects" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "projects" ALTER COLUMN "status" TYPE "ProjectStatus_new" USING ("status"::text::"ProjectStatus_new");
ALTER TYPE "ProjectStatus" RENAME TO "ProjectStatus_old";
ALTER TYPE "ProjectStatus_new" RENAME TO "ProjectStatus";
DROP TYPE "ProjectStatus_old";
ALTER TABLE "projects" ALTER COLUMN "status" SET DEFAULT 'ACTIVE';
COMMIT;
`;

async function serverVersion(): Promise<number> {
  const rows = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]!.v);
}

function countsByRule(findings: Awaited<ReturnType<typeof countRowImpact>>): Record<string, (number | undefined)[]> {
  const out: Record<string, (number | undefined)[]> = {};
  for (const f of findings) if (f.rowCounts) out[f.ruleId] = f.rowCounts.map((c) => c.rows);
  return out;
}

describe("countRowImpact", () => {
  it("counts rows lost by DROP COLUMN and DROP TABLE, and NULL rows that block SET NOT NULL", async () => {
    const findings = await countRowImpact(lintMigrationSql(DESTRUCTIVE), db.url);
    expect(countsByRule(findings)).toEqual({ "drop-column": [2], "set-not-null": [3], "drop-table": [3] });
    const dropColumn = findings.find((f) => f.ruleId === "drop-column")!;
    expect(dropColumn.rowCounts![0]!.description).toBe(
      '"audit_logs"."before": 2 row(s) hold a value that would be lost',
    );
  });

  it("counts the rows holding an enum value that Prisma's dance removes, per value", async () => {
    const findings = await countRowImpact(lintMigrationSql(ENUM_REMOVAL), db.url);
    expect(countsByRule(findings)).toEqual({ "drop-enum-value": [2] });
    expect(findings[0]!.rowCounts![0]!.description).toContain("'PAUSED' ×2");
  });

  it("type change: counts the values at risk, and on PostgreSQL 16+ the values the new type rejects", async () => {
    const findings = await countRowImpact(
      lintMigrationSql('ALTER TABLE "organizations" ALTER COLUMN "name" SET DATA TYPE VARCHAR(5);'),
      db.url,
    );
    const counts = findings.find((f) => f.ruleId === "column-type-change")!.rowCounts!;
    expect(counts[0]!.rows).toBe(3);
    // pg_input_is_valid exists from PostgreSQL 16; the PostgreSQL 15 server gets a note instead.
    if ((await serverVersion()) >= 160000)
      expect(counts[1]).toMatchObject({ rows: 2 }); // 'Globex' and 'Initech' are longer than 5
    else expect(counts[1]!.note).toMatch(/needs PostgreSQL 16/);
  });

  it("a count that fails (unknown type) becomes a note and the other counts still run", async () => {
    const sql =
      'ALTER TABLE "organizations" ALTER COLUMN "name" SET DATA TYPE no_such_type;\nDROP TABLE "organizations";';
    const findings = await countRowImpact(lintMigrationSql(sql), db.url);
    const typeCount = findings.find((f) => f.ruleId === "column-type-change")!.rowCounts![1]!;
    if ((await serverVersion()) >= 160000) expect(typeCount.note).toMatch(/could not count: .*no_such_type/);
    else expect(typeCount.note).toMatch(/needs PostgreSQL 16/);
    expect(findings.find((f) => f.ruleId === "drop-table")!.rowCounts![0]!.rows).toBe(3);
  });

  it("notes objects the database does not have instead of failing", async () => {
    const findings = await countRowImpact(
      lintMigrationSql('DROP TABLE "no_such_table";\nALTER TABLE "users" DROP COLUMN "no_such_column";'),
      db.url,
    );
    expect(findings.map((f) => f.rowCounts![0]!.rows)).toEqual([undefined, undefined]);
    expect(findings[0]!.rowCounts![0]!.note).toMatch(/not in this database/);
  });

  it("changes nothing: the rows and the schema are still there", async () => {
    await countRowImpact(lintMigrationSql(DESTRUCTIVE + ENUM_REMOVAL), db.url);
    expect(await db.query("SELECT count(*)::int AS n FROM organizations")).toEqual([{ n: 3 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM audit_logs WHERE "before" IS NOT NULL`)).toEqual([{ n: 2 }]);
    expect(await db.query(`SELECT enum_range(NULL::"ProjectStatus")::text AS labels`)).toEqual([
      { labels: "{ACTIVE,PAUSED,COMPLETED,ARCHIVED}" },
    ]);
  });
});

/** Rows in every application table, summed: what a statement really removes is the drop in this. */
async function totalRows(run: (sql: string) => Promise<{ n: number }[]>): Promise<number> {
  const tables = ["organizations", "users", "memberships", "projects", "tasks", "sessions", "downloads", "audit_logs"];
  let n = 0;
  for (const t of tables) n += (await run(`SELECT count(*)::int AS n FROM "${t}"`))[0]!.n;
  return n;
}

/** Runs `statement` in a transaction that is rolled back, and returns how many rows it really removed. */
async function rowsReallyRemoved(statement: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    const run = async (sql: string) => (await client.query<{ n: number }>(sql)).rows;
    const before = await totalRows(run);
    await client.query(statement);
    return before - (await totalRows(run));
  } finally {
    await client.query("ROLLBACK");
    await client.end();
  }
}

describe("countRowImpact follows foreign keys (issue #12, item 11)", () => {
  beforeAll(async () => {
    await db.query(
      `INSERT INTO memberships (id, organization_id, user_id) VALUES ('m1', 'o1', 'u1'), ('m2', 'o2', 'u1')`,
    );
    await db.query(
      `INSERT INTO sessions (id, user_id, token_hash, expires_at) SELECT 's' || i, 'u1', 'h' || i, now() FROM generate_series(1, 3) i`,
    );
    await db.query(
      `INSERT INTO tasks (id, project_id, title, assignee_id, position, updated_at) SELECT 't' || i, 'p' || (1 + i % 4), 'task', CASE WHEN i <= 2 THEN 'u1' END, i, now() FROM generate_series(1, 6) i`,
    );
  });
  afterAll(async () => {
    await db.query(`DELETE FROM tasks; DELETE FROM sessions; DELETE FROM memberships`);
  });

  it("TRUNCATE ... CASCADE counts every table it empties, as many rows as it really removes", async () => {
    for (const table of ["users", "organizations"]) {
      const [finding] = await countRowImpact(lintMigrationSql(`TRUNCATE "${table}" CASCADE;`), db.url);
      expect(finding!.rowCounts![0]!.rows).toBe(await rowsReallyRemoved(`TRUNCATE "${table}" CASCADE`));
    }
    const [users] = await countRowImpact(lintMigrationSql('TRUNCATE "users" CASCADE;'), db.url);
    expect(users!.rowCounts![0]!.description).toMatch(/projects: 4 row\(s\) truncated/);
    expect(users!.rowCounts![0]!.description).toMatch(/tasks: 6 row\(s\) truncated/);
  });

  it("DELETE without WHERE follows ON DELETE CASCADE chains (two levels), and names SET NULL and RESTRICT rows", async () => {
    const [orgs] = await countRowImpact(lintMigrationSql('DELETE FROM "organizations";'), db.url);
    expect(orgs!.rowCounts![0]!.rows).toBe(await rowsReallyRemoved('DELETE FROM "organizations"'));
    expect(orgs!.rowCounts![0]!.description).toMatch(/"tasks": 6 row\(s\) deleted|tasks: 6 row\(s\) deleted/);

    const [users] = await countRowImpact(lintMigrationSql('DELETE FROM "users";'), db.url);
    const text = users!.rowCounts![0]!.description;
    expect(text).toMatch(/memberships: 2 row\(s\) deleted/);
    expect(text).toMatch(/sessions: 3 row\(s\) deleted/);
    expect(text).toMatch(/tasks: 2 row\(s\) set null/);
    expect(text).toMatch(
      /projects: 4 row\(s\) reference deleted rows through projects_owner_id_fkey .*fails unless this is 0/,
    );
    // The server agrees: the RESTRICT rows make the DELETE fail.
    await expect(rowsReallyRemoved('DELETE FROM "users"')).rejects.toThrow(/projects_owner_id_fkey/);
  });

  it("DROP TABLE ... CASCADE names the foreign keys it drops; their rows stay", async () => {
    const [finding] = await countRowImpact(lintMigrationSql('DROP TABLE "users" CASCADE;'), db.url);
    expect(finding!.rowCounts![0]!.rows).toBe(1);
    expect(finding!.rowCounts![0]!.description).toMatch(/sessions: foreign key sessions_user_id_fkey dropped/);
  });
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((done) => {
    execFile(TSX, [SCRIPT, ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function migrationFile(name: string, sql: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, sql);
  return path;
}

describe("db:migrate:lint CLI", () => {
  it("exit 0 on the repo's migrations, with a summary line", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/db:migrate:lint: \d+ file\(s\): 0 error\(s\), 0 warning\(s\), 0 acknowledged — ok/);
  });

  it("exit 1 on unacknowledged errors, 0 once acknowledged, 0 with only warnings", async () => {
    const bad = await runCli([await migrationFile("drop.sql", DESTRUCTIVE)]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("drop-column");
    expect(bad.stdout).toMatch(/drop\.sql:5/);
    expect(bad.stdout).toContain("FAILED");

    const acknowledged = `-- orm-switch-lint: allow-file drop-column,set-not-null,drop-table audit and org tables retired in ticket DATA-7, backup taken\n${DESTRUCTIVE}`;
    const ok = await runCli([await migrationFile("ack.sql", acknowledged)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("3 acknowledged");

    const warningsOnly = await runCli([
      await migrationFile("index.sql", 'CREATE INDEX "tasks_status_idx" ON "tasks"("status");\n'),
    ]);
    expect(warningsOnly.code).toBe(0);
    expect(warningsOnly.stdout).toContain("create-index-non-concurrently");

    // CI: --max-warnings 0 makes the same warning fail the run.
    const strict = await runCli([
      "--max-warnings",
      "0",
      await migrationFile("index-strict.sql", 'CREATE INDEX "tasks_status_idx" ON "tasks"("status");\n'),
    ]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("more than --max-warnings 0 warning(s)");
  });

  it("names removed enum values from the earlier migrations, counts their rows with --database", async () => {
    const run = await runCli([await migrationFile("enum.sql", ENUM_REMOVAL), "--database", db.url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("removes the value(s) 'PAUSED'");
    expect(run.stdout).toContain(
      `rows: "projects"."status": 2 row(s) hold a removed "ProjectStatus" value ('PAUSED' ×2)`,
    );
  });

  it("--json --database <url> prints the counted rows", async () => {
    const run = await runCli(["--json", "--database", db.url, await migrationFile("json.sql", DESTRUCTIVE)]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as {
      findings: { ruleId: string; rowCounts?: { rows?: number }[] }[];
      summary: { errors: number };
    };
    expect(result.findings.map((f) => [f.ruleId, f.rowCounts?.[0]?.rows])).toEqual([
      ["drop-column", 2],
      ["set-not-null", 3],
      ["drop-table", 3],
    ]);
    expect(result.summary.errors).toBe(3);
  });

  it("exit 2 when it cannot run: unknown option, missing file, --database without any URL, unreachable database", async () => {
    expect((await runCli(["--frobnicate"])).code).toBe(2);
    const missing = await runCli([join(dir, "missing.sql")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const { DATABASE_URL: _unused, ...withoutUrl } = process.env;
    const noUrl = await runCli(["--database", await migrationFile("nourl.sql", DESTRUCTIVE)], withoutUrl);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("--database needs a database");
    const unreachable = await runCli([
      "--database",
      "postgresql://nobody@127.0.0.1:1/none",
      await migrationFile("unreach.sql", DESTRUCTIVE),
    ]);
    expect(unreachable.code).toBe(2);
  });

  it("--help lists the rules and the marker syntax", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("orm-switch-lint: allow <rule-id>");
    expect(run.stdout).toContain("drop-enum-value");
  });
});
