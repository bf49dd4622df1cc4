/**
 * The migration linter on SQL as Prisma writes it: each destructive migration is flagged by the
 * right rule, safe migrations (the repo's own among them) pass, the statement splitter survives
 * dollar quotes, strings and comments, and acknowledgement markers work as documented.
 */
import { describe, expect, it } from "vitest";
import {
  enumsAfter,
  enumsAfterAll,
  formatFindings,
  lintMigrationSql,
  lintSummary,
  RULES,
  splitStatements,
  type LintFinding,
} from "../../src/migrate/lint/index.ts";
import { readMigrationsDir } from "../../src/migrate/migrations-dir.ts";

/** Rule ids of the findings no marker acknowledged. */
function openRuleIds(sql: string): string[] {
  return lintMigrationSql(sql)
    .filter((f) => !f.acknowledged)
    .map((f) => f.ruleId);
}

function only(findings: LintFinding[], ruleId: string): LintFinding {
  const matching = findings.filter((f) => f.ruleId === ruleId);
  expect(matching, `exactly one ${ruleId} in ${JSON.stringify(findings.map((f) => f.ruleId))}`).toHaveLength(1);
  return matching[0]!;
}

describe("destructive migrations are flagged by the right rule", () => {
  it("drop-table: Prisma's DropTable", () => {
    const sql = `/*
  Warnings:

  - You are about to drop the \`downloads\` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropTable
DROP TABLE "downloads";
`;
    const findings = lintMigrationSql(sql);
    const f = only(findings, "drop-table");
    expect(f.severity).toBe("error");
    expect(f.line).toBe(8);
    expect(f.statement).toBe('DROP TABLE "downloads"');
    expect(f.impact).toEqual([{ kind: "table-rows", table: { name: "downloads" } }]);
    expect(findings).toHaveLength(1);
    expect(lintSummary(findings).failed).toBe(true);
  });

  it("drop-table: every table of a multi-table DROP, schema kept", () => {
    const findings = lintMigrationSql('DROP TABLE IF EXISTS "public"."sessions", audit_logs CASCADE;');
    expect(findings.map((f) => f.impact)).toEqual([
      // CASCADE: --database also names the foreign keys the drop takes with it.
      [{ kind: "table-rows", table: { schema: "public", name: "sessions" }, cascade: "drop" }],
      [{ kind: "table-rows", table: { name: "audit_logs" }, cascade: "drop" }],
    ]);
  });

  it("drop-column: Prisma's DropForeignKey + AlterTable DROP COLUMN", () => {
    const sql = `/*
  Warnings:

  - You are about to drop the column \`assignee_id\` on the \`tasks\` table. All the data in the column will be lost.

*/
-- DropForeignKey
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_assignee_id_fkey";

-- DropIndex
DROP INDEX "tasks_assignee_id_idx";

-- AlterTable
ALTER TABLE "tasks" DROP COLUMN "assignee_id";
`;
    // Prisma's plain DROP INDEX on a live table is a warning of its own (issue #12, item 12).
    const findings = lintMigrationSql(sql).filter((f) => f.ruleId !== "drop-index-non-concurrently");
    expect(lintMigrationSql(sql).map((f) => f.ruleId)).toEqual(["drop-index-non-concurrently", "drop-column"]);
    expect(findings[0]!.line).toBe(14);
    expect(findings[0]!.impact).toEqual([{ kind: "non-null-values", table: { name: "tasks" }, column: "assignee_id" }]);
  });

  it("drop-enum-value: Prisma's recreate-the-enum dance is one finding, not renames and type changes", () => {
    const sql = `/*
  Warnings:

  - The values [PAUSED] on the enum \`ProjectStatus\` will be removed. If these variants are still used in the database, this will fail.

*/
-- AlterEnum
BEGIN;
CREATE TYPE "ProjectStatus_new" AS ENUM ('ACTIVE', 'COMPLETED', 'ARCHIVED');
ALTER TABLE "public"."projects" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "public"."projects" ALTER COLUMN "status" TYPE "ProjectStatus_new" USING ("status"::text::"ProjectStatus_new");
ALTER TYPE "ProjectStatus" RENAME TO "ProjectStatus_old";
ALTER TYPE "ProjectStatus_new" RENAME TO "ProjectStatus";
DROP TYPE "public"."ProjectStatus_old";
ALTER TABLE "public"."projects" ALTER COLUMN "status" SET DEFAULT 'ACTIVE';
COMMIT;
`;
    const findings = lintMigrationSql(sql);
    expect(findings.map((f) => f.ruleId)).toEqual(["drop-enum-value"]);
    const f = findings[0]!;
    expect(f.line).toBe(9);
    expect(f.message).toContain("'PAUSED'");
    expect(f.impact).toEqual([
      {
        kind: "enum-values-outside",
        table: { schema: "public", name: "projects" },
        column: "status",
        enumName: "ProjectStatus",
        kept: ["ACTIVE", "COMPLETED", "ARCHIVED"],
      },
    ]);
  });

  it("drop-type outside the dance", () => {
    expect(openRuleIds('-- DropEnum\nDROP TYPE "Plan";')).toEqual(["drop-type"]);
  });

  it("drop-schema", () => {
    const f = only(lintMigrationSql('DROP SCHEMA IF EXISTS "legacy" CASCADE;'), "drop-schema");
    expect(f.impact).toEqual([{ kind: "schema-rows", schema: "legacy" }]);
  });

  it("truncate", () => {
    expect(openRuleIds('TRUNCATE TABLE "sessions" RESTART IDENTITY;')).toEqual(["truncate"]);
  });

  it("delete-without-where, and a WHERE only inside a subquery does not count", () => {
    expect(openRuleIds('DELETE FROM "sessions";')).toEqual(["delete-without-where"]);
    expect(openRuleIds('DELETE FROM "sessions" USING (SELECT id FROM "users" WHERE "name" = \'x\') u;')).toEqual([
      "delete-without-where",
    ]);
    expect(openRuleIds(`DELETE FROM "sessions" WHERE "expires_at" < now() - interval '30 days';`)).toEqual([]);
  });

  it("column-type-change: Prisma's SET DATA TYPE, also a table rewrite", () => {
    const sql = `/*
  Warnings:

  - You are about to alter the column \`position\` on the \`tasks\` table. The data in that column could be lost. The data in that column will be cast from \`Integer\` to \`SmallInt\`.

*/
-- AlterTable
ALTER TABLE "tasks" ALTER COLUMN "position" SET DATA TYPE SMALLINT;
`;
    const findings = lintMigrationSql(sql);
    expect(findings.map((f) => f.ruleId)).toEqual(["column-type-change", "table-rewrite"]);
    expect(findings[0]!.impact).toEqual([
      { kind: "non-null-values", table: { name: "tasks" }, column: "position" },
      { kind: "invalid-for-type", table: { name: "tasks" }, column: "position", type: "SMALLINT" },
    ]);
    const withUsing = lintMigrationSql(
      'ALTER TABLE "users" ALTER COLUMN "name" TYPE VARCHAR(50) COLLATE "C" USING left("name", 50);',
    );
    expect(withUsing.map((f) => f.ruleId)).toEqual(["column-type-change", "table-rewrite"]);
    // A USING expression is not checked against the values, only counted.
    expect(withUsing[0]!.impact).toEqual([{ kind: "non-null-values", table: { name: "users" }, column: "name" }]);
    expect(
      lintMigrationSql('ALTER TABLE "users" ALTER COLUMN "name" TYPE VARCHAR(50) COLLATE "C";')[0]!.impact![1],
    ).toEqual({ kind: "invalid-for-type", table: { name: "users" }, column: "name", type: "VARCHAR(50)" });
  });

  it("set-not-null: Prisma making an optional field required", () => {
    const sql = `/*
  Warnings:

  - Made the column \`assignee_id\` on table \`tasks\` required. This step will fail if there are existing NULL values in that column.

*/
-- AlterTable
ALTER TABLE "tasks" ALTER COLUMN "assignee_id" SET NOT NULL;
`;
    const f = only(lintMigrationSql(sql), "set-not-null");
    expect(f.impact).toEqual([{ kind: "null-values", table: { name: "tasks" }, column: "assignee_id" }]);
  });

  it("add-required-column-without-default: Prisma adding a required field, reported at the action's line", () => {
    const sql = `/*
  Warnings:

  - Added the required column \`priority\` to the \`tasks\` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "due_at" TIMESTAMP(3),
ADD COLUMN     "priority" INTEGER NOT NULL;
`;
    const f = only(lintMigrationSql(sql), "add-required-column-without-default");
    expect(f.line).toBe(9);
    expect(openRuleIds('ALTER TABLE "tasks" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;')).toEqual([]);
    expect(openRuleIds('ALTER TABLE "tasks" ADD COLUMN "n" BIGSERIAL NOT NULL;')).toEqual(["table-rewrite"]);
  });

  it("rename-table, rename-column, rename-type, rename-enum-value", () => {
    expect(openRuleIds('ALTER TABLE "tasks" RENAME TO "todos";')).toEqual(["rename-table"]);
    expect(openRuleIds('ALTER TABLE "tasks" RENAME COLUMN "title" TO "name";')).toEqual(["rename-column"]);
    expect(openRuleIds('ALTER TABLE "tasks" RENAME "title" TO "name";')).toEqual(["rename-column"]);
    expect(openRuleIds('ALTER TYPE "Plan" RENAME TO "Tier";')).toEqual(["rename-type"]);
    expect(openRuleIds(`ALTER TYPE "Plan" RENAME VALUE 'PRO' TO 'TEAM';`)).toEqual(["rename-enum-value"]);
    expect(
      openRuleIds('ALTER TABLE "tasks" RENAME CONSTRAINT "a" TO "b";\nALTER INDEX "a_idx" RENAME TO "b_idx";'),
    ).toEqual([]);
  });

  it("create-index-non-concurrently: Prisma's CreateIndex on an existing table (a warning)", () => {
    const findings = lintMigrationSql(
      '-- CreateIndex\nCREATE INDEX "tasks_status_idx" ON "tasks"("status");\n\n-- CreateIndex\nCREATE UNIQUE INDEX "users_name_key" ON "users"("name");',
    );
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
      ["create-index-non-concurrently", "warning", 2],
      ["create-index-non-concurrently", "warning", 5],
    ]);
    expect(findings[1]!.message).toContain("UNIQUE");
    expect(lintSummary(findings).failed).toBe(false);
  });

  it("create-index-non-concurrently: ADD CONSTRAINT UNIQUE / PRIMARY KEY builds an index unless USING INDEX", () => {
    expect(openRuleIds('ALTER TABLE "users" ADD CONSTRAINT "users_name_key" UNIQUE ("name");')).toEqual([
      "create-index-non-concurrently",
    ]);
    expect(openRuleIds('ALTER TABLE "downloads" ADD PRIMARY KEY ("id");')).toEqual(["create-index-non-concurrently"]);
    expect(
      openRuleIds('ALTER TABLE "users" ADD CONSTRAINT "users_name_key" UNIQUE USING INDEX "users_name_idx";'),
    ).toEqual([]);
  });

  it("concurrently-in-transaction: CONCURRENTLY only passes alone in its file", () => {
    expect(openRuleIds('CREATE INDEX CONCURRENTLY "tasks_status_idx" ON "tasks"("status");')).toEqual([]);
    expect(
      openRuleIds(
        'CREATE INDEX CONCURRENTLY "a" ON "tasks"("status");\nCREATE INDEX CONCURRENTLY "b" ON "tasks"("title");',
      ),
    ).toEqual(["concurrently-in-transaction", "concurrently-in-transaction"]);
    expect(openRuleIds('DROP INDEX CONCURRENTLY "a";\nSELECT 1;')).toEqual(["concurrently-in-transaction"]);
  });

  it("add-foreign-key-without-not-valid: Prisma's AddForeignKey on an existing table", () => {
    const sql = `-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;`;
    expect(openRuleIds(sql)).toEqual(["add-foreign-key-without-not-valid"]);
    expect(
      openRuleIds(sql.replace(" ON DELETE", " NOT VALID ON DELETE").replace("CASCADE;", "CASCADE NOT VALID;")),
    ).toEqual([]);
  });

  it("add-check-without-not-valid", () => {
    expect(openRuleIds('ALTER TABLE "tasks" ADD CONSTRAINT "position_positive" CHECK ("position" >= 0);')).toEqual([
      "add-check-without-not-valid",
    ]);
    expect(
      openRuleIds('ALTER TABLE "tasks" ADD CONSTRAINT "position_positive" CHECK ("position" >= 0) NOT VALID;'),
    ).toEqual([]);
  });

  it("add-enum-value-in-transaction: Prisma's multi-value AlterEnum; a lone ADD VALUE passes", () => {
    const sql = `-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TaskStatus" ADD VALUE 'BLOCKED';
ALTER TYPE "TaskStatus" ADD VALUE 'CANCELLED';
`;
    const findings = lintMigrationSql(sql);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line])).toEqual([
      ["add-enum-value-in-transaction", "warning", 9],
      ["add-enum-value-in-transaction", "warning", 10],
    ]);
    expect(findings[0]!.message).toMatch(/before 12.*transaction/);
    expect(openRuleIds(`-- AlterEnum\nALTER TYPE "TaskStatus" ADD VALUE 'BLOCKED';\n`)).toEqual([]);
  });

  it("add-enum-value-used-in-same-file", () => {
    const sql = `ALTER TYPE "Plan" ADD VALUE 'TEAM';\nALTER TABLE "organizations" ALTER COLUMN "plan" SET DEFAULT 'TEAM';`;
    const findings = lintMigrationSql(sql);
    expect(findings.map((f) => f.ruleId)).toEqual([
      "add-enum-value-in-transaction",
      "add-enum-value-used-in-same-file",
    ]);
    expect(findings[1]!.message).toContain("line 2");
    // PostgreSQL also refuses ADD VALUE ... AFTER a value added earlier in the same transaction.
    expect(
      openRuleIds(`ALTER TYPE "Plan" ADD VALUE 'TEAM';\nALTER TYPE "Plan" ADD VALUE 'SCALE' AFTER 'TEAM';`),
    ).toEqual(["add-enum-value-in-transaction", "add-enum-value-used-in-same-file", "add-enum-value-in-transaction"]);
  });

  it("table-rewrite and volatile-default: ADD COLUMN with a volatile default", () => {
    const sql = '-- AlterTable\nALTER TABLE "users" ADD COLUMN "external_id" UUID NOT NULL DEFAULT gen_random_uuid();';
    expect(openRuleIds(sql)).toEqual(["table-rewrite", "volatile-default"]);
    expect(openRuleIds('ALTER TABLE "tasks" ADD COLUMN "seen_at" TIMESTAMPTZ DEFAULT clock_timestamp();')).toEqual([
      "table-rewrite",
      "volatile-default",
    ]);
    expect(openRuleIds('ALTER TABLE "tasks" ADD COLUMN "r" DOUBLE PRECISION DEFAULT random() NOT NULL;')).toEqual([
      "table-rewrite",
      "volatile-default",
    ]);
    expect(openRuleIds('ALTER TABLE "tasks" SET UNLOGGED;')).toEqual(["table-rewrite"]);
  });

  it("stable defaults (now(), CURRENT_TIMESTAMP) and constants are not rewrites", () => {
    expect(
      openRuleIds('ALTER TABLE "tasks" ADD COLUMN "seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;'),
    ).toEqual([]);
    expect(openRuleIds('ALTER TABLE "tasks" ADD COLUMN "seen_at" TIMESTAMPTZ NOT NULL DEFAULT now();')).toEqual([]);
    expect(openRuleIds(`ALTER TABLE "tasks" ADD COLUMN "label" TEXT NOT NULL DEFAULT 'random()';`)).toEqual([]);
  });

  it("unparsable-sql: an unterminated dollar-quoted body", () => {
    const findings = lintMigrationSql("SELECT 1;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1;\n");
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([["unparsable-sql", 2]]);
  });

  it("every rule id in the catalog is unique and has a summary", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.summary.length).toBeGreaterThan(10);
  });
});

describe("safe migrations pass", () => {
  it("the repo's own prisma/migrations produce no findings at all", async () => {
    const migrations = await readMigrationsDir();
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) expect(lintMigrationSql(m.sql, { file: m.path })).toEqual([]);
  });

  it("a new model as Prisma writes it: table, indexes and foreign keys on the new table", () => {
    const sql = `-- CreateEnum
CREATE TYPE "LabelColor" AS ENUM ('RED', 'GREEN');

-- CreateTable
CREATE TABLE "labels" (
    "id" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" "LabelColor" NOT NULL DEFAULT 'RED',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "labels_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "labels_project_id_idx" ON "labels"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "labels_project_id_name_key" ON "labels"("project_id", "name");

-- AddForeignKey
ALTER TABLE "labels" ADD CONSTRAINT "labels_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
`;
    expect(lintMigrationSql(sql)).toEqual([]);
  });

  it("statements on a table created earlier in the same file are exempt, also after a rename", () => {
    const sql = `CREATE TABLE IF NOT EXISTS "staging"."imports" ("id" SERIAL PRIMARY KEY, "payload" JSONB);
ALTER TABLE "staging"."imports" ADD COLUMN "batch" INTEGER NOT NULL, ADD COLUMN "uid" UUID DEFAULT gen_random_uuid();
ALTER TABLE "staging"."imports" ALTER COLUMN "batch" SET DATA TYPE BIGINT, ALTER COLUMN "payload" SET NOT NULL;
ALTER TABLE "staging"."imports" ADD CONSTRAINT "batch_positive" CHECK ("batch" > 0);
CREATE INDEX "imports_batch_idx" ON "staging"."imports" ("batch");
DELETE FROM "staging"."imports";
ALTER TABLE "staging"."imports" RENAME TO "imports_v2";
CREATE INDEX "imports_v2_uid_idx" ON "staging"."imports_v2" ("uid");
DROP TABLE "staging"."imports_v2";
`;
    expect(lintMigrationSql(sql)).toEqual([]);
  });

  it("a same-named table in another schema is not the new table", () => {
    const sql = 'CREATE TABLE "archive"."tasks" ("id" TEXT);\nDROP TABLE "tasks";';
    expect(openRuleIds(sql)).toEqual(["drop-table"]);
  });

  it("keywords inside strings, comments and function bodies are not statements", () => {
    const sql = `INSERT INTO "audit_logs" ("entity_type", "entity_id", "action") VALUES ('x', 'y', 'DROP TABLE users; DELETE FROM tasks');
-- DROP TABLE "tasks";
/* TRUNCATE "sessions"; */
CREATE OR REPLACE FUNCTION purge() RETURNS void AS $$ BEGIN DELETE FROM sessions; DROP TABLE x; END $$ LANGUAGE plpgsql;
`;
    expect(lintMigrationSql(sql)).toEqual([]);
  });
});

describe("statement splitter", () => {
  it("keeps dollar-quoted bodies whole, tagged ones too, with $$ inside a tagged body", () => {
    const sql = `CREATE FUNCTION a() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION b() RETURNS text AS $fn$ SELECT '$$;' || $q$;$q$ $fn$ LANGUAGE sql;
DO $do$ BEGIN RAISE NOTICE 'done;'; END $do$;`;
    const { statements } = splitStatements(sql);
    expect(statements.map((s) => s.line)).toEqual([1, 7, 8]);
    expect(statements[0]!.endLine).toBe(6);
    expect(statements[1]!.text).toBe(
      "CREATE FUNCTION b() RETURNS text AS $fn$ SELECT '$$;' || $q$;$q$ $fn$ LANGUAGE sql",
    );
    expect(statements[2]!.text).toBe("DO $do$ BEGIN RAISE NOTICE 'done;'; END $do$");
  });

  it("strings with ; and doubled quotes, E'' escapes, quoted identifiers with ; and \"\"", () => {
    const sql = `INSERT INTO t VALUES ('a;b', 'it''s; fine');
INSERT INTO t VALUES (E'back\\'slash;');
CREATE TABLE "we;ird ""name""" ("col;1" int);
SELECT 1`;
    const { statements } = splitStatements(sql);
    expect(statements).toHaveLength(4);
    expect(statements[1]!.text).toBe("INSERT INTO t VALUES (E'back\\'slash;')");
    expect(statements[2]!.tokens[2]!.value).toBe('we;ird "name"');
    expect(statements[3]!.text).toBe("SELECT 1");
  });

  it("comments: -- to end of line, nested /* */, semicolons inside both; line numbers kept", () => {
    const sql = `-- first; not a statement
/* outer /* inner; */ still comment; */
SELECT 1; -- trailing; comment
/* before
   two */ SELECT
  2;
-- after everything;`;
    const script = splitStatements(sql);
    expect(script.statements.map((s) => [s.text, s.line, s.endLine])).toEqual([
      ["SELECT 1", 3, 3],
      ["SELECT\n  2", 5, 6],
    ]);
    expect(script.statements[0]!.leadingComments).toHaveLength(2);
    expect(script.statements[1]!.leadingComments.map((c) => c.line)).toEqual([3, 4]);
    expect(script.trailingComments.map((c) => c.line)).toEqual([7]);
  });

  it("an operator followed by a comment, casts and parameters", () => {
    const { statements } = splitStatements("SELECT 1 =--x;\n1; SELECT $1::text");
    expect(statements.map((s) => s.text)).toEqual(["SELECT 1 =--x;\n1", "SELECT $1::text"]);
  });
});

describe("acknowledgement markers", () => {
  const DROP = `-- orm-switch-lint: allow drop-column the column was unused since v2.3; backed up on 2026-11-20
-- AlterTable
ALTER TABLE "tasks" DROP COLUMN "position";
`;

  it("a marker with a reason acknowledges the next statement's finding: shown, not failing", () => {
    const findings = lintMigrationSql(DROP);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.acknowledged).toEqual({
      reason: "the column was unused since v2.3; backed up on 2026-11-20",
      line: 1,
      fileWide: false,
    });
    expect(lintSummary(findings)).toEqual({ errors: 0, warnings: 0, acknowledged: 1, failed: false });
    expect(formatFindings(findings)).toContain("acknowledged at line 1: the column was unused");
  });

  it("applies to the next statement only", () => {
    const findings = lintMigrationSql(`${DROP}ALTER TABLE "users" DROP COLUMN "name";\n`);
    expect(findings.map((f) => [f.ruleId, f.line, Boolean(f.acknowledged)])).toEqual([
      ["drop-column", 3, true],
      ["drop-column", 4, false],
    ]);
  });

  it("a marker without a reason is an error and acknowledges nothing", () => {
    const findings = lintMigrationSql('-- orm-switch-lint: allow drop-table\nDROP TABLE "sessions";');
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, Boolean(f.acknowledged)])).toEqual([
      ["invalid-acknowledgement", "error", 1, false],
      ["drop-table", "error", 2, false],
    ]);
  });

  it("unknown rule ids and unknown directives are errors", () => {
    expect(openRuleIds('-- orm-switch-lint: allow drop-tabel typo here\nDROP TABLE "sessions";')).toEqual([
      "invalid-acknowledgement",
      "drop-table",
    ]);
    expect(openRuleIds('-- orm-switch-lint: ignore drop-table because\nDROP TABLE "sessions";')).toEqual([
      "invalid-acknowledgement",
      "drop-table",
    ]);
    expect(openRuleIds("-- orm-switch-lint: allow unused-acknowledgement sneaky\nSELECT 1;")).toEqual([
      "invalid-acknowledgement",
    ]);
  });

  it("allow-file covers every statement; several rule ids in one marker; marker in a block comment", () => {
    const sql = `/*
  orm-switch-lint: allow-file drop-table,truncate legacy tables, archived to S3 in ticket OPS-12
*/
DROP TABLE "downloads";
TRUNCATE "sessions";
ALTER TABLE "users" DROP COLUMN "name";
`;
    const findings = lintMigrationSql(sql);
    expect(findings.map((f) => [f.ruleId, f.acknowledged?.fileWide ?? null])).toEqual([
      ["drop-table", true],
      ["truncate", true],
      ["drop-column", null],
    ]);
    expect(findings[0]!.acknowledged!.line).toBe(2);
  });

  it("a marker that acknowledges nothing is a warning", () => {
    expect(
      lintMigrationSql('-- orm-switch-lint: allow drop-table it is fine\nDROP INDEX CONCURRENTLY "x";').map((f) => [
        f.ruleId,
        f.severity,
      ]),
    ).toEqual([["unused-acknowledgement", "warning"]]);
    expect(
      lintMigrationSql("SELECT 1;\n-- orm-switch-lint: allow drop-table after the last statement").map((f) => f.ruleId),
    ).toEqual(["unused-acknowledgement"]);
  });
});

describe("enum history", () => {
  it("follows CREATE TYPE, ADD VALUE BEFORE/AFTER, RENAME VALUE, Prisma's dance and DROP TYPE", async () => {
    const init = enumsAfterAll((await readMigrationsDir()).map((m) => m.sql));
    expect(init.get("ProjectStatus")).toEqual(["ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED"]);
    const next = enumsAfter(
      `ALTER TYPE "TaskStatus" ADD VALUE 'BLOCKED' BEFORE 'DONE';
ALTER TYPE "TaskStatus" ADD VALUE IF NOT EXISTS 'CANCELLED' AFTER 'TODO';
ALTER TYPE "Plan" RENAME VALUE 'PRO' TO 'TEAM';
CREATE TYPE "MemberRole_new" AS ENUM ('OWNER', 'MEMBER');
ALTER TYPE "MemberRole" RENAME TO "MemberRole_old";
ALTER TYPE "MemberRole_new" RENAME TO "MemberRole";
DROP TYPE "MemberRole_old";
DROP TYPE "ProjectStatus";`,
      init,
    );
    expect(Object.fromEntries(next)).toEqual({
      Plan: ["FREE", "TEAM", "ENTERPRISE"],
      MemberRole: ["OWNER", "MEMBER"],
      TaskStatus: ["TODO", "CANCELLED", "IN_PROGRESS", "BLOCKED", "DONE"],
    });
  });

  it("names the removed values from the history when Prisma's warning comment is missing", () => {
    const sql = `CREATE TYPE "Plan_new" AS ENUM ('FREE', 'ENTERPRISE');
ALTER TABLE "organizations" ALTER COLUMN "plan" TYPE "Plan_new" USING ("plan"::text::"Plan_new");
ALTER TYPE "Plan" RENAME TO "Plan_old";
ALTER TYPE "Plan_new" RENAME TO "Plan";
DROP TYPE "Plan_old";`;
    expect(lintMigrationSql(sql)[0]!.message).toContain("removes every value not in the new list");
    const findings = lintMigrationSql(sql, { knownEnums: new Map([["Plan", ["FREE", "PRO", "ENTERPRISE"]]]) });
    expect(findings.map((f) => f.ruleId)).toEqual(["drop-enum-value"]);
    expect(findings[0]!.message).toContain("removes the value(s) 'PRO'");
  });
});

describe("formatFindings", () => {
  it("shows severity, rule id, file:line, the statement, the message and the hint", () => {
    const text = formatFindings(
      lintMigrationSql('-- DropTable\nDROP TABLE "downloads";', { file: "prisma/migrations/20261201_x/migration.sql" }),
    );
    expect(text).toContain("error   drop-table  prisma/migrations/20261201_x/migration.sql:2");
    expect(text).toContain('  > DROP TABLE "downloads"');
    expect(text).toContain("  fix: ");
  });
});
