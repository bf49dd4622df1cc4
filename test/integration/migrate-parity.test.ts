/**
 * db:parity's comparison: drizzle/ as committed builds the same database as prisma/migrations, and
 * a Drizzle migration that differs by a single column default is caught and named.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../src/db/test-database.ts";
import { checkSchemaParity, DRIZZLE_MIGRATIONS_DIR } from "../../src/migrate/parity.ts";

describe("schema parity (db:parity)", () => {
  const serverUrl = inject("pgServerUrl");
  const name = uniqueTestDatabaseName();
  let prismaUrl = "";
  let altered = "";

  beforeAll(async () => {
    prismaUrl = await createDatabase(serverUrl, name, inject("pgTemplate"));
    altered = await mkdtemp(join(tmpdir(), "orm-switch-drizzle-"));
    await cp(DRIZZLE_MIGRATIONS_DIR, altered, { recursive: true });
    const file = join(altered, "0000_init.sql");
    const sql = await readFile(file, "utf8");
    const changed = sql.replace(`"count" integer DEFAULT 0 NOT NULL`, `"count" integer DEFAULT 1 NOT NULL`);
    expect(changed).not.toBe(sql);
    await writeFile(file, changed);
  });
  afterAll(async () => {
    await rm(altered, { recursive: true, force: true });
    await dropTestDatabase(serverUrl, name);
  });

  it("finds no difference between drizzle/ and prisma/migrations", async () => {
    const result = await checkSchemaParity(serverUrl, prismaUrl);
    expect(result.differences).toEqual([]);
    expect(result.equal).toBe(true);
    expect(result.counts).toMatchObject({ table: 8, enum: 4 });
  });

  it("fails when the Drizzle side differs by one column default, naming the column", async () => {
    const result = await checkSchemaParity(serverUrl, prismaUrl, altered);
    expect(result.equal).toBe(false);
    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toContain("downloads.count");
    expect(result.differences[0]).toContain("default 0");
    expect(result.differences[0]).toContain("default 1");
  });
});
