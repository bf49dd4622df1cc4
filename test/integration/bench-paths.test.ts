/**
 * Every implementation over every connection path, on real PostgreSQL: each supported pair opens,
 * writes and reads a user, runs a unit of work (or, on Neon HTTP, refuses it with the path's own
 * error), and closes; unsupported pairs say why. The path servers are checked on their own too:
 * the HTTP stand-in with the raw `neon()` driver (tagged template, batch transactions, errors), the
 * WebSocket proxy by counting the connections it carries, pgbouncer by refusing to start without
 * its binary.
 */
import { neon, neonConfig } from "@neondatabase/serverless";
import { startLatencyProxy } from "../../src/bench/net/latency-proxy.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NotSupportedOnPathError,
  notSupportedOnPath,
  openOnPath,
  PATHS,
  type PathName,
  type PathServer,
  PathUnavailableError,
  startPathServer,
  supports,
  urlForEndpoint,
} from "../../src/bench/paths/index.ts";
import { checkPaths, renderPathCheck } from "../../src/bench/paths/check.ts";
import { installNeonFetchRouting } from "../../src/bench/paths/neon.ts";
import { startPgBouncer } from "../../src/bench/paths/pgbouncer.ts";
import type { ImplementationName } from "../../src/repositories/index.ts";
import { IMPLEMENTATIONS } from "../../src/repositories/index.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();
const servers = new Map<PathName, PathServer>();

beforeAll(async () => {
  for (const path of PATHS) servers.set(path, await startPathServer(path, db.url));
}, 30_000);
afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.close()));
});

function serverFor(path: PathName): PathServer {
  const server = servers.get(path);
  if (!server) throw new Error(`no server for ${path}`);
  return server;
}

let emailCounter = 0;
const uniqueEmail = (tag: string) => `${tag}-${process.pid}-${++emailCounter}@example.com`;

describe.each(PATHS)("path %s", (path) => {
  const supported = IMPLEMENTATIONS.filter((impl) => supports(impl, path) === true);
  const unsupported = IMPLEMENTATIONS.filter((impl) => supports(impl, path) !== true);

  it.each(supported)("%s opens, reads, writes in a unit of work, and closes", async (impl) => {
    const repos = await openOnPath(impl, path, db.url, serverFor(path).endpoint);
    try {
      expect(repos.implementation).toBe(impl);
      const email = uniqueEmail(`${impl}-${path}`);
      const created = await repos.users.create({ email, name: "Path Reader" });
      const found = await repos.users.findByEmail(email.toUpperCase());
      expect(found).toEqual(created);
      expect(found?.createdAt).toBeInstanceOf(Date);

      const txEmail = uniqueEmail(`${impl}-${path}-tx`);
      const unitOfWork = repos.transaction(async (tx) => {
        const user = await tx.users.create({ email: txEmail, name: "In a transaction" });
        return tx.users.update(user.id, { name: "Updated in the transaction" });
      });
      if (path === "neon-http") {
        const failure = await unitOfWork.then(
          () => undefined,
          (error: unknown) => error,
        );
        const reason = notSupportedOnPath(failure);
        expect(reason, `expected NotSupportedOnPathError, got ${String(failure)}`).toBeInstanceOf(
          NotSupportedOnPathError,
        );
        expect(reason?.message).toMatch(/interactive transaction is not supported on path neon-http/);
        expect(await db.query("SELECT 1 FROM users WHERE email = $1", [txEmail])).toHaveLength(0);
      } else {
        const updated = await unitOfWork;
        expect(updated.name).toBe("Updated in the transaction");
        const rows = await db.query<{ name: string }>("SELECT name FROM users WHERE email = $1", [txEmail]);
        expect(rows).toEqual([{ name: "Updated in the transaction" }]);
      }
    } finally {
      await repos.close();
    }
  });

  if (unsupported.length > 0) {
    it.each(unsupported)("%s is refused with a reason", async (impl) => {
      const reason = supports(impl, path);
      expect(typeof reason).toBe("string");
      await expect(openOnPath(impl, path, db.url, serverFor(path).endpoint)).rejects.toThrow(String(reason));
    });
  }
});

describe("Neon HTTP stand-in with the raw driver", () => {
  function sqlFor() {
    installNeonFetchRouting();
    return neon(urlForEndpoint(db.url, serverFor("neon-http").endpoint));
  }

  it("answers the tagged template with values typed by the driver", async () => {
    const sql = sqlFor();
    const rows =
      await sql`SELECT ${41}::int + 1 AS answer, ${"x"}::text AS word, ARRAY['a', 'b c'] AS tags, '{"k": [1]}'::jsonb AS doc, NULL::text AS nothing`;
    expect(rows).toEqual([{ answer: 42, word: "x", tags: ["a", "b c"], doc: { k: [1] }, nothing: null }]);
  });

  it("runs sql.transaction([...]) as one transaction, committed or rolled back whole", async () => {
    const sql = sqlFor();
    const [a, b] = [uniqueEmail("batch-a"), uniqueEmail("batch-b")];
    const insert = (id: string, email: string) =>
      sql`INSERT INTO users (id, email, name, created_at, updated_at) VALUES (${id}, ${email}, 'Batch', now(), now()) RETURNING email`;
    const results = await sql.transaction([insert(`batch-a-${process.pid}`, a), insert(`batch-b-${process.pid}`, b)], {
      isolationLevel: "Serializable",
    });
    expect(results).toEqual([[{ email: a }], [{ email: b }]]);

    const c = uniqueEmail("batch-c");
    // The second insert repeats an existing email: the whole batch must roll back, c included.
    const failure = await sql
      .transaction([insert(`batch-c-${process.pid}`, c), insert(`batch-dup-${process.pid}`, a)])
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; constraint?: string },
      );
    expect(failure?.code).toBe("23505");
    expect(failure?.constraint).toBe("users_email_key");
    expect(await db.query("SELECT 1 FROM users WHERE email = $1", [c])).toHaveLength(0);
    expect(await db.query("SELECT 1 FROM users WHERE email IN ($1, $2)", [a, b])).toHaveLength(2);
  });

  it("speaks the wire format: raw text values with their type OIDs, objects without array mode, 400/404 for bad requests", async () => {
    const { host, port } = serverFor("neon-http").endpoint;
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`http://${host}:${port}/sql`, { method: "POST", headers, body: JSON.stringify(body) });
    const headers = {
      "Neon-Connection-String": urlForEndpoint(db.url, { host, port }),
      "Neon-Raw-Text-Output": "true",
    };

    const objects = await post(headers, { query: "SELECT $1::int AS n, now()::timestamp(3) AS at", params: ["7"] });
    expect(objects.status).toBe(200);
    const body = (await objects.json()) as {
      command: string;
      rowCount: number;
      rowAsArray: boolean;
      rows: Record<string, unknown>[];
      fields: { name: string; dataTypeID: number }[];
    };
    expect(body).toMatchObject({ command: "SELECT", rowCount: 1, rowAsArray: false });
    expect(body.rows[0]?.n).toBe("7");
    expect(typeof body.rows[0]?.at).toBe("string");
    expect(body.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ["n", 23],
      ["at", 1114],
    ]);

    const missing = await post({ "Neon-Raw-Text-Output": "true" }, { query: "SELECT 1" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/Neon-Connection-String/);
    const wrongPath = await fetch(`http://${host}:${port}/other`, { method: "POST" });
    expect(wrongPath.status).toBe(404);
    await wrongPath.text();
  });

  it("counts every request it serves", async () => {
    const sql = sqlFor();
    const before = serverFor("neon-http").connectionsAccepted ?? 0;
    await sql`SELECT 1`;
    await sql`SELECT 2`;
    expect(serverFor("neon-http").connectionsAccepted).toBe(before + 2);
  });
});

describe("WebSocket proxy", () => {
  it("carries the Neon WebSocket path's connections", async () => {
    const server = serverFor("neon-ws");
    const before = server.connectionsAccepted ?? 0;
    const repos = await openOnPath("sql", "neon-ws", db.url, server.endpoint);
    try {
      await repos.users.findByEmail(uniqueEmail("nobody"));
    } finally {
      await repos.close();
    }
    expect(server.connectionsAccepted).toBeGreaterThan(before);
  });
});

describe("pgbouncer", () => {
  it("is unavailable, with the install hint, where the binary is missing", async () => {
    const failure = await startPgBouncer(db.url, { bin: "/nonexistent/pgbouncer" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PathUnavailableError);
    expect((failure as Error).message).toMatch(/apt-get install pgbouncer/);
  });

  it("describes itself with its version", () => {
    expect(serverFor("pgbouncer").description).toMatch(/transaction mode.*PgBouncer \d/);
  });
});

describe("in front of a latency proxy (how the runner connects)", () => {
  const pairs: [ImplementationName, PathName][] = PATHS.map((path) => [
    supports("prisma", path) === true ? "prisma" : "drizzle",
    path,
  ]);

  it.each(pairs)("%s on %s reaches the database through the proxy at the proxy's RTT", async (impl, path) => {
    const proxy = await startLatencyProxy(serverFor(path).endpoint, 0);
    try {
      const repos = await openOnPath(impl, path, db.url, { host: "127.0.0.1", port: proxy.port });
      try {
        const email = uniqueEmail(`proxied-${impl}-${path}`);
        await repos.users.create({ email, name: "Proxied" });
        proxy.rttMs = 20;
        const started = performance.now();
        expect(await repos.users.findByEmail(email)).not.toBeNull();
        // At least one exchange went through the proxy, so the read cannot be faster than one RTT.
        expect(performance.now() - started).toBeGreaterThanOrEqual(19);
      } finally {
        await repos.close();
      }
    } finally {
      await proxy.close();
    }
  });
});

describe("real endpoints", () => {
  it("{ real: true } connects to the database URL as given and ignores the endpoint", async () => {
    const unreachable = { host: "127.0.0.1", port: 1 };
    const repos = await openOnPath("sql", "pg", db.url, unreachable, { real: true });
    try {
      expect(await repos.users.findByEmail(uniqueEmail("real"))).toBeNull();
    } finally {
      await repos.close();
    }
  });

  it("leaves the Neon driver's global WebSocket settings at their production defaults", async () => {
    const repos = await openOnPath("drizzle", "neon-ws", db.url, serverFor("neon-ws").endpoint);
    try {
      await repos.users.findByEmail(uniqueEmail("globals"));
    } finally {
      await repos.close();
    }
    // The local proxy's settings live on each connection's socket, so a real Neon pool opened in the
    // same process still gets wss://, pipelined connect and Neon's proxy address.
    expect(neonConfig.useSecureWebSocket).toBe(true);
    expect(neonConfig.pipelineConnect).toBe("password");
    expect(
      typeof neonConfig.wsProxy === "function" ? neonConfig.wsProxy("ep-x.neon.tech", 5432) : neonConfig.wsProxy,
    ).toBe("ep-x.neon.tech/v2");
  });

  it("routes Neon HTTP to the stand-in only for loopback hosts", () => {
    installNeonFetchRouting();
    const endpoint = neonConfig.fetchEndpoint;
    const resolve = (host: string, port: number) => (typeof endpoint === "function" ? endpoint(host, port) : endpoint);
    expect(resolve("127.0.0.1", 4444)).toBe("http://127.0.0.1:4444/sql");
    expect(resolve("ep-cool-name-123.us-east-2.aws.neon.tech", 5432)).toBe("https://api.us-east-2.aws.neon.tech/sql");
  });
});

describe("checkPaths (scripts/bench-paths.ts)", () => {
  it("reports each pair's status, timings and unit-of-work support, and an unavailable path with its reason", async () => {
    const previous = process.env.PGBOUNCER_BIN;
    process.env.PGBOUNCER_BIN = "/nonexistent/pgbouncer";
    try {
      const results = await checkPaths({
        databaseUrl: db.url,
        paths: ["pg", "neon-http", "pgbouncer"],
        impls: ["sql", "prisma"],
        rttMs: 0,
        samples: 3,
      });
      const byPair = new Map(results.map((r) => [`${r.impl}@${r.path}`, r]));
      expect(byPair.get("sql@pg")).toMatchObject({ status: "ok", unitOfWork: "ok" });
      expect(byPair.get("sql@pg")?.warmReadMedianMs).toBeGreaterThan(0);
      expect(byPair.get("prisma@neon-http")).toMatchObject({ status: "ok", unitOfWork: "not supported on this path" });
      expect(byPair.get("sql@pgbouncer")).toMatchObject({ status: "unavailable" });
      expect(byPair.get("sql@pgbouncer")?.reason).toMatch(/apt-get install pgbouncer/);
      const table = renderPathCheck(results, 0, 3);
      expect(table).toMatch(/\| neon-http \| prisma \| ok \|/);
      expect(table).toMatch(/Neon HTTP \(local stand-in/);
    } finally {
      if (previous === undefined) delete process.env.PGBOUNCER_BIN;
      else process.env.PGBOUNCER_BIN = previous;
    }
  });
});
