/**
 * The target resolver: URLs and environments on which node-postgres and libpq (psql, pg_dump,
 * pg_restore) could reach different databases are refused with a one-line reason; everything else
 * resolves to one explicit URL that node-postgres reads exactly as resolved.
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { resolveConnectionTarget, TargetConflictError } from "../../src/db/connection-target.ts";
import { pooledReason, selectTargetUrl } from "../../src/db/target-url.ts";
import { libpqConnection } from "../../src/migrate/pg-tools.ts";

const none: NodeJS.ProcessEnv = {};

/** What node-postgres itself makes of a URL (the Client's resolved parameters). */
function nodePostgresView(url: string) {
  const c = new pg.Client({ connectionString: url });
  return { host: c.host, port: c.port, database: c.database, user: c.user };
}

function refusal(url: string, env: NodeJS.ProcessEnv = none): string {
  try {
    resolveConnectionTarget(url, env);
  } catch (error) {
    expect(error).toBeInstanceOf(TargetConflictError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe("resolveConnectionTarget: URL query parameters (issue 12 items 1 and 2)", () => {
  it.each([
    ["postgresql://u@127.0.0.1:5432/x_test?dbname=shop", /\?dbname=shop contradicts the URL's database "x_test"/],
    [
      "postgresql://u@127.0.0.1:5432/x_test?hostaddr=10.0.0.5",
      /\?hostaddr=10\.0\.0\.5 makes libpq tools connect to 10\.0\.0\.5/,
    ],
    ["postgresql://u@0.0.0.0:5432/x_test?host=", /an empty \?host= means the local Unix socket to libpq/],
    [
      "postgresql://u@127.0.0.1:5432/x_test?host=db.example.com",
      /\?host=db\.example\.com contradicts the URL's host "127\.0\.0\.1"/,
    ],
    ["postgresql://u@127.0.0.1:5432/x_test?port=6432", /\?port=6432 contradicts the URL's port 5432/],
    ["postgresql://u@127.0.0.1:5432/x_test?user=admin", /\?user=admin contradicts the URL's user "u"/],
    ["postgresql://u@127.0.0.1:5432/x_test?service=prod", /\?service=prod makes libpq tools read a service file/],
    ["postgresql://u@127.0.0.1:5432/x_test?database=shop", /\?database= is not a libpq parameter/],
    ["postgresql://u@127.0.0.1:5432/x_test?dbname=x_test&dbname=shop", /\?dbname= is given 2 times/],
    ["postgresql://u@127.0.0.1:5432/a%2Fb", /decode differently/],
  ])("refuses %s", (url, why) => {
    expect(refusal(url)).toMatch(why);
  });

  it("accepts parameters that only repeat the URL, and the socket form postgresql:///db?host=/dir", () => {
    expect(
      resolveConnectionTarget("postgresql://u@127.0.0.1:5432/x_test?dbname=x_test&port=5432&user=u", none),
    ).toMatchObject({ host: "127.0.0.1", port: 5432, database: "x_test", user: "u" });
    const socket = resolveConnectionTarget("postgresql:///x_test?host=/var/run/postgresql&user=u", none);
    expect(socket).toMatchObject({ host: "/var/run/postgresql", port: 5432, database: "x_test", user: "u" });
    expect(nodePostgresView(socket.url)).toEqual({
      host: "/var/run/postgresql",
      port: 5432,
      database: "x_test",
      user: "u",
    });
  });

  it("keeps the parameters that do not choose the target, and the password, out of the way of the check", () => {
    const t = resolveConnectionTarget(
      "postgresql://u:p%40ss@db.example.com/app?schema=public&sslmode=require&connection_limit=5",
      none,
    );
    expect(t.params).toEqual([
      ["schema", "public"],
      ["sslmode", "require"],
      ["connection_limit", "5"],
    ]);
    expect(t.password).toBe("p@ss");
    expect(t.url).toBe(
      "postgresql://u:p%40ss@db.example.com:5432/app?schema=public&sslmode=require&connection_limit=5",
    );
  });
});

describe("resolveConnectionTarget: PG* variables (issue 12 items 1 and 3)", () => {
  it.each([
    [
      { PGDATABASE: "app_prod" },
      "postgresql://u@127.0.0.1:5432/",
      /PGDATABASE=app_prod is set and would supply the database the URL leaves out/,
    ],
    [
      { PGHOST: "db.example.internal" },
      "postgresql:///x_test",
      /PGHOST=db\.example\.internal is set and would supply the host/,
    ],
    [{ PGPORT: "6000" }, "postgresql://u@localhost/x_test", /PGPORT=6000 .* would supply the port/],
    [{ PGUSER: "admin" }, "postgresql://localhost/x_test", /PGUSER=admin .* would supply the user/],
    [
      { PGHOSTADDR: "10.0.0.5" },
      "postgresql://u@127.0.0.1:5432/x_test",
      /PGHOSTADDR=10\.0\.0\.5 is set and libpq tools connect to it/,
    ],
    [{ PGSERVICE: "prod" }, "postgresql://u@127.0.0.1:5432/x_test", /PGSERVICE=prod .* service-file entry/],
  ])("refuses %o with %s", (env, url, why) => {
    const message = refusal(url, env);
    expect(message).toMatch(why);
    expect(message).toContain("DATABASE_URL");
  });

  it("variables the URL overrides are not used, only noted", () => {
    const t = resolveConnectionTarget("postgresql://u@127.0.0.1:5432/x_test", {
      PGHOST: "db.example.com",
      PGDATABASE: "x_test",
    });
    expect(t).toMatchObject({ host: "127.0.0.1", database: "x_test", ignoredEnv: ["PGHOST"] });
  });

  it("without variables, fills in node-postgres' defaults explicitly: localhost, 5432, $USER, database = user", () => {
    const t = resolveConnectionTarget("postgresql:///", { USER: "alice" });
    expect(t).toMatchObject({ host: "localhost", port: 5432, user: "alice", database: "alice" });
    expect(t.url).toBe("postgresql://alice@localhost:5432/alice");
  });

  it("the resolved URL is what node-postgres reads, whatever PG* variables this process has", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { PGHOST: "db.example.com", PGPORT: "6000", PGDATABASE: "shop", PGUSER: "admin" });
      for (const url of [
        "postgresql://u@127.0.0.1:5432/x_test",
        "postgresql://u:pw@[::1]/x_test?sslmode=disable",
        "postgresql:///x_test?host=/tmp&user=u",
      ]) {
        const t = resolveConnectionTarget(url, none);
        expect(nodePostgresView(t.url)).toEqual({ host: t.host, port: t.port, database: t.database, user: t.user });
      }
    } finally {
      for (const key of ["PGHOST", "PGPORT", "PGDATABASE", "PGUSER"])
        if (saved[key] === undefined) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe("which URL and whether it is pooled (issue 12 item 5)", () => {
  it("DIRECT_DATABASE_URL wins over DATABASE_URL and says so", () => {
    expect(selectTargetUrl({ DATABASE_URL: "postgresql://a/x", DIRECT_DATABASE_URL: "postgresql://b/y" })).toEqual({
      url: "postgresql://b/y",
      variable: "DIRECT_DATABASE_URL",
    });
    expect(selectTargetUrl({ DATABASE_URL: "postgresql://a/x" })).toEqual({
      url: "postgresql://a/x",
      variable: "DATABASE_URL",
    });
    expect(selectTargetUrl({})).toBeUndefined();
  });

  it.each([
    ["postgresql://u@h/db?pgbouncer=true", "pgbouncer=true"],
    ["postgresql://u@h/db?pgbouncer=True", "pgbouncer=True"],
    ["postgresql://u@h/db?pgbouncer=1", "pgbouncer=1"],
    ["postgresql://u@h:6543/db", "port 6543"],
    ["postgresql://u@ep-x-123-pooler.eu-central-1.aws.neon.tech/db", "-pooler"],
  ])("%s is pooled", (url, why) => {
    expect(pooledReason(url)).toContain(why);
  });

  it.each([
    ["postgresql://u@h/db?port=6543", none, "port 6543"],
    ["postgresql://u@/db?host=%2Fvar%2Frun%2Fpostgresql&port=6543", none, "port 6543"],
  ])("%s is pooled by the port it really reaches (issue 12 audit, item 2)", (url, env, why) => {
    expect(pooledReason(url, env)).toContain(why);
  });

  it("a direct URL is not", () => {
    expect(pooledReason("postgresql://u@ep-x-123.eu-central-1.aws.neon.tech/db?pgbouncer=false")).toBeUndefined();
  });
});

describe("libpqConnection (issue 12 item 9)", () => {
  it("names host, port, database and user explicitly, translates or drops Prisma's parameters, and inherits no PG* variable", () => {
    const saved = process.env.PGHOSTADDR;
    process.env.PGHOSTADDR = "10.0.0.5";
    try {
      const conn = libpqConnection(
        "postgresql://u:s3cret@127.0.0.1:5432/x_test?schema=public&connection_limit=5&pgbouncer=true&sslmode=no-verify&pool_timeout=10&socket_timeout=5&statement_cache_size=0&application_name=o'k",
      );
      expect(conn.dbname).toBe(
        `host='127.0.0.1' port='5432' dbname='x_test' user='u' sslmode='require' application_name='o\\'k'`,
      );
      expect(conn.dropped).toEqual([
        "schema",
        "connection_limit",
        "pgbouncer",
        "pool_timeout",
        "socket_timeout",
        "statement_cache_size",
      ]);
      expect(conn.env.PGPASSWORD).toBe("s3cret");
      expect(
        Object.keys(conn.env).filter(
          (k) => k.startsWith("PG") && !["PGPASSWORD", "PGSERVICEFILE", "PGSYSCONFDIR"].includes(k),
        ),
      ).toEqual([]);
      expect(conn.dbname).not.toContain("s3cret");
    } finally {
      if (saved === undefined) delete process.env.PGHOSTADDR;
      else process.env.PGHOSTADDR = saved;
    }
  });
});
