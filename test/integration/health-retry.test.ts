/**
 * Retry with backoff on real connection failures: a refused connection (nobody listening) is
 * transient and retried with growing delays; a database that does not exist is not, and fails at once.
 */
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../../src/db/embedded.ts";
import { withDatabaseName } from "../../src/db/urls.ts";
import { isTransient, withRetry } from "../../src/health/retry.ts";

async function selectOne(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  // A failed connect leaves the client unusable; end() is still called to free the socket.
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

describe("withRetry", () => {
  it("retries a refused connection with doubling delays, then reports the attempts", async () => {
    const url = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const started = performance.now();
    const error = (await withRetry(() => selectOne(url), { attempts: 4, initialDelayMs: 50 }).catch(
      (e: unknown) => e,
    )) as Error & { attempts?: number; code?: string };
    const elapsed = performance.now() - started;
    expect(error.code).toBe("ECONNREFUSED");
    expect(isTransient(error)).toBe(true);
    expect(error.attempts).toBe(4);
    // 50 + 100 + 200 ms of backoff between the four attempts.
    expect(elapsed).toBeGreaterThanOrEqual(340);
  });

  it("does not retry an error that waiting cannot fix (no such database)", async () => {
    const url = withDatabaseName(inject("pgServerUrl"), "orm_switch_no_such_database_test");
    const error = (await withRetry(() => selectOne(url), { attempts: 4, initialDelayMs: 50 }).catch(
      (e: unknown) => e,
    )) as Error & { attempts?: number; code?: string };
    expect(error.code).toBe("3D000");
    expect(isTransient(error)).toBe(false);
    expect(error.attempts).toBe(1);
  });

  it("returns the value and how many attempts it took", async () => {
    let calls = 0;
    const outcome = await withRetry(
      () => {
        calls++;
        if (calls < 3)
          return Promise.reject(Object.assign(new Error("the database system is starting up"), { code: "57P03" }));
        return Promise.resolve("ready");
      },
      { initialDelayMs: 1 },
    );
    expect(outcome).toEqual({ value: "ready", attempts: 3 });
  });

  it("recognizes transient causes wrapped in another error", () => {
    expect(
      isTransient(new Error("wrapped", { cause: Object.assign(new Error("too many clients"), { code: "53300" }) })),
    ).toBe(true);
    expect(
      isTransient(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })),
    ).toBe(true);
    expect(isTransient(Object.assign(new Error("password authentication failed"), { code: "28P01" }))).toBe(false);
  });
});
