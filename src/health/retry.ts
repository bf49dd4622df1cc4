/**
 * Retry with exponential backoff, for transient failures only: a database that is restarting,
 * refusing connections, or out of connection slots recovers by itself; a wrong password does not.
 */

/** SQLSTATEs and socket errors worth retrying. */
const TRANSIENT_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "40001",
  "40P01",
]);
const TRANSIENT_SOCKET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** True when `error` (or an error in its cause chain) is worth retrying. */
export function isTransient(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.code === "string" && (TRANSIENT_SQLSTATES.has(e.code) || TRANSIENT_SOCKET.has(e.code))) return true;
    // node-postgres reports a connection closed by the server mid-query only in its message.
    if (typeof e.message === "string" && /Connection terminated|connection closed|ECONNREFUSED/i.test(e.message))
      return true;
    current = e.cause;
  }
  return false;
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  attempts?: number;
  /** Delay before the first retry; doubled each time. Default 100 ms. */
  initialDelayMs?: number;
}

/** Runs `work` until it succeeds, a non-transient error occurs, or the attempts are used up. */
export async function withRetry<T>(
  work: () => Promise<T>,
  options: RetryOptions = {},
): Promise<{ value: T; attempts: number }> {
  const attempts = options.attempts ?? 4;
  let delay = options.initialDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(), attempts: attempt };
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) {
        // The caller reports how many attempts were made.
        if (error instanceof Error) Object.assign(error, { attempts: attempt });
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}
