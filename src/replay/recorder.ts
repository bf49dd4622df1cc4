/**
 * `recordWorkload(options)`: a Prisma Client extension that appends one line per model call to a
 * workload file (workload-file.ts), for `orm-switch replay` to run through Prisma and the facade.
 *
 * @example
 * const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] })
 *   .$extends(recordWorkload({ file: "workload.jsonl", sampleRate: 0.1 }));
 *
 * It changes nothing the app sees: the call runs with its own arguments and its result or error is
 * handed back as it came; recording happens after the call, and a failure to record is reported to
 * `onError`, never thrown.
 *
 * Statement count: Prisma's `query` events (the client must be created with
 * `log: [{ emit: "event", level: "query" }]`; `$extends` is then applied to that client). Prisma emits
 * a call's events while the call runs, but not inside the call's async context, so a count is only
 * attributable when no other call on the client overlapped it: otherwise `statements` is null.
 * Prisma's events leave out `BEGIN` and statements that failed; replay counts every statement itself.
 * A client without query events gives null throughout (the recorder cannot ask the client how it
 * logs, so it trusts counts once a first event has arrived).
 */
import { performance } from "node:perf_hooks";
import { type DefaultArgs, type ExtensionArgs, type ModelQueryOptionsCbArgs } from "@prisma/client/runtime/client";
import { type RedactOption, DEFAULT_SENSITIVE_FIELDS, redact, redactionName } from "./redact.ts";
import { type AppendLimits, type WorkloadCall, WORKLOAD_FORMAT_VERSION, WorkloadAppender } from "./workload-file.ts";
import { encodeValue } from "./values.ts";

/** Options of {@link recordWorkload}. */
export interface RecordWorkloadOptions extends AppendLimits {
  /** The JSON Lines file to append to (created with its folder if missing). */
  file: string;
  /** Share of calls recorded, 0..1 (default 1): each call is drawn independently. */
  sampleRate?: number;
  /** How arguments are redacted (redact.ts); default: the fields in DEFAULT_SENSITIVE_FIELDS. */
  redact?: RedactOption;
  /** Told about a recording failure (the app's call is never affected). Default: one warning on stderr. */
  onError?: (error: unknown) => void;
}

/** Operations whose result holds new records: their ids are recorded for replay to map. */
const CREATING = new Set(["create", "createManyAndReturn", "upsert"]);

interface CallSpan {
  startEvents: number;
  overlapped: boolean;
}

/** Attributes query events to calls that ran alone on the client (see the module comment). */
class StatementCounter {
  private readonly active = new Set<CallSpan>();
  private events = 0;
  private listening = false;

  /** Subscribes to the client's query events when it offers them. */
  listen(client: object): void {
    const on = (client as { $on?: unknown }).$on;
    if (typeof on !== "function") return;
    try {
      on.call(client, "query", () => {
        this.events += 1;
      });
      this.listening = true;
    } catch {
      // A client created without query events rejects the subscription: counts stay null.
    }
  }

  begin(): CallSpan {
    const span = { startEvents: this.events, overlapped: this.active.size > 0 };
    for (const other of this.active) other.overlapped = true;
    this.active.add(span);
    return span;
  }

  end(span: CallSpan): number | null {
    this.active.delete(span);
    // A client made without query events accepts `$on("query")` and never calls it: until a first
    // event arrives, no count is trusted (a first call with no statement at all reads null too).
    return this.listening && this.events > 0 && !span.overlapped ? this.events - span.startEvents : null;
  }
}

function errorSummary(error: unknown): WorkloadCall["error"] {
  const e = error as { code?: unknown; name?: unknown; constructor?: { name?: string } } | null;
  const name = typeof e?.name === "string" ? e.name : (e?.constructor?.name ?? typeof error);
  return typeof e?.code === "string" ? { code: e.code, name } : { name };
}

/** String `id` values in a result, depth first (replay pairs them with the recorded ones). */
export function returnedIds(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) returnedIds(item, into);
  else if (value !== null && typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === "id" && typeof item === "string") into.push(item);
      else returnedIds(item, into);
    }
  }
  return into;
}

interface CallFacts {
  model: string;
  operation: string;
  args: unknown;
  at: Date;
  durationMs: number;
  statements: number | null;
  result?: unknown;
  error?: unknown;
}

/** The recording side of the extension: sampling, encoding, redaction, appending. */
class Recorder {
  private readonly appender: WorkloadAppender;
  private readonly sampleRate: number;
  private readonly redaction: RedactOption;
  private readonly onError: (error: unknown) => void;

  constructor(options: RecordWorkloadOptions) {
    if (!(typeof options.file === "string" && options.file.length > 0))
      throw new Error("recordWorkload: `file` is required");
    const rate = options.sampleRate ?? 1;
    if (!(rate >= 0 && rate <= 1))
      throw new Error(`recordWorkload: sampleRate must be between 0 and 1, got ${String(rate)}`);
    this.sampleRate = rate;
    this.redaction = options.redact ?? { fields: DEFAULT_SENSITIVE_FIELDS };
    this.appender = new WorkloadAppender(options.file, options);
    let warned = false;
    this.onError =
      options.onError ??
      ((error) => {
        if (!warned)
          process.stderr.write(
            `orm-switch recorder: not recording (${error instanceof Error ? error.message : String(error)})\n`,
          );
        warned = true;
      });
  }

  /** True for a call the sample takes. */
  sampled(): boolean {
    return this.sampleRate >= 1 || Math.random() < this.sampleRate;
  }

  record(facts: CallFacts): void {
    try {
      const args = redact(encodeValue(facts.args) ?? {}, this.redaction);
      const ids =
        this.redaction !== "placeholders" && facts.error === undefined && CREATING.has(facts.operation)
          ? returnedIds(facts.result)
          : undefined;
      const line: WorkloadCall = {
        v: WORKLOAD_FORMAT_VERSION,
        kind: "call",
        at: facts.at.toISOString(),
        pid: process.pid,
        model: facts.model,
        operation: facts.operation,
        args: args,
        redaction: redactionName(this.redaction),
        durationMs: Math.round(facts.durationMs * 1000) / 1000,
        statements: facts.statements,
        error: facts.error === undefined ? null : errorSummary(facts.error),
        ...(ids && ids.length > 0 ? { ids } : {}),
      };
      if (!this.appender.append(line) && this.appender.stopped && this.appender.stopped !== "full")
        this.onError(new Error(this.appender.stopped));
    } catch (error) {
      this.onError(error);
    }
  }
}

/** What `$allOperations` receives. */
type OperationParams = ModelQueryOptionsCbArgs;

async function aroundCall(recorder: Recorder, counter: StatementCounter, params: OperationParams): Promise<unknown> {
  const take = recorder.sampled();
  const span = counter.begin();
  const at = new Date();
  const started = performance.now();
  const facts = (extra: Partial<CallFacts>): CallFacts => ({
    model: params.model ?? "",
    operation: params.operation,
    args: params.args,
    at,
    durationMs: performance.now() - started,
    statements: counter.end(span),
    ...extra,
  });
  let result: unknown;
  try {
    result = await params.query(params.args);
  } catch (error) {
    const record = facts({ error });
    if (take) recorder.record(record);
    throw error;
  }
  const record = facts({ result });
  if (take) recorder.record(record);
  return result;
}

/**
 * What `$extends` takes: a function of the client being extended, as `Prisma.defineExtension` makes
 * (the parameter is `object` so that any generated client's `$extends` accepts it; it adds no
 * members, hence the default extension arguments).
 */
export type WorkloadRecorderExtension = (client: object) => { $extends: { extArgs: DefaultArgs } };

interface Extendable {
  $extends(extension: ExtensionArgs): { $extends: { extArgs: DefaultArgs } };
}

function isExtendable(client: object): client is Extendable {
  return typeof (client as { $extends?: unknown }).$extends === "function";
}

/**
 * The recorder as a Prisma Client extension: `client.$extends(recordWorkload({ file }))`.
 * See the module comment for what is recorded and how.
 */
export function recordWorkload(options: RecordWorkloadOptions): WorkloadRecorderExtension {
  const recorder = new Recorder(options);
  return (client) => {
    if (!isExtendable(client)) throw new Error("recordWorkload: pass it to a Prisma Client's $extends");
    const counter = new StatementCounter();
    counter.listen(client);
    return client.$extends({
      name: "orm-switch-recorder",
      query: { $allModels: { $allOperations: (params: OperationParams) => aroundCall(recorder, counter, params) } },
    });
  };
}
