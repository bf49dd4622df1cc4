/**
 * GET /health/db against a PostgreSQL this test starts, stops and starts again itself: 200 while it
 * is up, 503 while it is down, 200 again once it is back; and 503 when the schema is not as the
 * migrations say.
 */
import type { Server } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedServer, startEmbeddedPostgres } from "../../src/db/embedded.ts";
import { createDatabase } from "../../src/db/test-database.ts";
import { HealthChecker, type HealthReport } from "../../src/health/check.ts";
import { startHealthServer } from "../../src/health/server.ts";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";

describe("GET /health/db", () => {
  let postgres: EmbeddedServer;
  let url: string;
  let checker: HealthChecker;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres();
    url = await createDatabase(postgres.url, "orm_switch_health_test");
    await applyMigrationsPlain(url);
    checker = new HealthChecker({ url, implementations: ["sql", "prisma", "drizzle"] });
    const started = await startHealthServer(checker);
    server = started.server;
    base = `http://127.0.0.1:${started.port}`;
  });
  afterAll(async () => {
    server?.close();
    await checker?.close();
    await postgres?.stop();
  });

  const get = async (): Promise<{ status: number; body: HealthReport }> => {
    const response = await fetch(`${base}/health/db`);
    return { status: response.status, body: (await response.json()) as HealthReport };
  };

  it("answers 200 with latency, a clean schema check and every implementation", async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.database.ok).toBe(true);
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.schema).toMatchObject({
      ok: true,
      pending: [],
      failed: [],
      modifiedAfterApply: [],
      missingEnums: [],
      drift: [],
    });
    expect(Object.keys(body.implementations).sort()).toEqual(["drizzle", "prisma", "sql"]);
    for (const result of Object.values(body.implementations)) expect(result.ok).toBe(true);
  });

  it("answers 503 while the database is stopped and 200 again after it is back", async () => {
    await postgres.pause();
    const down = await get();
    expect(down.status).toBe(503);
    expect(down.body.database.ok).toBe(false);
    expect(down.body.database.attempts).toBeGreaterThan(1);

    await postgres.resume();
    let up = await get();
    // The first check after a restart may still meet connections the restart killed; it retries.
    for (let i = 0; i < 5 && up.status !== 200; i++) up = await get();
    expect(up.status).toBe(200);
    expect(up.body.status).toBe("ok");
  });

  it("answers 503 when a migration is recorded as failed", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('health-test', 'x', '20990101000000_broken', now())`,
      );
      const { status, body } = await get();
      expect(status).toBe(503);
      expect(body.schema?.failed).toEqual(["20990101000000_broken"]);
    } finally {
      await client.query(`DELETE FROM "_prisma_migrations" WHERE id = 'health-test'`);
      await client.end();
    }
  });

  it("answers 503 on drift a migration history cannot show (a manual ALTER TABLE), 200 once it is undone", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`ALTER TABLE "projects" ALTER COLUMN "metadata" DROP NOT NULL`);
      const drifted = await get();
      expect(drifted.status).toBe(503);
      expect(drifted.body.schema?.pending).toEqual([]);
      expect(drifted.body.schema?.drift).toEqual(["column projects.metadata is nullable, expected NOT NULL"]);
    } finally {
      await client.query(`ALTER TABLE "projects" ALTER COLUMN "metadata" SET NOT NULL`);
      await client.end();
    }
    expect((await get()).status).toBe(200);
  });

  it("runs the schema check on the direct URL and the queries on the pooled one", async () => {
    // A direct URL pointing at an unmigrated database: the query path is fine, the schema is not.
    const emptyUrl = await createDatabase(postgres.url, "orm_switch_health_direct_test");
    const split = new HealthChecker({ url, directUrl: emptyUrl });
    try {
      const report = await split.check();
      expect(report.database.ok).toBe(true);
      expect(report.schema?.ok).toBe(false);
      expect(report.schema?.pending.length).toBeGreaterThan(0);
      expect(report.schema?.missingEnums).toEqual(["Plan", "MemberRole", "ProjectStatus", "TaskStatus"]);
    } finally {
      await split.close();
    }
  });
});
