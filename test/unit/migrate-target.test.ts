/**
 * Target detection and the --yes guard: which targets are production-like and why, which are
 * disposable test databases, and what the refusal says.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  assertMayWrite,
  confirmWithServer,
  describeTarget,
  formatBanner,
  refusalLine,
  TargetRefusedError,
} from "../../src/migrate/target.ts";

const LOCAL_TEST = "postgresql://postgres:secret@127.0.0.1:5432/app_test";
const none: NodeJS.ProcessEnv = {};

describe("describeTarget", () => {
  it("reads host, port, database, user and redacts the password", () => {
    const t = describeTarget("postgresql://alice:s3cret@db.example.com:6543/shop", none);
    expect(t).toMatchObject({
      host: "db.example.com",
      port: "6543",
      database: "shop",
      user: "alice",
      environment: "unset",
    });
    expect(t.redacted).not.toContain("s3cret");
    expect(t.redacted).toContain("***");
  });

  it("treats a local test-named database as disposable and not production-like", () => {
    const t = describeTarget(LOCAL_TEST, none);
    expect(t.productionLike).toBe(false);
    expect(t.reasons).toEqual([]);
    expect(t.disposableTest).toBe(true);
    for (const host of ["localhost", "127.0.0.1", "[::1]"])
      expect(describeTarget(`postgresql://u@${host}/x_tmp`, none).disposableTest).toBe(true);
  });

  it("a local database without a test-like name is not disposable (but not production-like either)", () => {
    const t = describeTarget("postgresql://postgres@localhost:5432/app", none);
    expect(t.disposableTest).toBe(false);
    expect(t.productionLike).toBe(false);
  });

  it.each([
    ["APP_ENV", "production"],
    ["APP_ENV", "staging"],
    ["NODE_ENV", "prod"],
    ["NODE_ENV", "live"],
  ])("is production-like when %s=%s, even for a local test database", (key, value) => {
    const t = describeTarget(LOCAL_TEST, { [key]: value });
    expect(t.environment).toBe(value);
    expect(t.productionLike).toBe(true);
    expect(t.reasons.join("\n")).toContain(`environment is "${value}" (${key})`);
  });

  it("APP_ENV wins over NODE_ENV", () => {
    const t = describeTarget(LOCAL_TEST, { APP_ENV: "development", NODE_ENV: "production" });
    expect(t.environment).toBe("development");
    expect(t.productionLike).toBe(false);
  });

  it.each([
    ["ep-cool-rain-123456.us-east-2.aws.neon.tech", "Neon"],
    ["mydb.abc123.eu-west-1.rds.amazonaws.com", "AWS RDS"],
    ["db.abcdefgh.supabase.co", "Supabase"],
    ["aws-0-eu-central-1.pooler.supabase.com", "Supabase"],
    ["dpg-xyz.oregon-postgres.render.com", "Render"],
    ["roundhouse.proxy.rlwy.net", "Railway"],
    ["srv.postgres.database.azure.com", "Azure"],
  ])("is production-like for the hosted provider host %s", (host, provider) => {
    const t = describeTarget(`postgresql://u:p@${host}:5432/app`, none);
    expect(t.productionLike).toBe(true);
    expect(t.reasons.join("\n")).toContain(provider);
  });

  it("is production-like for a prod-labelled host and for a production database name", () => {
    expect(describeTarget("postgresql://u@db.prod.example.com/app", none).reasons.join("\n")).toContain(
      "says production",
    );
    const named = describeTarget("postgresql://u@localhost/app_production", none);
    expect(named.productionLike).toBe(true);
    expect(named.reasons).toEqual([`database name "app_production" says production`]);
  });

  // The README's and docs/safe-migrations.md's promise, word for word (issue 12 audit, item 6).
  it.each(["app_prod", "prod-main", "live", "app_production", "prod", "production", "shop-live", "APP_PROD"])(
    "database name %s says production",
    (database) => {
      const t = describeTarget(`postgresql://u@localhost/${database}`, none);
      expect(t.reasons).toContain(`database name "${database}" says production`);
      expect(t.productionLike).toBe(true);
    },
  );

  it.each(["product", "prodapp", "app_production2", "products_test", "liver", "delivery"])(
    "database name %s does not say production",
    (database) => {
      const t = describeTarget(`postgresql://u@localhost/${database}`, none);
      expect(t.reasons).toEqual([]);
      expect(t.productionLike).toBe(false);
    },
  );

  it("treats any other remote host as production-like unless it is listed as safe", () => {
    const remote = describeTarget("postgresql://u@10.0.0.7:5432/app_test", none);
    expect(remote.productionLike).toBe(true);
    expect(remote.disposableTest).toBe(false);
    expect(remote.reasons.join("\n")).toContain("is not this machine");
    const safe = describeTarget("postgresql://u@10.0.0.7:5432/app_test", { ORM_SWITCH_SAFE_HOSTS: "10.0.0.7" });
    expect(safe.productionLike).toBe(false);
    // A safe listing waives host guesses only, never the environment.
    expect(
      describeTarget("postgresql://u@10.0.0.7/app", { ORM_SWITCH_SAFE_HOSTS: "10.0.0.7", APP_ENV: "production" })
        .productionLike,
    ).toBe(true);
  });

  it("honours ORM_SWITCH_PRODUCTION_HOSTS with exact, wildcard and host/database entries", () => {
    const env = { ORM_SWITCH_PRODUCTION_HOSTS: "127.0.0.1/billing_test, *.corp.internal" };
    expect(describeTarget("postgresql://u@127.0.0.1/billing_test", env).productionLike).toBe(true);
    expect(describeTarget("postgresql://u@127.0.0.1/other_test", env).productionLike).toBe(false);
    const wild = describeTarget("postgresql://u@pg1.corp.internal/x", {
      ...env,
      ORM_SWITCH_SAFE_HOSTS: "*.corp.internal",
    });
    expect(wild.productionLike).toBe(true);
    expect(wild.reasons.join("\n")).toContain(`"*.corp.internal"`);
  });

  describe("orm-switch.config.json", () => {
    const cwd = process.cwd();
    let dir = "";
    afterEach(async () => {
      process.chdir(cwd);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("reads productionTargets and safeTargets from the current directory", async () => {
      dir = await mkdtemp(join(tmpdir(), "orm-switch-target-"));
      await writeFile(
        join(dir, "orm-switch.config.json"),
        JSON.stringify({ productionTargets: ["localhost/main_test"], safeTargets: ["ci-postgres"] }),
      );
      process.chdir(dir);
      expect(describeTarget("postgresql://u@localhost/main_test", none).reasons.join("\n")).toContain(
        "productionTargets",
      );
      expect(describeTarget("postgresql://u@ci-postgres/app_test", none).productionLike).toBe(false);
    });

    it("rejects a malformed list instead of ignoring it", async () => {
      dir = await mkdtemp(join(tmpdir(), "orm-switch-target-"));
      await writeFile(join(dir, "orm-switch.config.json"), JSON.stringify({ productionTargets: "db.example.com" }));
      process.chdir(dir);
      expect(() => describeTarget(LOCAL_TEST, none)).toThrow(/"productionTargets" must be an array/);
    });
  });

  it("rejects something that is not a URL with a readable message, without echoing the password", () => {
    expect(() => describeTarget("host=foo password=hunter2", none)).toThrow(/not a PostgreSQL connection URL/);
    expect(() => describeTarget("host=foo password=hunter2", none)).not.toThrow(/hunter2/);
  });
});

describe("formatBanner", () => {
  it("names host, database, user, environment and the production-like verdict with reasons", () => {
    const banner = formatBanner(
      "db:migrate:apply",
      describeTarget("postgresql://bob:pw@ep-x.neon.tech/app", { APP_ENV: "production" }),
    );
    for (const part of [
      "db:migrate:apply",
      "ep-x.neon.tech:5432",
      "app",
      "bob",
      "production",
      "production-like: YES",
      "Neon",
    ])
      expect(banner).toContain(part);
    expect(banner).not.toContain("pw");
    expect(formatBanner("db:push", describeTarget(LOCAL_TEST, none))).toContain("production-like: no");
  });
});

describe("assertMayWrite", () => {
  it("refuses a production-like target without --yes, saying why and what to run", () => {
    const t = describeTarget("postgresql://u@ep-x.neon.tech/app", none);
    let error: unknown;
    try {
      assertMayWrite(t, { yes: false, command: "db:migrate:apply" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TargetRefusedError);
    const message = (error as Error).message;
    expect(message).toContain("not writing to u@ep-x.neon.tech:5432/app");
    expect(message).toContain("Neon");
    expect(message).toContain("npm run db:migrate:apply -- --yes");
    // Issue 12 item 13: the command adds its prefix once (refusalLine), so the message carries none.
    expect(message).not.toMatch(/^db:/);
    expect(refusalLine("db:migrate:apply", error as TargetRefusedError)).toMatch(
      /^db:migrate:apply: refused: not writing to/,
    );
  });

  it("names the variable the target came from (issue 12 item 13)", () => {
    const t = describeTarget("postgresql://u@ep-x.neon.tech/app", none, "DIRECT_DATABASE_URL");
    expect(() => assertMayWrite(t, { yes: false, command: "db:migrate:apply" })).toThrow(
      /point DIRECT_DATABASE_URL at the right database/,
    );
    expect(formatBanner("db:migrate:apply", t)).toContain("from:            DIRECT_DATABASE_URL");
  });

  it("passes a production-like target with --yes, and anything not production-like", () => {
    expect(() =>
      assertMayWrite(describeTarget("postgresql://u@ep-x.neon.tech/app", none), { yes: true, command: "x" }),
    ).not.toThrow();
    expect(() => assertMayWrite(describeTarget(LOCAL_TEST, none), { yes: false, command: "x" })).not.toThrow();
  });
});

describe("confirmWithServer (what the server says it reached)", () => {
  const server = {
    database: "app_test",
    user: "postgres",
    schema: "public",
    address: "127.0.0.1",
    port: 5432,
    version: "18.4",
    systemIdentifier: "7712240477221324920",
  };

  it("accepts the server's answer when it matches, and shows it in the banner", () => {
    const t = confirmWithServer(describeTarget(LOCAL_TEST, none), server, none);
    expect(t.disposableTest).toBe(true);
    expect(formatBanner("db:restore", t)).toContain(
      "server says:     database app_test, user postgres, at 127.0.0.1:5432",
    );
  });

  it("refuses when the server names another database or user (a pooler alias, PGOPTIONS role)", () => {
    expect(() => confirmWithServer(describeTarget(LOCAL_TEST, none), { ...server, database: "shop" }, none)).toThrow(
      /reached database "shop", not "app_test"/,
    );
    expect(() => confirmWithServer(describeTarget(LOCAL_TEST, none), { ...server, user: "admin" }, none)).toThrow(
      /user "admin", not "postgres"/,
    );
  });

  it("refuses when unqualified names resolve to another schema than the banner names (audit item 7)", () => {
    expect(() => confirmWithServer(describeTarget(LOCAL_TEST, none), { ...server, schema: "elsewhere" }, none)).toThrow(
      /resolve to schema "elsewhere", not "public"/,
    );
    expect(() => confirmWithServer(describeTarget(LOCAL_TEST, none), { ...server, schema: null }, none)).toThrow(
      /resolve to no schema at all/,
    );
    const tenant = describeTarget(`${LOCAL_TEST}?schema=tenant1`, none);
    expect(tenant.schema).toBe("tenant1");
    expect(() => confirmWithServer(tenant, server, none)).toThrow(/resolve to schema "public", not "tenant1"/);
    expect(confirmWithServer(tenant, { ...server, schema: "tenant1" }, none).schema).toBe("tenant1");
  });

  it("a local URL whose server answers elsewhere (tunnel, forwarded port) is not this machine", () => {
    for (const answer of [
      { ...server, address: "203.0.113.7" },
      { ...server, port: 5433 },
    ]) {
      const t = confirmWithServer(describeTarget(LOCAL_TEST, none), answer, none);
      expect(t.disposableTest).toBe(false);
      expect(t.productionLike).toBe(true);
      expect(t.reasons.join("\n")).toMatch(/a tunnel or forwarded port may lead anywhere/);
    }
    // Listed as safe: the host guess is waived.
    expect(
      confirmWithServer(
        describeTarget(LOCAL_TEST, none),
        { ...server, port: 5433 },
        { ORM_SWITCH_SAFE_HOSTS: "127.0.0.1" },
      ).productionLike,
    ).toBe(false);
  });
});
