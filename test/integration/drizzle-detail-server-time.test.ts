/**
 * Drizzle's getDetail costs the server what the hand-written statement costs: both are one LATERAL
 * aggregate over the project's tasks (the earlier LEFT JOIN + GROUP BY aggregated every joined row).
 * Measured as the benchmark measures it (src/bench/server-time.ts: EXPLAIN ANALYZE of each statement
 * just before it runs), medians over interleaved calls on the benchmark's seed and its largest project.
 * The bound is loose because the machine is shared; the shapes differ by a multiple when they differ.
 */
import { describe, expect, it } from "vitest";
import { benchOperations } from "../../src/bench/operations.ts";
import { measureServerTimes } from "../../src/bench/server-time.ts";
import { seedDatabase } from "../../src/seed/index.ts";
import { useTestDatabase } from "../support/database.ts";

const db = useTestDatabase();

describe("projects.getDetail server time", () => {
  it("is as low through Drizzle as through the hand-written SQL", async () => {
    await seedDatabase(db.url, { scale: 1, demo: false });
    const getDetail = benchOperations(1).filter((o) => o.name === "projects.getDetail");
    let i = 0;
    const times = await measureServerTimes(db.url, ["sql", "drizzle"], getDetail, () => i++, 21);
    const sql = times.find((t) => t.implementation === "sql")!;
    const drizzle = times.find((t) => t.implementation === "drizzle")!;
    expect(sql.unexplained + drizzle.unexplained).toBe(0);
    expect(drizzle.statements).toBe(1);
    expect(drizzle.executionUs).toBeLessThanOrEqual(sql.executionUs * 1.5 + 50);
  });
});
