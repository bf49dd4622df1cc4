/**
 * What query capture records. One {@link CapturedStatement} per `query` call that reached a
 * node-postgres connection, whichever layer (Prisma's adapter, Drizzle's session, hand-written SQL)
 * made the call.
 */

/** Why a call failed, as the driver reported it. */
export interface CapturedError {
  /** SQLSTATE when the server answered with an error, otherwise the driver's code (if any). */
  code?: string;
  message: string;
}

/** One `query` call on an instrumented connection. */
export interface CapturedStatement {
  /** Position in the recording, from 0. */
  seq: number;
  /** Which physical connection ran it: a number per connection, stable for the capture's lifetime. */
  connection: number;
  /**
   * The request/response exchange it travelled in. Statements sharing a value went to the server
   * together (pipelined on one connection) and cost one network round trip between them.
   */
  roundTrip: number;
  /** SQL text exactly as sent. */
  text: string;
  /** Bind parameters as handed to the driver (before pg serializes them); [] for a simple query. */
  params: unknown[];
  /** Prepared-statement name, when the caller named one. */
  name?: string;
  /** Milliseconds from the recording's start to the call. */
  startedMs: number;
  /**
   * Milliseconds from the call to the driver's answer. Includes time spent queued behind earlier
   * queries on the same connection, which is what the caller experiences.
   */
  durationMs: number;
  /** Command tag of the (last) result: SELECT, INSERT, BEGIN, ...; null when the call failed. */
  command: string | null;
  /** Rows returned to the client, over every result of the call. */
  rows: number;
  /** Rows affected or returned according to the command tag (the last result's), when reported. */
  rowCount: number | null;
  /**
   * SQL statements in the call: 1 for the extended protocol, the number of results for a simple
   * query holding several statements separated by semicolons (one round trip, several statements).
   */
  commands: number;
  /** Set when the call failed. */
  error?: CapturedError;
  /**
   * True for custom submittables (pg-cursor, pg-query-stream): their rows arrive over several
   * exchanges the capture does not see, so rows and duration cover the first exchange only.
   */
  submittable?: boolean;
}

/** A recording's totals, the figures the comparison reports per operation. */
export interface CaptureSummary {
  /** Number of `query` calls. */
  calls: number;
  /** SQL statements executed (a multi-statement simple query counts each statement). */
  statements: number;
  /** Network round trips to the server for queries (connection set-up not included). */
  roundTrips: number;
  /**
   * Round trips that had to wait for the previous ones: trips started while another was still in
   * flight (on another connection) overlap it and cost no extra latency. Equal to `roundTrips` for
   * code that awaits each query in turn; lower when a library runs queries concurrently.
   */
  sequentialRoundTrips: number;
  /** Rows returned to the client. */
  rowsReturned: number;
  /** Rows affected by INSERT/UPDATE/DELETE/MERGE, per their command tags. */
  rowsAffected: number;
  /** New physical connections opened while recording (each costs several round trips of its own). */
  connectionsOpened: number;
  /** Sum of the calls' durations. */
  totalMs: number;
  /** Calls that failed. */
  errors: number;
}
