/**
 * The server-time probe (src/bench/server-time.ts) on real PostgreSQL: each statement is explained
 * on the same connection just before it runs and the probe is rolled back, so the caller sees the
 * very results it would see without the probe, inside and outside its own transactions, and a
 * failing statement still fails for the caller.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeClient } from "../../src/bench/server-time.ts";
import { useTestDatabase } from "../support/database.ts";
import { closeOwned, owned } from "../support/owned-pool.ts";

const db = useTestDatabase();

describe("server-time probe", () => {
  let pool: pg.Pool;
  const totals = { planningMs: 0, executionMs: 0, statements: 0, unexplained: 0 };
  let probing = true;

  beforeAll(async () => {
    pool = owned(new pg.Pool({ connectionString: db.url, max: 1 }));
    await pool.query("CREATE TABLE probe_items (id int PRIMARY KEY, label text NOT NULL)");
    pool.on("connect", (client) => probeClient(client, () => (probing ? totals : undefined)));
    // The connection the CREATE used is already open: take it out of the pool so the next one is probed.
    const first = await pool.connect();
    first.release(true);
  });
  afterAll(async () => {
    await closeOwned(pool);
  });

  it("measures every statement without changing what the caller sees, in and out of transactions", async () => {
    const inserted = await pool.query("INSERT INTO probe_items (id, label) VALUES ($1, $2) RETURNING id, label", [
      1,
      "one",
    ]);
    expect(inserted.rows).toEqual([{ id: 1, label: "one" }]);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query({ text: "INSERT INTO probe_items (id, label) VALUES ($1, $2)", values: [2, "two"] });
      const seen = await client.query("SELECT count(*)::int AS n FROM probe_items");
      expect(seen.rows[0]).toEqual({ n: 2 });
      // A failing statement fails for the caller as before (and aborts its transaction).
      await expect(client.query("INSERT INTO probe_items (id, label) VALUES ($1, $2)", [1, "again"])).rejects.toThrow(
        /duplicate key/,
      );
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    probing = false;
    const after = await pool.query("SELECT id, label FROM probe_items ORDER BY id");
    expect(after.rows).toEqual([{ id: 1, label: "one" }]);
    // Three statements explained and the failing INSERT not (BEGIN and ROLLBACK are never probed).
    expect(totals.statements).toBe(3);
    expect(totals.unexplained).toBe(1);
    expect(totals.executionMs).toBeGreaterThan(0);
    expect(totals.planningMs).toBeGreaterThan(0);
  });
});
