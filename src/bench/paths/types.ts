/**
 * The vocabulary of connection paths: which paths exist, what a path's local server looks like,
 * and the two ways a path can be unavailable (missing here, or not offering an operation).
 */

/** Every connection path the benchmark measures. */
export const PATHS = ["pg", "postgres-js", "neon-ws", "neon-http", "pgbouncer"] as const;
/** One connection path's name. */
export type PathName = (typeof PATHS)[number];

/** A TCP endpoint the CLIENT connects to (the runner puts its latency proxy in front of it). */
export interface Endpoint {
  host: string;
  port: number;
}

/**
 * Server-side pieces a path needs locally: nothing (pg, postgres-js), a WebSocket-to-TCP proxy
 * (neon-ws), the SQL-over-HTTP stand-in (neon-http), a pgbouncer in transaction mode (pgbouncer).
 */
export interface PathServer {
  readonly path: PathName;
  /** Where clients of this path connect (before latency injection). */
  readonly endpoint: Endpoint;
  /** Human description for reports, e.g. "Neon HTTP (local stand-in for Neon's SQL-over-HTTP endpoint)". */
  readonly description: string;
  /**
   * Connections (WebSocket sessions, HTTP requests, client connections) this server has accepted,
   * where it can count them; undefined for paths without a server of their own. Lets a test prove
   * that queries really travel through the path.
   */
  readonly connectionsAccepted?: number;
  close(): Promise<void>;
}

/** A path cannot run on this machine (a tool is missing, a server did not start). */
export class PathUnavailableError extends Error {
  override readonly name = "PathUnavailableError";
  constructor(
    readonly path: PathName,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`path ${path} is unavailable: ${reason}`, options);
  }
}

/**
 * An operation the path cannot perform by its nature, e.g. an interactive transaction over Neon's
 * SQL-over-HTTP (each HTTP request is its own session). The runner records it as "not supported
 * on this path" rather than as a failure.
 */
export class NotSupportedOnPathError extends Error {
  override readonly name = "NotSupportedOnPathError";
  constructor(
    readonly path: PathName,
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`${operation} is not supported on path ${path}: ${reason}`);
  }
}

/** Throws a readable error unless `value` names a path. */
export function parsePathName(value: string): PathName {
  if ((PATHS as readonly string[]).includes(value)) return value as PathName;
  throw new Error(`unknown path "${value}"; expected one of ${PATHS.join(", ")}`);
}
