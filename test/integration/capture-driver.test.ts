/**
 * Driver-level capture on plain node-postgres: every calling style is recorded once, round trips
 * are counted per exchange, and nothing is recorded while no recording is open.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCapture, summarize } from "../../src/capture/index.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const db = useTestDatabase();
let capture: QueryCapture;
let pool: pg.Pool;

beforeAll(async () => {
  capture = new QueryCapture();
  pool = owned(capture.instrument(new pg.Pool({ connectionString: db.url, max: 3 })));
  // Open a connection before any recording so connection set-up does not show up in the counts.
  await pool.query("SELECT 1");
});

afterAll(async () => {
  await closeOwned(pool);
});

describe("query capture on pg", () => {
  it("records pool.query once, with text, params, rows and command", async () => {
    const rec = capture.start();
    const result = await pool.query("SELECT g AS n FROM generate_series(1, $1::int) AS g", [3]);
    const statements = rec.stop();
    expect(result.rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      seq: 0,
      text: "SELECT g AS n FROM generate_series(1, $1::int) AS g",
      params: [3],
      command: "SELECT",
      rows: 3,
      rowCount: 3,
      commands: 1,
    });
    expect(statements[0]!.durationMs).toBeGreaterThan(0);
    expect(summarize(statements)).toMatchObject({
      calls: 1,
      statements: 1,
      roundTrips: 1,
      sequentialRoundTrips: 1,
      rowsReturned: 3,
      errors: 0,
    });
  });

  it("records every calling style: config objects with rowMode and types, callbacks, promise clients", async () => {
    const rec = capture.start();
    // adapter-pg and Drizzle style: a config object with rowMode "array" and custom type parsers.
    const arrayResult = await pool.query(
      {
        text: "SELECT $1::int + 1 AS x",
        rowMode: "array",
        types: { getTypeParser: () => (v: string) => `parsed:${v}` },
      } as pg.QueryConfig,
      [41],
    );
    // Callback style on the pool and on a client.
    const viaCallback = await new Promise<number>((resolve, reject) => {
      pool.query("SELECT 2 AS y", (error: Error | undefined, res: pg.QueryResult<{ y: number }>) =>
        error ? reject(error) : resolve(res.rows[0]!.y),
      );
    });
    const client = await pool.connect();
    try {
      await new Promise<void>((resolve, reject) =>
        client.query("SELECT $1::text AS z", ["a"], (error) => (error ? reject(error) : resolve())),
      );
      await client.query({ text: "SELECT 4 AS w", values: [] });
      // A config object carrying its own callback.
      await new Promise<void>((resolve, reject) => {
        void client.query({
          text: "SELECT 5 AS v",
          callback: (error: Error | null) => (error ? reject(error) : resolve()),
        } as unknown as pg.QueryConfig);
      });
    } finally {
      client.release();
    }
    const statements = rec.stop();
    expect(arrayResult.rows).toEqual([["parsed:42"]]);
    expect(viaCallback).toBe(2);
    expect(statements.map((s) => s.text)).toEqual([
      "SELECT $1::int + 1 AS x",
      "SELECT 2 AS y",
      "SELECT $1::text AS z",
      "SELECT 4 AS w",
      "SELECT 5 AS v",
    ]);
    expect(statements.map((s) => s.params)).toEqual([[41], [], ["a"], [], []]);
    expect(statements.every((s) => s.command === "SELECT" && s.rows === 1 && s.durationMs >= 0)).toBe(true);
    expect(summarize(statements).roundTrips).toBe(5);
  });

  it("counts BEGIN/COMMIT/ROLLBACK as statements and round trips, on the transaction's own connection", async () => {
    const client = await pool.connect();
    const rec = capture.start();
    try {
      await client.query("BEGIN");
      await client.query("CREATE TEMP TABLE capture_tx (v int) ON COMMIT DROP");
      await client.query("INSERT INTO capture_tx VALUES (1), (2)");
      await client.query("COMMIT");
      await client.query("BEGIN");
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    const statements = rec.stop();
    expect(statements.map((s) => s.command)).toEqual(["BEGIN", "CREATE", "INSERT", "COMMIT", "BEGIN", "ROLLBACK"]);
    expect(new Set(statements.map((s) => s.connection)).size).toBe(1);
    expect(summarize(statements)).toMatchObject({ statements: 6, roundTrips: 6, rowsAffected: 2, rowsReturned: 0 });
  });

  it("counts a multi-statement simple query as one round trip holding several statements", async () => {
    const rec = capture.start();
    const results = (await pool.query(
      "SELECT 1 AS a; SELECT 2 AS b UNION ALL SELECT 3",
    )) as unknown as pg.QueryResult[];
    const statements = rec.stop();
    expect(results).toHaveLength(2);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ commands: 2, rows: 3, command: "SELECT" });
    expect(summarize(statements)).toMatchObject({ calls: 1, statements: 2, roundTrips: 1 });
  });

  it("records failed statements with their SQLSTATE and leaves the caller's error unchanged", async () => {
    const rec = capture.start();
    const failure = await pool.query("SELECT * FROM no_such_table_here").catch((error: unknown) => error);
    const statements = rec.stop();
    expect((failure as { code?: string }).code).toBe("42P01");
    expect(statements).toHaveLength(1);
    expect(statements[0]!.error).toMatchObject({ code: "42P01" });
    expect(statements[0]!.command).toBeNull();
    expect(summarize(statements).errors).toBe(1);
  });

  it("records nothing while no recording is open, and isolates consecutive recordings", async () => {
    const first = capture.start();
    await pool.query("SELECT 'first'");
    const firstStatements = first.stop();
    await pool.query("SELECT 'between'");
    const second = capture.start();
    await pool.query("SELECT 'second'");
    const secondStatements = second.stop();
    expect(firstStatements.map((s) => s.text)).toEqual(["SELECT 'first'"]);
    expect(secondStatements.map((s) => s.text)).toEqual(["SELECT 'second'"]);
    expect(capture.recording).toBe(false);
  });

  it("gives overlapping recordings each their own copy of shared statements", async () => {
    const outer = capture.start();
    await pool.query("SELECT 'outer only'");
    const inner = capture.start();
    await pool.query("SELECT 'both'");
    const innerStatements = inner.stop();
    const outerStatements = outer.stop();
    expect(outerStatements.map((s) => [s.seq, s.text])).toEqual([
      [0, "SELECT 'outer only'"],
      [1, "SELECT 'both'"],
    ]);
    expect(innerStatements.map((s) => [s.seq, s.text])).toEqual([[0, "SELECT 'both'"]]);
  });

  it("counts queries pipelined on one connection as one round trip", async () => {
    const pipelined = owned(capture.instrument(new pg.Pool({ connectionString: db.url, max: 1, pipeline: true })));
    try {
      const client = await pipelined.connect();
      try {
        const rec = capture.start();
        // Written back to back without waiting: one exchange with the server.
        const answers = await Promise.all([
          client.query("SELECT 1 AS a"),
          client.query("SELECT 2 AS a"),
          client.query("SELECT 3 AS a"),
        ]);
        // Awaited one by one: three exchanges.
        await client.query("SELECT 4 AS a");
        await client.query("SELECT 5 AS a");
        const statements = rec.stop();
        expect(answers.map((r) => (r.rows[0] as { a: number }).a)).toEqual([1, 2, 3]);
        expect(statements).toHaveLength(5);
        expect(summarize(statements).roundTrips).toBe(3);
        expect(statements[0]!.roundTrip).toBe(statements[2]!.roundTrip);
      } finally {
        client.release();
      }
    } finally {
      await closeOwned(pipelined);
    }
  });

  it("counts concurrent queries on a normal connection as separate round trips", async () => {
    const client = await pool.connect();
    try {
      const rec = capture.start();
      await Promise.all([client.query("SELECT 1"), client.query("SELECT 2")]);
      // Queued behind each other on the wire: two exchanges, one after the other.
      expect(summarize(rec.stop())).toMatchObject({ roundTrips: 2, sequentialRoundTrips: 2 });
    } finally {
      client.release();
    }
  });

  it("counts round trips running at the same time on different connections as one sequential step", async () => {
    const rec = capture.start();
    await Promise.all([pool.query("SELECT pg_sleep(0.05)"), pool.query("SELECT pg_sleep(0.05)")]);
    await pool.query("SELECT 1");
    const statements = rec.stop();
    expect(new Set(statements.map((s) => s.connection)).size).toBeGreaterThan(1);
    expect(summarize(statements)).toMatchObject({ roundTrips: 3, sequentialRoundTrips: 2 });
  });

  it("reports connections opened while recording, and instruments connections a pool already had", async () => {
    const plain = owned(new pg.Pool({ connectionString: db.url, max: 2 }));
    try {
      await plain.query("SELECT 'opened before instrumenting'");
      const local = new QueryCapture();
      local.instrument(plain);
      const rec = local.start();
      // The idle connection is reused, then a second one opens for the concurrent query.
      const a = await plain.connect();
      const b = await plain.connect();
      await Promise.all([a.query("SELECT 'a'"), b.query("SELECT 'b'")]);
      a.release();
      b.release();
      const statements = rec.stop();
      expect(statements).toHaveLength(2);
      expect(new Set(statements.map((s) => s.connection)).size).toBe(2);
      expect(rec.connectionsOpened).toBe(1);
      expect(() => new QueryCapture().instrument(plain)).toThrow(/another QueryCapture/);
    } finally {
      await closeOwned(plain);
    }
  });

  it("capture.record returns the work's result with its statements", async () => {
    const { result, summary, statements } = await capture.record(
      async () => (await pool.query<{ n: number }>("SELECT 7 AS n")).rows[0]!.n,
    );
    expect(result).toBe(7);
    expect(statements).toHaveLength(1);
    expect(summary).toMatchObject({ calls: 1, roundTrips: 1, rowsReturned: 1 });
  });
});
