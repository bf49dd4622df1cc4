/**
 * Error translation of the hand-written SQL implementation (src/sql/errors.ts over the shared
 * src/db/pg-errors.ts): real PostgreSQL errors keep the driver's error as `cause` and name the
 * constraint; errors shaped as other drivers and ORMs deliver them are translated the same way.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DataError } from "../../src/domain/errors.ts";
import type { Repositories } from "../../src/repositories/index.ts";
import { toDataError } from "../../src/sql/errors.ts";
import { createSqlRepositories } from "../../src/sql/repositories.ts";
import { useTestDatabase } from "../support/database.ts";

async function failure(work: Promise<unknown>): Promise<DataError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DataError)) throw new Error(`expected a DataError, got ${String(error)}`, { cause: error });
  return error;
}

describe("SQL implementation: error translation", () => {
  const db = useTestDatabase();
  let repos: Repositories;

  beforeAll(() => {
    repos = createSqlRepositories({ url: db.url });
  });
  afterAll(async () => {
    await repos?.close();
  });
  beforeEach(() => db.reset());

  it("a duplicate email is CONFLICT naming the field, with the driver's error as cause", async () => {
    await repos.users.create({ email: "dup@example.com", name: "A" });
    const error = await failure(repos.users.create({ email: "DUP@example.com", name: "B" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.details).toMatchObject({ constraint: "users_email_key", table: "users", fields: ["email"] });
    expect(error.cause).toBeInstanceOf(pg.DatabaseError);
    expect((error.cause as pg.DatabaseError).code).toBe("23505");
  });

  it("an unknown foreign key is NOT_FOUND naming the missing entity's table", async () => {
    const error = await failure(
      repos.sessions.create({
        userId: "cunknownunknownunknown000",
        tokenHash: "b".repeat(64),
        expiresAt: new Date(Date.now() + 1000),
      }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.details).toMatchObject({ entity: "User", constraint: "sessions_user_id_fkey" });
  });

  it("deleting a user who owns projects is CONFLICT, whichever SQLSTATE the server uses for RESTRICT", async () => {
    const owner = await repos.users.create({ email: "owner@example.com", name: "Owner" });
    const { organization } = await repos.organizations.createWithOwner({
      slug: "restrict",
      name: "R",
      ownerId: owner.id,
    });
    await repos.projects.create({ organizationId: organization.id, ownerId: owner.id, name: "P" });
    const error = await failure(repos.users.delete(owner.id));
    expect(error.code).toBe("CONFLICT");
    // PostgreSQL 18 reports an ON DELETE RESTRICT violation as 23001; 15 (and earlier) as 23503.
    expect(["23001", "23503"]).toContain((error.cause as pg.DatabaseError).code);
    expect(error.details).toMatchObject({ constraint: "projects_owner_id_fkey", table: "projects" });
  });

  it("other database errors are INTERNAL with the SQLSTATE and the driver's error as cause", async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    pool.on("error", () => {});
    try {
      const native = await pool.query("SELECT 1 / $1::int AS x", [0]).catch((e: unknown) => e);
      const error = toDataError(native);
      expect(error.code).toBe("INTERNAL");
      expect(error.details).toEqual({ sqlstate: "22012" });
      expect(error.cause).toBe(native);
    } finally {
      await pool.end();
    }
  });

  it("finds the SQLSTATE along an ORM's cause chain and reads postgres.js' field names", () => {
    const postgresJs = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      constraint_name: "organizations_slug_key",
      table_name: "organizations",
    });
    const wrapped = new Error("Failed query: insert into ...", { cause: postgresJs });
    const error = toDataError(wrapped);
    expect(error.code).toBe("CONFLICT");
    expect(error.details).toMatchObject({
      constraint: "organizations_slug_key",
      table: "organizations",
      fields: ["slug"],
    });
    expect(error.cause).toBe(wrapped);

    const fk = toDataError(
      Object.assign(new Error("fk"), { code: "23503", constraint: "tasks_project_id_fkey", table: "tasks" }),
    );
    expect(fk).toMatchObject({ code: "NOT_FOUND", details: { entity: "Project" } });
    const fkOnDelete = toDataError(
      Object.assign(new Error("fk"), { code: "23503", constraint: "x_fkey", table: "x" }),
      "delete",
    );
    expect(fkOnDelete.code).toBe("CONFLICT");
  });

  it("passes DataErrors through and turns anything else into INTERNAL with the original as cause", () => {
    const data = new DataError("FORBIDDEN", "no");
    expect(toDataError(data)).toBe(data);
    const network = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const error = toDataError(network);
    expect(error).toMatchObject({ code: "INTERNAL", message: "connect ECONNREFUSED 127.0.0.1:1" });
    expect(error.cause).toBe(network);
  });
});
