/**
 * The facade sends every statement flattened (src/compat/flat-sql.ts): Drizzle must render the flat
 * statement to exactly the text, parameters and parameter types of the tree it came from.
 */
import { type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { flattenSql } from "../../src/compat/flat-sql.ts";
import { projectCompatSchema } from "../../src/compat/project-schema.ts";
import { selectQuery, selectionFor } from "../../src/compat/selection.ts";
import { newQueryContext } from "../../src/compat/sql-util.ts";
import { parseTimestamp } from "../../src/compat/values.ts";
import { tasks, users } from "../../src/drizzle/schema.ts";

const dialect = new PgDialect();
const render = (query: SQL) => dialect.sqlToQuery(query);

function expectSameRendering(query: SQL): void {
  const flat = flattenSql(query);
  expect(render(flat)).toEqual(render(query));
}

/** Chunks of a flat statement that are fragments themselves (none, unless they inline parameters). */
function nestedFragments(query: SQL): number {
  return query.queryChunks.filter((c) => c !== null && typeof c === "object" && "queryChunks" in c).length;
}

describe("flattenSql", () => {
  it("renders nested fragments, quoted names and parameters of every kind exactly as the tree", () => {
    const date = new Date("2026-03-04T05:06:07.089Z");
    const inner = sql`${sql.identifier('we"ird')} = ${sql.param("text")} AND ${sql.identifier("n")} IN ${[1, 2]}`;
    const query = sql`SELECT ${sql.raw('"t0".*')} FROM ${users} AS ${sql.identifier("t0")} WHERE (${inner}) AND ${sql.param(
      null,
    )} IS NULL OR ${sql.param(42)} > ${sql.param(10n)} OR ${sql.param(true)} OR ${sql.param(date)} < now() OR ${sql.param(
      ["a", "b"],
    )} && ${users.email}${undefined} LIMIT ${5}`;
    expectSameRendering(query);
  });

  it("keeps a parameter with an encoder, and every parameter's position and typing", () => {
    const query = sql`UPDATE ${tasks} SET ${sql.identifier("updated_at")} = ${sql.param(new Date(0), tasks.updatedAt)}, ${sql.identifier(
      "title",
    )} = ${sql.param("x", tasks.title)} WHERE ${sql.identifier("id")} = ${sql.param("t1")}`;
    expectSameRendering(query);
    expect(render(flattenSql(query)).typings).toEqual(["timestamp", "none", "none"]);
  });

  it("leaves fragments that inline their parameters whole", () => {
    const inlined = sql`${"it's"} || ${sql.param(7)}`.inlineParams();
    const query = sql`SELECT ${inlined}, ${sql.param("bound")}`;
    expectSameRendering(query);
    expect(render(flattenSql(query)).sql).toBe(`SELECT 'it''s' || 7, $1`);
    expect(flattenSql(inlined)).toBe(inlined);
  });

  it("joins the tree into text runs around the parameters", () => {
    const query = sql`SELECT ${sql.join([sql`${sql.identifier("a")}`, sql`${sql.identifier("b")}`], sql`, `)} WHERE x = ${sql.param("v")}`;
    const flat = flattenSql(query);
    expect(nestedFragments(flat)).toBe(0);
    expect(flat.queryChunks).toHaveLength(2);
  });

  it("renders the facade's own statements (relations, filters, order, pagination) exactly", () => {
    const schema = projectCompatSchema();
    const shapes: Array<[string, Record<string, unknown>]> = [
      ["User", { where: { email: { contains: "a", mode: "insensitive" } }, orderBy: { createdAt: "desc" }, take: 5 }],
      [
        "Organization",
        {
          where: { memberships: { some: { role: "OWNER", user: { email: { endsWith: "@x.test" } } } } },
          include: { memberships: { include: { user: true }, orderBy: { createdAt: "asc" }, take: 3 }, _count: true },
          skip: 1,
          take: 10,
        },
      ],
      [
        "Task",
        {
          where: { OR: [{ assigneeId: null }, { status: { in: ["TODO", "DONE"] } }], NOT: { position: { gt: 3 } } },
          select: { id: true, project: { select: { name: true, tags: true } } },
          cursor: { id: "task-1" },
          take: -2,
        },
      ],
      ["AuditLog", { where: { id: { gt: 10n }, after: { equals: { a: 1 } } }, distinct: ["entityType"] }],
    ];
    for (const [modelName, args] of shapes) {
      const ctx = newQueryContext(schema, `prisma.${modelName}.findMany()`, modelName);
      const model = schema.model(modelName);
      const selection = selectionFor(ctx, model, args, "read");
      expectSameRendering(selectQuery(ctx, selection, args, ctx.nextAlias()).query);
    }
  });
});

describe("parseTimestamp", () => {
  it("reads plain timestamps (driver and JSON form) and the rest as before", () => {
    const iso = (text: string) => parseTimestamp(text).toISOString();
    expect(iso("2026-03-04 05:06:07.089")).toBe("2026-03-04T05:06:07.089Z");
    expect(iso("2026-03-04T05:06:07")).toBe("2026-03-04T05:06:07.000Z");
    expect(iso("2026-03-04 05:06:07.123456")).toBe("2026-03-04T05:06:07.123Z");
    expect(iso("0001-01-01 00:00:00")).toBe("0001-01-01T00:00:00.000Z");
    expect(iso("2026-03-04 07:36:07+02:30")).toBe("2026-03-04T05:06:07.000Z");
    expect(iso("2026-03-04 05:06:07+00")).toBe("2026-03-04T05:06:07.000Z");
    expect(iso("2026-03-04")).toBe("2026-03-04T00:00:00.000Z");
    expect(iso("12026-03-04 05:06:07")).toBe("+012026-03-04T05:06:07.000Z");
    expect(iso("0044-03-15 12:00:00 BC")).toBe("-000043-03-15T12:00:00.000Z");
    expect(Number.isNaN(parseTimestamp("infinity").getTime())).toBe(true);
    expect(() => parseTimestamp("not a time")).toThrow(/cannot read timestamp/);
  });
});
