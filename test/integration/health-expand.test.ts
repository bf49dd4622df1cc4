/**
 * Health during a rolling deploy (issue #12, item 10): after newer code's expand migration (a
 * nullable column, a new table, an enum label, a migration this code does not have) the old code
 * stays healthy and reports what it saw; what breaks the old code is still a 503. And `serve`
 * listens where it is told (flags, then environment, then 127.0.0.1:3000).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HealthChecker } from "../../src/health/check.ts";
import { DEFAULT_LISTEN, listenAddress, startHealthServer } from "../../src/health/server.ts";
import { applyMigrationsPlain } from "../../src/migrate/apply-sql.ts";
import { withMigrateLock } from "../../src/migrate/lock.ts";
import { queryOnce as sql, useEmptyDatabases } from "../support/scratch-databases.ts";

const emptyDatabase = useEmptyDatabases();
const ROOT = resolve(import.meta.dirname, "../..");

async function migrated(): Promise<string> {
  const url = await emptyDatabase();
  await applyMigrationsPlain(url);
  return url;
}

async function check(url: string) {
  const checker = new HealthChecker({ url });
  try {
    return await checker.check();
  } finally {
    await checker.close();
  }
}

describe("health after an expand migration by newer code", () => {
  it("stays ok and reports the extra column, table, enum label and migration", async () => {
    const url = await migrated();
    // What the next release's migration does, recorded as applied by it.
    await sql(
      url,
      `ALTER TABLE "users" ADD COLUMN "nickname" TEXT; ALTER TABLE "tasks" ADD COLUMN "weight" INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE "labels" ("id" TEXT PRIMARY KEY); ALTER TYPE "TaskStatus" ADD VALUE 'BLOCKED';
      INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('next', 'x', '20990101000000_expand', now(), now(), 1)`,
    );
    const report = await check(url);
    expect(report.status).toBe("ok");
    expect(report.schema).toMatchObject({ ok: true, drift: [], pending: [], failed: [] });
    const expand = report.schema!.expand.join("\n");
    expect(expand).toMatch(/column users\.nickname \(text, nullable\)/);
    expect(expand).toMatch(/column tasks\.weight \(integer, NOT NULL with a default\)/);
    expect(expand).toMatch(/table labels/);
    expect(expand).toMatch(/enum TaskStatus has label\(s\) BLOCKED/);
    expect(expand).toMatch(/20990101000000_expand/);
  });

  it("is unavailable when the old code breaks: a missing column, or a NOT NULL column without default", async () => {
    const url = await migrated();
    await sql(url, `ALTER TABLE "users" ADD COLUMN "tenant" TEXT NOT NULL`);
    let report = await check(url);
    expect(report.status).toBe("unavailable");
    expect(report.schema!.drift).toEqual([
      expect.stringMatching(/users\.tenant is NOT NULL without a default .* inserts into users fail/),
    ]);

    await sql(url, `ALTER TABLE "users" DROP COLUMN "tenant"; ALTER TABLE "tasks" DROP COLUMN "position"`);
    report = await check(url);
    expect(report.status).toBe("unavailable");
    expect(report.schema!.drift).toEqual(["column tasks.position is missing"]);
  });

  it("an unfinished migration while its apply holds the lock is in progress, not failed", async () => {
    const url = await migrated();
    await sql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('running', 'x', '20990101000000_running', now())`,
    );
    await withMigrateLock(url, async () => {
      const report = await check(url);
      expect(report.status).toBe("ok");
      expect(report.schema!.expand.join("\n")).toMatch(/being applied right now.*20990101000000_running/);
    });
    // Without the lock, nobody is applying it: failed.
    const after = await check(url);
    expect(after.status).toBe("unavailable");
    expect(after.schema!.failed).toEqual(["20990101000000_running"]);
  });
});

describe("serve's listening address", () => {
  it("flags win over HOST/PORT, which win over the documented default", () => {
    expect(listenAddress({}, {})).toEqual(DEFAULT_LISTEN);
    expect(DEFAULT_LISTEN).toEqual({ host: "127.0.0.1", port: 3000 });
    expect(listenAddress({}, { HOST: "0.0.0.0", PORT: "8080" })).toEqual({ host: "0.0.0.0", port: 8080 });
    expect(listenAddress({ host: "::1", port: "0" }, { HOST: "0.0.0.0", PORT: "8080" })).toEqual({
      host: "::1",
      port: 0,
    });
    expect(() => listenAddress({ port: "80a" }, {})).toThrow(/--port: "80a" is not a port number/);
    expect(() => listenAddress({}, { PORT: "70000" })).toThrow(/PORT/);
  });

  it("npm run serve -- --host <addr> --port 0 listens there and answers", async () => {
    const url = await migrated();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/serve.ts", "--host", "127.0.0.2", "--port", "0", "--impls", "sql"],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, DIRECT_DATABASE_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const address = await new Promise<string>((done, fail) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          const m = /serve: (http:\/\/\S+\/health\/db)/.exec(text);
          if (m) done(m[1]!);
        });
        child.once("exit", (code) => fail(new Error(`serve exited with ${code}`)));
      });
      expect(address).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/health\/db$/);
      const response = await fetch(address);
      expect(response.status, await response.clone().text()).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
  }, 60_000);

  it("startHealthServer binds the host it is given", async () => {
    const url = await migrated();
    const checker = new HealthChecker({ url });
    const { server, port } = await startHealthServer(checker, 0, "127.0.0.2");
    try {
      expect(server.address()).toMatchObject({ address: "127.0.0.2", port });
      expect((await fetch(`http://127.0.0.2:${port}/health/db`)).status).toBe(200);
      await expect(fetch(`http://127.0.0.1:${port}/health/db`)).rejects.toThrow();
    } finally {
      server.close();
      await checker.close();
    }
  });
});
