/**
 * Prisma's Wasm schema engine through this project's own pg migration adapter, against a real
 * server: introspection with the internal "char"/name types, whole-script execution, generating a
 * migration without a target database, and history bookkeeping the engine itself accepts.
 */
import { describe, expect, inject, it } from "vitest";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { createMigration, migrationSlug, nextMigrationName } from "../../src/migrate/create.ts";
import { columnTypeOf, convertValue } from "../../src/migrate/engine/pg-migration-adapter.ts";
import { NO_FILTERS, openEngineSession } from "../../src/migrate/engine/session.ts";
import { serverShadow } from "../../src/migrate/engine/shadow.ts";
import { readMigrationStatus, statusExitCode } from "../../src/migrate/status.ts";
import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { queryOnce as sql, useEmptyDatabases } from "../support/scratch-databases.ts";
import { useScratchProjects } from "../support/migration-project.ts";

const serverUrl = inject("pgServerUrl");
const shadow = serverShadow(serverUrl);

const emptyDatabase = useEmptyDatabases();

const project = useScratchProjects();

describe("pg migration adapter", () => {
  it('gives every catalog type a column type, including the internal "char" and name', () => {
    expect(columnTypeOf(18)).toBe(ColumnTypeEnum.Character);
    expect(columnTypeOf(19)).toBe(ColumnTypeEnum.Text);
    expect(columnTypeOf(1002)).toBe(ColumnTypeEnum.CharacterArray);
    // Types the table does not list (int2vector, pg_node_tree, enums) pass through as text.
    expect(columnTypeOf(22)).toBe(ColumnTypeEnum.Text);
    expect(convertValue("{a,b}", ColumnTypeEnum.CharacterArray, 1002)).toEqual(["a", "b"]);
    expect(convertValue("2026-11-22 10:00:00.123", ColumnTypeEnum.DateTime, 1114)).toBe(
      "2026-11-22T10:00:00.123+00:00",
    );
    expect(convertValue("t", ColumnTypeEnum.Boolean, 16)).toBe(true);
  });

  it('introspects a migrated database (the catalog queries return "char") and finds it in sync', async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const p = await (await project()).load();
    const session = await openEngineSession(p, url, shadow);
    try {
      expect(await session.diff({ tag: "migrations", ...p.list() }, session.live)).toBe("");
    } finally {
      await session.close();
    }
  });

  it("runs a migration file whole: dollar-quoted bodies and semicolons in strings survive", async () => {
    const url = await emptyDatabase();
    const scratch = await project();
    await scratch.addMigration(
      "20990101000000_function",
      `CREATE FUNCTION orm_switch_greet(name text) RETURNS text AS $body$
BEGIN
  RETURN 'hello; ' || name || ';';
END;
$body$ LANGUAGE plpgsql;
CREATE TABLE "notes" ("id" TEXT PRIMARY KEY, "body" TEXT NOT NULL DEFAULT 'a;b');
`,
    );
    const p = await scratch.load();
    const session = await openEngineSession(p, url);
    try {
      const result = await session.engine.applyMigrations({ migrationsList: p.list(), filters: NO_FILTERS });
      expect(result.appliedMigrationNames).toEqual(["20261122100000_init", "20990101000000_function"]);
    } finally {
      await session.close();
    }
    expect(await sql<{ g: string }>(url, "SELECT orm_switch_greet('x') AS g")).toEqual([{ g: "hello; x;" }]);
    expect(
      await sql<{ d: string }>(
        url,
        `SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'body'`,
      ),
    ).toEqual([{ d: "'a;b'::text" }]);
  });

  it("keeps Prisma's bookkeeping: a database set up by the plain applier is up to date for the engine", async () => {
    const url = await emptyDatabase();
    await applyMigrationsPlain(url);
    const p = await (await project()).load();
    const status = await readMigrationStatus(url, p, shadow);
    expect(status).toMatchObject({
      applied: ["20261122100000_init"],
      pending: [],
      failed: [],
      edited: [],
      missingOnDisk: [],
      drift: "",
    });
    expect(statusExitCode(status)).toBe(0);
  });
});

describe("db:migrate:new", () => {
  it("names folders so they always sort after the existing ones", () => {
    expect(migrationSlug(" Add due-dates! ")).toBe("add_due_dates");
    expect(() => migrationSlug("!!!")).toThrow(/no letters or digits/);
    const now = new Date("2026-11-22T14:00:00Z");
    expect(nextMigrationName("x", ["20261122100000_init"], now)).toBe("20261122140000_x");
    // Same second as the newest, or a clock behind it: one past the newest.
    expect(nextMigrationName("x", ["20261122140000_a"], now)).toBe("20261122140001_x");
    expect(nextMigrationName("x", ["20301122140000_a"], now)).toBe("20301122140001_x");
  });

  it("writes the SQL for a schema change without any target database, and nothing when there is no change", async () => {
    const scratch = await project();
    // No change yet.
    const unchanged = await createMigration(await scratch.load(), "nothing", shadow);
    expect(unchanged).toEqual({ sql: "", name: null, path: null });

    const schema = await scratch.read("schema.prisma");
    const edited = schema.replace(/(model Task \{\n)/, '$1  dueAt DateTime? @map("due_at")\n');
    expect(edited).not.toBe(schema);
    await scratch.write("schema.prisma", edited);
    const made = await createMigration(await scratch.load(), "add due date", shadow, new Date("2099-01-01T00:00:00Z"));
    expect(made.name).toBe("20990101000000_add_due_date");
    expect(made.sql).toMatch(/ALTER TABLE "tasks" ADD COLUMN\s+"due_at" TIMESTAMP\(3\)/);
    expect(await scratch.read(`migrations/${made.name}/migration.sql`)).toBe(made.sql);

    // Generated again: the history now includes it, so there is nothing left to do.
    expect((await createMigration(await scratch.load(), "again", shadow)).path).toBeNull();
  });
});
