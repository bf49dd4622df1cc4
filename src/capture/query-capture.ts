/**
 * Driver-level query capture. A {@link QueryCapture} instruments node-postgres pools in place (the
 * pool object stays the same `pg.Pool`, so Prisma's adapter and Drizzle accept it unchanged) and
 * records every `query` call made on their connections while a {@link Recording} is open.
 *
 * Only connection-level `query` is wrapped. `pool.query` is not: pg-pool implements it as
 * `this.connect()` + `client.query()`, so wrapping both would count every pool query twice. Prisma's
 * adapter-pg (pool.query with a config object, rowMode "array" and `types`; pool.connect for
 * transactions), Drizzle's node-postgres session (pool.query(config, params); pool.connect for
 * transactions) and plain pg (callbacks, promises, strings, config objects) all end up in one
 * connection's `query`, so each call is counted exactly once whatever the caller's style.
 *
 * When no recording is open, the wrapper costs one boolean check before calling the original.
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { CapturedError, CapturedStatement, CaptureSummary } from "./types.ts";

type QueryFn = (...args: unknown[]) => unknown;
type Callback = (error: Error | null | undefined, result?: unknown) => void;

/** What the capture keeps per physical connection. */
interface ConnectionState {
  id: number;
  /** Calls sent and not yet answered (only matters for pipelining connections). */
  outstanding: number;
  /** Round trip the last call joined. */
  roundTrip: number;
}

const STATE = Symbol("orm-switch.capture.connection");
const POOL_MARK = Symbol("orm-switch.capture.pool");

type InstrumentedClient = pg.ClientBase & { [STATE]?: ConnectionState; pipeline?: boolean };
type InstrumentedPool = pg.Pool & { [POOL_MARK]?: QueryCapture };

interface ResultLike {
  command?: string | null;
  rowCount?: number | null;
  rows?: unknown[];
}

/** An open recording: collects what its capture sees until {@link Recording.stop}. */
export class Recording {
  readonly statements: CapturedStatement[] = [];
  /** Physical connections opened on instrumented pools while this recording was open. */
  connectionsOpened = 0;
  readonly #startedAt = performance.now();
  readonly #detach: (recording: Recording) => void;
  #stopped = false;

  /** @internal Created by {@link QueryCapture.start}. */
  constructor(detach: (recording: Recording) => void) {
    this.#detach = detach;
  }

  /** Milliseconds since the recording started. */
  elapsedMs(at = performance.now()): number {
    return at - this.#startedAt;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * Stops recording and returns the statements, in call order. Calls still waiting for the server
   * stay in the list with `durationMs` -1 and `command` null. Safe to call twice.
   */
  stop(): CapturedStatement[] {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#detach(this);
    }
    return this.statements;
  }

  /** Totals over the statements recorded so far. */
  summary(): CaptureSummary {
    return summarize(this.statements, this.connectionsOpened);
  }
}

/**
 * One capture: instrument any number of pools with it, then open recordings. Recordings see every
 * instrumented pool's calls while they are open; open one at a time (or run one operation at a
 * time) to attribute statements to a single repository call.
 */
export class QueryCapture {
  /** The one check on the hot path: false means "call the driver and nothing else". */
  #recording = false;
  #open: Recording[] = [];
  #connections = 0;
  #roundTrips = 0;

  /** True while at least one recording is open. */
  get recording(): boolean {
    return this.#recording;
  }

  /**
   * Instruments the pool in place and returns it. Connections the pool already holds and every
   * connection it hands out later are instrumented once. Instrumenting the same pool twice with the
   * same capture is a no-op; with a different capture it is refused (the counts would be unclear).
   */
  instrument<P extends pg.Pool>(pool: P): P {
    const marked = pool as P & InstrumentedPool;
    if (marked[POOL_MARK] === this) return pool;
    if (marked[POOL_MARK]) throw new Error("this pool is already instrumented by another QueryCapture");
    Object.defineProperty(marked, POOL_MARK, { value: this, enumerable: false });

    // Connections already open (idle ones sit in pg-pool's `_clients`).
    const existing = (pool as unknown as { _clients?: pg.ClientBase[] })._clients ?? [];
    for (const client of existing) this.instrumentClient(client);

    pool.on("connect", (client: pg.PoolClient) => {
      this.instrumentClient(client);
      if (this.#recording) for (const recording of this.#open) recording.connectionsOpened += 1;
    });

    const originalConnect = pool.connect.bind(pool) as (
      callback?: (error: Error | undefined, client?: pg.PoolClient, done?: unknown) => void,
    ) => unknown;
    const instrumentConnect = (
      callback?: (error: Error | undefined, client?: pg.PoolClient, done?: unknown) => void,
    ): unknown => {
      if (typeof callback === "function") {
        return originalConnect((error, client, done) => {
          if (client) this.instrumentClient(client);
          callback(error, client, done);
        });
      }
      return (originalConnect() as Promise<pg.PoolClient>).then((client) => this.instrumentClient(client));
    };
    // pg-pool's own `query` calls `this.connect(...)`, so this also covers pool.query.
    (marked as unknown as { connect: typeof instrumentConnect }).connect = instrumentConnect;
    return pool;
  }

  /**
   * Instruments a single connection (a `pg.Client` not owned by a pool, for instance). Returns it.
   * Connections from an instrumented pool are instrumented automatically.
   */
  instrumentClient<C extends pg.ClientBase>(client: C): C {
    const target = client as C & InstrumentedClient;
    if (target[STATE]) return client;
    this.#connections += 1;
    const state: ConnectionState = { id: this.#connections, outstanding: 0, roundTrip: 0 };
    Object.defineProperty(target, STATE, { value: state, enumerable: false });
    const original = Reflect.get(target, "query") as QueryFn;
    // A property on the instance shadows the prototype's method for every caller of this connection.
    const isRecording = (): boolean => this.#recording;
    const record = (self: unknown, args: unknown[]): unknown => this.#record(target, state, original, self, args);
    const wrapped = function instrumentedQuery(this: unknown, ...args: unknown[]): unknown {
      if (!isRecording()) return original.apply(this, args);
      return record(this, args);
    };
    Object.defineProperty(target, "query", { value: wrapped, writable: true, configurable: true, enumerable: false });
    return client;
  }

  /** Opens a recording. Several may be open at once; each sees every call made while it is open. */
  start(): Recording {
    const recording = new Recording((r) => {
      this.#open = this.#open.filter((x) => x !== r);
      this.#recording = this.#open.length > 0;
    });
    this.#open.push(recording);
    this.#recording = true;
    return recording;
  }

  /** Runs `work` inside a recording of its own and returns its result and statements. */
  async record<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; statements: CapturedStatement[]; summary: CaptureSummary }> {
    const recording = this.start();
    try {
      const result = await work();
      const statements = recording.stop();
      return { result, statements, summary: summarize(statements, recording.connectionsOpened) };
    } finally {
      recording.stop();
    }
  }

  #nextRoundTrip(client: InstrumentedClient, state: ConnectionState): number {
    // A non-pipelining connection sends a query only after the previous one's ReadyForQuery, so
    // every call is an exchange of its own. A pipelining one writes calls made while others are
    // still unanswered straight behind them: they share the exchange already in flight.
    if (client.pipeline === true && state.outstanding > 0) return state.roundTrip;
    this.#roundTrips += 1;
    state.roundTrip = this.#roundTrips;
    return state.roundTrip;
  }

  #record(
    client: InstrumentedClient,
    state: ConnectionState,
    original: QueryFn,
    self: unknown,
    args: unknown[],
  ): unknown {
    const [config, valuesArg, callbackArg] = args;
    const configObject =
      config !== null && typeof config === "object" ? (config as Record<string, unknown>) : undefined;
    const submittable = typeof configObject?.submit === "function";
    const values: unknown[] = Array.isArray(valuesArg)
      ? (valuesArg as unknown[])
      : Array.isArray(configObject?.values)
        ? (configObject.values as unknown[])
        : [];
    const recordings = [...this.#open];
    const startedAt = performance.now();
    const statement: CapturedStatement = {
      seq: 0,
      connection: state.id,
      roundTrip: this.#nextRoundTrip(client, state),
      text: typeof config === "string" ? config : typeof configObject?.text === "string" ? configObject.text : "",
      params: [...values],
      startedMs: 0,
      durationMs: -1,
      command: null,
      rows: 0,
      rowCount: null,
      commands: 1,
    };
    if (typeof configObject?.name === "string" && configObject.name !== "") statement.name = configObject.name;
    if (submittable) statement.submittable = true;
    // Each recording gets its own copy so its `seq` and `startedMs` are relative to itself.
    const entries = recordings.map((recording, i) => {
      const own = i === 0 ? statement : { ...statement, params: [...statement.params] };
      own.seq = recording.statements.length;
      own.startedMs = recording.elapsedMs(startedAt);
      recording.statements.push(own);
      return own;
    });
    state.outstanding += 1;

    let finished = false;
    const finish = (error: unknown, result?: unknown): void => {
      if (finished) return;
      finished = true;
      state.outstanding -= 1;
      const durationMs = performance.now() - startedAt;
      for (const entry of entries) completeStatement(entry, durationMs, error, result);
    };

    // pg decides on the callback exactly like this: the values slot when it is a function, then the
    // callback slot, then the config's own `callback`.
    if (submittable) {
      const query = configObject as {
        callback?: Callback;
        once?: (event: string, listener: (arg: unknown) => void) => void;
      };
      if (
        typeof valuesArg === "function" ||
        typeof callbackArg === "function" ||
        typeof query.callback === "function"
      ) {
        return callOriginal(original, self, withCallback(args, configObject, finish), finish);
      }
      query.once?.("end", (result) => finish(undefined, result));
      query.once?.("error", (error) => finish(error));
      return callOriginal(original, self, args, finish);
    }
    if (
      typeof valuesArg === "function" ||
      typeof callbackArg === "function" ||
      typeof configObject?.callback === "function"
    ) {
      return callOriginal(original, self, withCallback(args, configObject, finish), finish);
    }
    const promise = callOriginal(original, self, args, finish) as Promise<unknown>;
    // Registered before the caller's own `await` continuation, so the statement is complete by the
    // time the caller sees the result. This derived chain handles rejections; the caller's promise
    // is returned untouched.
    promise.then(
      (result) => finish(undefined, result),
      (error: unknown) => finish(error),
    );
    return promise;
  }
}

/** Calls the driver, recording a synchronous throw (a null config, say) as a failed call. */
function callOriginal(original: QueryFn, self: unknown, args: unknown[], finish: (error: unknown) => void): unknown {
  try {
    return original.apply(self, args);
  } catch (error) {
    finish(error);
    throw error;
  }
}

/** The same arguments with the effective callback wrapped so completion is observed first. */
function withCallback(
  args: unknown[],
  configObject: Record<string, unknown> | undefined,
  finish: (error: unknown, result?: unknown) => void,
): unknown[] {
  const [config, valuesArg, callbackArg] = args;
  const observe =
    (callback: Callback): Callback =>
    (error, result) => {
      finish(error, result);
      callback(error, result);
    };
  if (typeof valuesArg === "function") return [config, observe(valuesArg as Callback), ...args.slice(2)];
  if (typeof callbackArg === "function") return [config, valuesArg, observe(callbackArg as Callback), ...args.slice(3)];
  // The callback lives on the config object: wrap it on the object pg will read, without touching
  // the caller's object (ORMs reuse their query configs). Submittables are used as they are.
  if (typeof configObject?.submit === "function") {
    const submittable = configObject as { callback: Callback };
    submittable.callback = observe(submittable.callback);
    return args;
  }
  return [{ ...configObject, callback: observe(configObject!.callback as Callback) }, ...args.slice(1)];
}

function completeStatement(entry: CapturedStatement, durationMs: number, error: unknown, result: unknown): void {
  entry.durationMs = durationMs;
  if (error) {
    entry.error = describeError(error);
    return;
  }
  // A simple query holding several statements answers with one Result per statement.
  const results: ResultLike[] = Array.isArray(result) ? (result as ResultLike[]) : result ? [result] : [];
  if (results.length === 0) return;
  entry.commands = results.length;
  entry.rows = results.reduce((n, r) => n + (Array.isArray(r.rows) ? r.rows.length : 0), 0);
  const last = results.at(-1)!;
  entry.command = last.command ?? null;
  entry.rowCount = typeof last.rowCount === "number" ? last.rowCount : null;
}

function describeError(error: unknown): CapturedError {
  const e = error as { code?: unknown; message?: unknown };
  const out: CapturedError = { message: typeof e?.message === "string" ? e.message : String(error) };
  if (typeof e?.code === "string") out.code = e.code;
  return out;
}

const WRITE_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

/** Totals over captured statements (see {@link CaptureSummary}). */
export function summarize(statements: readonly CapturedStatement[], connectionsOpened = 0): CaptureSummary {
  const trips = new Set<number>();
  let statementsRun = 0;
  let rowsReturned = 0;
  let rowsAffected = 0;
  let totalMs = 0;
  let errors = 0;
  for (const s of statements) {
    trips.add(s.roundTrip);
    statementsRun += s.commands;
    rowsReturned += s.rows;
    if (s.command && WRITE_COMMANDS.has(s.command)) rowsAffected += s.rowCount ?? 0;
    if (s.durationMs > 0) totalMs += s.durationMs;
    if (s.error) errors += 1;
  }
  return {
    calls: statements.length,
    statements: statementsRun,
    roundTrips: trips.size,
    sequentialRoundTrips: sequentialTrips(statements),
    rowsReturned,
    rowsAffected,
    connectionsOpened,
    totalMs,
    errors,
  };
}

/** Round trips not overlapping any earlier one (see {@link CaptureSummary.sequentialRoundTrips}). */
function sequentialTrips(statements: readonly CapturedStatement[]): number {
  const spans = new Map<number, { start: number; end: number; connection: number }>();
  for (const s of statements) {
    // A call still in flight (durationMs -1) is treated as open-ended.
    const end = s.durationMs < 0 ? Number.POSITIVE_INFINITY : s.startedMs + s.durationMs;
    const span = spans.get(s.roundTrip);
    if (span) {
      span.start = Math.min(span.start, s.startedMs);
      span.end = Math.max(span.end, end);
    } else spans.set(s.roundTrip, { start: s.startedMs, end, connection: s.connection });
  }
  // Calls queued on one connection are sent only when the previous one is answered: a trip starts
  // no earlier than the end of the connection's previous trip, whenever it was called.
  const ordered = [...spans.values()].sort((a, b) => a.start - b.start);
  const connectionFree = new Map<number, number>();
  for (const span of ordered) {
    span.start = Math.max(span.start, connectionFree.get(span.connection) ?? Number.NEGATIVE_INFINITY);
    connectionFree.set(span.connection, span.end);
  }
  let count = 0;
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const span of ordered.sort((a, b) => a.start - b.start)) {
    if (span.start >= busyUntil) count += 1;
    busyUntil = Math.max(busyUntil, span.end);
  }
  return count;
}
