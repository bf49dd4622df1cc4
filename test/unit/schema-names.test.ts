/**
 * The pieces of schema:drizzle that need no database: Prisma's default constraint names (with the
 * 63-byte cut), operator class names, SQL literals, and the refusal scan's comment and string
 * blanking. The integration test (schema-generate.test.ts) proves all of them against Prisma's SQL.
 */
import { describe, expect, it } from "vitest";
import { sqlExpression, sqlString } from "../../src/schema/defaults.ts";
import { type LoadedSchema, withoutConnectionUrls } from "../../src/schema/dmmf.ts";
import { operatorClass } from "../../src/schema/emit-schema.ts";
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from "../../src/schema/names.ts";
import { blankedLines, findRefusals, omitsBuiltObjects } from "../../src/schema/refusals.ts";

describe("Prisma's default names", () => {
  it("joins table, columns and suffix", () => {
    expect(primaryKeyName("users")).toBe("users_pkey");
    expect(uniqueIndexName("memberships", ["organization_id", "user_id"])).toBe(
      "memberships_organization_id_user_id_key",
    );
    expect(indexName("tasks", ["project_id", "position"])).toBe("tasks_project_id_position_idx");
    expect(foreignKeyName("tasks", ["assignee_id"])).toBe("tasks_assignee_id_fkey");
  });

  it("cuts the part before the suffix so the name fits 63 bytes", () => {
    const table = "AVeryLongModelNameThatWillNeedTruncationOfItsConstraintNames";
    const name = indexName(table, ["aVeryLongFieldNameNumberTwoForTheIndex", "third"]);
    expect(Buffer.byteLength(name)).toBe(63);
    expect(name.endsWith("_idx")).toBe(true);
    // The table name alone is 60 characters: its first 59 are kept (schema:parity on keys.prisma agrees).
    expect(name).toBe(`${table.slice(0, 59)}_idx`);
    expect(primaryKeyName("x".repeat(70))).toBe(`${"x".repeat(58)}_pkey`);
  });

  it("never cuts inside a multi-byte character", () => {
    const name = uniqueIndexName("é".repeat(40), ["a"]);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^é+_key$/);
  });
});

describe("operator classes", () => {
  it("turns Prisma's ops names into PostgreSQL's", () => {
    expect(operatorClass("JsonbPathOps")).toBe("jsonb_path_ops");
    expect(operatorClass("InetOps")).toBe("inet_ops");
    expect(operatorClass("Int4MinMaxMultiOps")).toBe("int4_minmax_multi_ops");
    expect(operatorClass("TimestampTzMinMaxOps")).toBe("timestamptz_minmax_ops");
    expect(operatorClass("text_pattern_ops")).toBe("text_pattern_ops");
  });
});

describe("SQL literals in generated defaults", () => {
  it("doubles single quotes and falls back to sql.raw when a template would need escapes", () => {
    expect(sqlString(`it's`)).toBe(`'it''s'`);
    expect(sqlExpression("now()")).toBe("sql`now()`");
    expect(sqlExpression("'a`b'")).toBe(`sql.raw(${JSON.stringify("'a`b'")})`);
    expect(sqlExpression("'${x}'")).toBe(`sql.raw(${JSON.stringify("'${x}'")})`);
  });
});

describe("the refusal scan", () => {
  const schemaOf = (text: string): LoadedSchema => ({
    path: "/x/schema.prisma",
    text,
    source: {
      path: "/x/schema.prisma",
      isFolder: false,
      files: [{ name: "schema.prisma", text }],
      text,
      label: "schema.prisma",
      locate: (line) => ({ file: "schema.prisma", line }),
    },
    datamodel: { enums: [], models: [], types: [], indexes: [] },
    datasources: [{ name: "db", provider: "postgresql", schemas: [] }],
  });

  it("ignores comments and string contents", () => {
    expect(blankedLines(`a "@ignore // x" // @@ignore`)[0]).toBe(`a "${" ".repeat(12)}" `);
    const refusals = findRefusals(
      schemaOf(`model A {\n  id Int @id // @ignore this\n  note String @default("Unsupported(x) @@ignore")\n}`),
    );
    expect(refusals).toEqual([]);
  });

  it("names each construct with its line", () => {
    const text = `datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\nmodel A {\n  id Int @id\n  p Unsupported("point")?\n  x Int @ignore\n  @@ignore\n}`;
    // relationMode is supported now (the generator emits no foreign keys): not refused.
    expect(findRefusals(schemaOf(text)).map((r) => `${r.line} ${r.construct}`)).toEqual([
      `7 Unsupported("…") field`,
      "8 @ignore",
      "9 @@ignore",
    ]);
  });

  it("does not refuse @ignore, @@ignore and Unsupported once Prisma's built database was read", () => {
    const schema = schemaOf(`model A {\n  id Int @id\n  p Unsupported("point")?\n  x Int @ignore\n  @@ignore\n}`);
    expect(omitsBuiltObjects(schema)).toBe(true);
    expect(findRefusals(schema, true)).toEqual([]);
    expect(omitsBuiltObjects(schemaOf(`model A {\n  id Int @id // @ignore\n}`))).toBe(false);
  });

  it("refuses other providers from the datasource (multiSchema is supported)", () => {
    const schema = {
      ...schemaOf(`datasource db {\n  provider = "mysql"\n}`),
      datasources: [{ name: "db", provider: "mysql", schemas: ["a", "b"] }],
    };
    expect(findRefusals(schema).map((r) => `${r.line} ${r.construct}`)).toEqual([`1 provider = "mysql"`]);
  });
});

describe("Prisma 6 datasources", () => {
  it("lose their connection URLs (Prisma 7 rejects them) and nothing else, lines kept", () => {
    const text = `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl=env("D") // x\n}\nmodel url {\n  url String @id\n}`;
    expect(withoutConnectionUrls(text)).toBe(
      `datasource db {\n  provider = "postgresql"\n\n\n}\nmodel url {\n  url String @id\n}`,
    );
  });
});
