/**
 * SQL normalization: the same statement written by different libraries reads the same; literals,
 * quoted identifiers that need their quotes, and comments are handled, and shapes hide only what
 * grows with the data.
 */
import { describe, expect, it } from "vitest";
import { formatSql, normalizeSql, sqlShape } from "../../src/capture/index.ts";

describe("normalizeSql", () => {
  it("collapses whitespace, upper-cases keywords and drops quotes that are not needed", () => {
    expect(
      normalizeSql(
        `select  "users"."id",\n\t"users"."email"   from "public"."users"   where "users"."id" = $1 limit $2`,
      ),
    ).toBe("SELECT users.id, users.email FROM public.users WHERE users.id = $1 LIMIT $2");
  });

  it("keeps quotes where they matter: mixed case, reserved words, odd characters", () => {
    expect(normalizeSql(`SELECT "ProjectStatus", "user", "order", "weird name" FROM "t"`)).toBe(
      `SELECT "ProjectStatus", "user", "order", "weird name" FROM t`,
    );
  });

  it("never touches string literals, and drops comments", () => {
    expect(normalizeSql(`select 'it''s  "quoted"   select' as x -- trailing\n/* block */ from t`)).toBe(
      `SELECT 'it''s  "quoted"   select' AS x FROM t`,
    );
    expect(normalizeSql("select $tag$ a  b $tag$")).toBe("SELECT $tag$ a  b $tag$");
  });

  it("spells casts, calls and column lists one way", () => {
    expect(normalizeSql(`insert into "tasks" ("id","title") values ($1::text, lower( $2 )) returning *`)).toBe(
      "INSERT INTO tasks (id, title) VALUES ($1::text, LOWER($2)) RETURNING *",
    );
  });
});

describe("sqlShape", () => {
  it("hides parameter numbers, IN-list lengths and the number of VALUES rows", () => {
    const three = sqlShape(`SELECT * FROM t WHERE id IN ($1, $2, $3) AND x = $4`);
    const five = sqlShape(`SELECT * FROM t WHERE id IN ($1,$2,$3,$4,$5) AND x = $6`);
    expect(three).toBe("SELECT * FROM t WHERE id IN ($?, ...) AND x = $?");
    expect(five).toBe(three);
    expect(sqlShape(`INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)`)).toBe(
      "INSERT INTO t (a, b) VALUES ($?, $?), ...",
    );
  });

  it("keeps what the code decides: columns, joins, a single row's arity", () => {
    expect(sqlShape(`INSERT INTO t (a, b, c) VALUES ($1, $2, $3)`)).toBe("INSERT INTO t (a, b, c) VALUES ($?, $?, $?)");
    expect(sqlShape(`SELECT a FROM t JOIN u ON u.id = t.u WHERE t.id = $1`)).not.toBe(
      sqlShape(`SELECT a FROM t WHERE t.id = $1`),
    );
  });
});

describe("formatSql", () => {
  it("puts each clause on its own line and indents subqueries", () => {
    expect(
      formatSql(
        `select a, (select count(*) from t2 where t2.x = t.id) as n from t left join u on u.id = t.u where t.id = $1 order by a limit 1`,
      ),
    ).toBe(
      [
        "SELECT a, (",
        "  SELECT COUNT(*)",
        "  FROM t2",
        "  WHERE t2.x = t.id) AS n",
        "FROM t",
        "LEFT JOIN u ON u.id = t.u",
        "WHERE t.id = $1",
        "ORDER BY a",
        "LIMIT 1",
      ].join("\n"),
    );
  });

  it("accepts a shape and keeps its markers", () => {
    expect(formatSql(sqlShape(`INSERT INTO t (a) VALUES ($1), ($2) ON CONFLICT (a) DO NOTHING`))).toBe(
      ["INSERT INTO t (a)", "VALUES ($?), ...", "ON CONFLICT (a) DO NOTHING"].join("\n"),
    );
  });
});
