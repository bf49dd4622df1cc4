/**
 * The Drizzle code written for columns, keys and indexes read from Prisma's built database
 * (src/schema/emit-hidden.ts): the shapes catalog rows take, which the fixture may not all reach.
 * End to end (drizzle-kit's SQL equal to Prisma's) is schema-generate.test.ts on ignore.prisma.
 */
import { describe, expect, it } from "vitest";
import { builtIndex, hiddenColumnCode, ignoredTableVar, property } from "../../src/schema/emit-hidden.ts";
import type { BuiltColumn } from "../../src/schema/prisma-built.ts";

function context() {
  const used: string[] = [];
  return {
    used,
    enumVar: (schema: string, name: string) => (schema === "public" && name === "Mood" ? "moodEnum" : undefined),
    tableRef: () => undefined,
    use: (what: { pgCore?: string; helper?: string; orm?: string }) => {
      used.push(...Object.values(what).filter((v): v is string => v !== undefined));
    },
  };
}

const column = (over: Partial<BuiltColumn>): BuiltColumn => ({
  name: "c",
  type: "text",
  notNull: false,
  default: null,
  serial: false,
  enumType: null,
  isArray: false,
  ...over,
});

describe("columns read from Prisma's database", () => {
  it("keeps PostgreSQL's spelling of the type, arrays as .array() per dimension", () => {
    const ctx = context();
    expect(hiddenColumnCode(column({ type: "point" }), "A.c", ctx)).toBe(`nativeType<unknown>("point")("c")`);
    expect(hiddenColumnCode(column({ type: "integer[]", isArray: true, notNull: true }), "A.c", ctx)).toBe(
      `nativeType<unknown>("integer")("c").array().notNull()`,
    );
    expect(ctx.used).toEqual(["nativeType", "nativeType"]);
  });

  it("writes the default as PostgreSQL prints it, and serial columns as serial builders", () => {
    const ctx = context();
    expect(hiddenColumnCode(column({ type: "integer", default: "3", notNull: true }), "A.c", ctx)).toBe(
      `nativeType<unknown>("integer")("c").notNull().default(sql.raw("3"))`,
    );
    const serial = column({ type: "bigint", serial: true, notNull: true, default: `nextval('"A_c_seq"'::regclass)` });
    expect(hiddenColumnCode(serial, "A.c", ctx)).toBe(`bigserial("c", { mode: "bigint" }).notNull()`);
  });

  it("uses the schema's pgEnum for an enum column, and refuses an enum it does not have", () => {
    const ctx = context();
    const mood = column({ type: `"Mood"[]`, isArray: true, enumType: { schema: "public", name: "Mood" } });
    expect(hiddenColumnCode(mood, "A.c", ctx)).toBe(`moodEnum("c").array()`);
    const other = column({ type: "other", enumType: { schema: "public", name: "Other" } });
    expect(() => hiddenColumnCode(other, "A.c", ctx)).toThrow("A.c: enum type Other not in the schema");
  });

  it("writes indexes with method, order and operator class; refuses expression and partial indexes", () => {
    const ctx = context();
    const index = {
      name: "A_c_idx",
      unique: false,
      method: "gist",
      plain: true,
      columns: [{ name: "display name", desc: true, opclass: "point_ops" }],
    };
    expect(builtIndex(index, "A", (c) => c, ctx)).toBe(
      `index("A_c_idx").using("gist", t["display name"].desc().nullsFirst().op("point_ops"))`,
    );
    expect(() => builtIndex({ ...index, plain: false }, "A", (c) => c, ctx)).toThrow("on expressions");
  });

  it("names ignored tables apart from model tables, and quotes keys that are not identifiers", () => {
    expect(ignoredTableVar("public", "_DraftToLabel")).toBe("draftToLabelIgnoredTable");
    expect(ignoredTableVar("billing", "2fa codes")).toBe("billing2faCodesIgnoredTable");
    expect(property("t", "authorId")).toBe("t.authorId");
    expect(property("t", "display name")).toBe(`t["display name"]`);
  });
});
