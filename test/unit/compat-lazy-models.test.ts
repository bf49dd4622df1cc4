/** The facade describes each model when first used, so making a client costs no model description. */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createCompatClientRuntime } from "../../src/compat/client.ts";
import { LazyModelMap } from "../../src/compat/lazy-models.ts";
import { type CompatSchema, describeSchema } from "../../src/compat/model-meta.ts";
import { PROJECT_MODELS } from "../../src/compat/project-schema.ts";
import * as drizzleSchema from "../../src/drizzle/schema.ts";

/** The project's schema, with every model description recorded as it is made. */
function countingSchema(): { schema: CompatSchema; described: string[] } {
  const real = describeSchema(drizzleSchema, PROJECT_MODELS);
  const described: string[] = [];
  const models = new LazyModelMap(Object.keys(PROJECT_MODELS), (name) => {
    described.push(name);
    return real.model(name);
  });
  return { schema: { models, model: (name) => models.get(name)! }, described };
}

describe("lazily described models", () => {
  it("answer size, has and keys without describing any model", () => {
    const { schema, described } = countingSchema();
    expect(schema.models.size).toBe(8);
    expect(schema.models.has("User")).toBe(true);
    expect(schema.models.has("Nope")).toBe(false);
    expect([...schema.models.keys()]).toEqual(Object.keys(PROJECT_MODELS));
    expect(schema.models.get("Nope")).toBeUndefined();
    expect(described).toEqual([]);
  });

  it("describe a model on its first get, once", () => {
    const { schema, described } = countingSchema();
    const user = schema.models.get("User");
    expect(user?.tableName).toBe("users");
    expect(schema.models.get("User")).toBe(user);
    expect(described).toEqual(["User"]);
  });

  it("describe every model, in the bindings' order, when iterated", () => {
    const { schema, described } = countingSchema();
    schema.models.get("Task");
    expect([...schema.models.values()].map((m) => m.name)).toEqual(Object.keys(PROJECT_MODELS));
    expect([...schema.models].map(([name]) => name)).toEqual(Object.keys(PROJECT_MODELS));
    expect(described).toEqual(["Task", ...Object.keys(PROJECT_MODELS).filter((n) => n !== "Task")]);
  });

  it("make a client with every delegate but no model described; an operation describes its own model", async () => {
    const { schema, described } = countingSchema();
    // A pool that is never connected: no operation reaches the database here.
    const pool = new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none" });
    const client = createCompatClientRuntime(drizzle({ client: pool }), schema);
    expect(Object.keys(client)).toEqual(expect.arrayContaining(["user", "auditLog", "organization"]));
    expect((client.user as { name: string }).name).toBe("User");
    expect(client.User).toBe(client.user);
    expect(described).toEqual([]);
    // Refused before any SQL (an unknown argument), after the model was looked up.
    const refused = await (client.user as { findUnique: (a: unknown) => Promise<unknown> })
      .findUnique({ where: { id: "x" }, nope: 1 })
      .catch((e: unknown) => e);
    expect(String(refused)).toMatch(/Unknown argument `nope`/);
    expect(described).toEqual(["User"]);
    await pool.end();
  });

  it("still refuse a binding to a table the Drizzle schema lacks when the schema is described", () => {
    expect(() => describeSchema(drizzleSchema, { ...PROJECT_MODELS, Ghost: { table: "ghosts" } })).toThrow(
      'compat schema: no Drizzle table "ghosts" for model Ghost',
    );
  });
});
