/**
 * Destructive SQL that is not written at the top level of a migration (issue #12, item 12): inside
 * a DO block (as statements and through EXECUTE), a DELETE in a WITH query, and DROP INDEX without
 * CONCURRENTLY; and `--max-warnings` for CI.
 */
import { describe, expect, it } from "vitest";
import { parseLintArgs } from "../../src/migrate/lint/cli.ts";
import { lintMigrationSql, lintSummary } from "../../src/migrate/lint/index.ts";

const ruleIds = (sql: string) =>
  lintMigrationSql(sql)
    .filter((f) => !f.acknowledged)
    .map((f) => f.ruleId);

describe("destructive SQL inside DO blocks", () => {
  it("a DROP TABLE in a DO body, with the line it is on and a row count target", () => {
    const sql = `CREATE TABLE "x" ("id" INT);\nDO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'users') THEN\n    DROP TABLE "users";\n  END IF;\nEND\n$$;\n`;
    const [finding] = lintMigrationSql(sql);
    expect(finding).toMatchObject({
      ruleId: "drop-table",
      line: 5,
      impact: [{ kind: "table-rows", table: { name: "users" } }],
    });
    expect(finding!.message).toMatch(/^Inside a DO block: DROP TABLE "users"/);
  });

  it("a DROP TABLE through EXECUTE '...' and EXECUTE format('...')", () => {
    expect(ruleIds(`DO $$ BEGIN EXECUTE 'DROP TABLE "users"'; END $$;`)).toEqual(["drop-table"]);
    expect(ruleIds(`DO $body$ BEGIN EXECUTE format('TRUNCATE "sessions"'); END $body$ LANGUAGE plpgsql;`)).toEqual([
      "truncate",
    ]);
    expect(lintMigrationSql(`DO $$ BEGIN EXECUTE 'DROP TABLE "users"'; END $$;`)[0]!.message).toMatch(
      /EXECUTE in a DO block/,
    );
  });

  it("tables created earlier in the file stay new inside the block; harmless blocks pass", () => {
    expect(ruleIds(`CREATE TABLE "tmp" ("id" INT);\nDO $$ BEGIN DROP TABLE "tmp"; END $$;`)).toEqual([]);
    expect(ruleIds(`DO $$ BEGIN RAISE NOTICE 'drop table users; is only text'; END $$;`)).toEqual([]);
    expect(
      ruleIds(
        `DO $$ DECLARE n int; BEGIN SELECT count(*) INTO n FROM "users"; UPDATE "users" SET "name" = 'x' WHERE "id" = '1'; END $$;`,
      ),
    ).toEqual([]);
  });

  it("one marker before the DO statement acknowledges what is inside it", () => {
    const sql = `-- orm-switch-lint: allow drop-table the table is retired, backup taken\nDO $$ BEGIN DROP TABLE "users"; END $$;`;
    expect(lintMigrationSql(sql).map((f) => [f.ruleId, Boolean(f.acknowledged)])).toEqual([["drop-table", true]]);
  });
});

describe("DELETE without WHERE inside a WITH query", () => {
  it("is flagged, even when the outer query has a WHERE", () => {
    expect(
      ruleIds(
        `WITH gone AS (DELETE FROM "sessions" RETURNING "user_id") INSERT INTO "audit_logs" ("action") SELECT 'x' FROM gone WHERE true;`,
      ),
    ).toEqual(["delete-without-where"]);
    expect(ruleIds(`WITH ids AS (SELECT "id" FROM "users" WHERE "name" = 'x') DELETE FROM "sessions";`)).toEqual([
      "delete-without-where",
    ]);
  });
  it("a DELETE with its own WHERE passes", () => {
    expect(
      ruleIds(
        `WITH gone AS (DELETE FROM "sessions" WHERE "expires_at" < now() RETURNING 1) SELECT count(*) FROM gone;`,
      ),
    ).toEqual([]);
  });
});

describe("DROP INDEX without CONCURRENTLY", () => {
  it("on an existing index is a warning; CONCURRENTLY alone passes; an index made in this file passes", () => {
    expect(lintMigrationSql(`DROP INDEX "tasks_status_idx";`).map((f) => [f.ruleId, f.severity])).toEqual([
      ["drop-index-non-concurrently", "warning"],
    ]);
    expect(ruleIds(`DROP INDEX IF EXISTS "public"."tasks_status_idx" CASCADE;`)).toEqual([
      "drop-index-non-concurrently",
    ]);
    expect(ruleIds(`DROP INDEX CONCURRENTLY "tasks_status_idx";`)).toEqual([]);
    expect(ruleIds(`CREATE TABLE "t" ("id" INT);\nCREATE INDEX "t_idx" ON "t"("id");\nDROP INDEX "t_idx";`)).toEqual(
      [],
    );
  });
});

describe("--max-warnings", () => {
  const warnings = lintMigrationSql(`DROP INDEX "a";\nDROP INDEX "b";`);
  it("fails when unacknowledged warnings exceed the limit, never without one", () => {
    expect(lintSummary(warnings)).toMatchObject({ warnings: 2, failed: false });
    expect(lintSummary(warnings, 0)).toMatchObject({ warnings: 2, maxWarnings: 0, failed: true });
    expect(lintSummary(warnings, 2)).toMatchObject({ failed: false });
  });
  it("parses a whole number and refuses anything else", () => {
    expect(parseLintArgs(["--max-warnings", "0", "x.sql"])).toMatchObject({ maxWarnings: 0, files: ["x.sql"] });
    expect(() => parseLintArgs(["--max-warnings=-1"])).toThrow(/whole number/);
    expect(() => parseLintArgs(["--max-warnings", "two"])).toThrow(/whole number/);
  });
});
