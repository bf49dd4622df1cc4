/**
 * The workload file: JSON Lines, one record per line, appended by any number of recorders in any
 * number of processes.
 *
 * Why lines never interleave: the file is opened with O_APPEND and each line goes out in ONE
 * write(2) call. POSIX requires an O_APPEND write to position at the end and write with no
 * intervening modification, so two writers' lines land whole, one after the other (on Linux local
 * file systems the inode lock is held for the whole write, whatever its size; PIPE_BUF only bounds
 * atomicity for pipes and FIFOs). A short write (disk full) stops the appender. Lines are written
 * synchronously: a page-cache write of a few hundred bytes, and nothing is lost when the process
 * exits right after a call.
 *
 * Bound: before each line the appender reads the file's size (fstat); a line that would take the
 * file past `maxBytes` is not written and the appender stops for good (no rotation: a workload is a
 * sample, and a stopped file is easier to reason about than a rotated pair). With several writers
 * the file can end at most one line per writer past the bound.
 */
import fs from "node:fs";
import path from "node:path";
import type { Encoded } from "./values.ts";

/** Format version of every line. */
export const WORKLOAD_FORMAT_VERSION = 1;

/** One recorded call. */
export interface WorkloadCall {
  v: typeof WORKLOAD_FORMAT_VERSION;
  kind: "call";
  /** When the call started (ISO). */
  at: string;
  pid: number;
  /** Prisma model name (`User`). */
  model: string;
  /** Prisma operation (`findUnique`, `create`, ...). */
  operation: string;
  /** Encoded (values.ts) and redacted (redact.ts) arguments; null when omitted. */
  args: Encoded;
  /** How `args` were redacted. */
  redaction: "none" | "fields" | "placeholders";
  /** Set when the arguments were too large to record. */
  argsOmitted?: "too large";
  /** Wall time of the call in the app, milliseconds. */
  durationMs: number;
  /**
   * Statements Prisma reported through its `query` events during the call; null when the client
   * emits no query events or when another call on the client overlapped this one.
   */
  statements: number | null;
  /** The error the call failed with: Prisma's code (P2002...) when it has one, and the class name. */
  error: { code?: string; name: string } | null;
  /** String `id` values of the records a create/upsert returned, depth first: replay maps them. */
  ids?: string[];
}

/** A point in the workload where the app emptied its tables (a test suite's reset between tests). */
export interface WorkloadMarker {
  v: typeof WORKLOAD_FORMAT_VERSION;
  kind: "reset";
  at: string;
  pid: number;
}

export type WorkloadLine = WorkloadCall | WorkloadMarker;

/** Limits of an appender. */
export interface AppendLimits {
  /** The file is not grown past this many bytes (see the module comment). Default 256 MiB. */
  maxBytes?: number;
  /** A call whose line is longer is recorded without its arguments. Default 1 MiB. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/** Appends whole lines to a workload file; see the module comment for the guarantees. */
export class WorkloadAppender {
  private fd: number | undefined;
  private stoppedBecause: string | undefined;
  readonly maxBytes: number;
  readonly maxLineBytes: number;

  constructor(
    readonly file: string,
    limits: AppendLimits = {},
  ) {
    this.maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxLineBytes = limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /** Why the appender stopped (`"full"`, `"short write"`, an I/O error), or undefined while it runs. */
  get stopped(): string | undefined {
    return this.stoppedBecause;
  }

  /** Writes one line; false when it was not written (stopped, or the bound reached). Never throws. */
  append(line: WorkloadLine): boolean {
    if (this.stoppedBecause) return false;
    try {
      return this.writeLine(this.serialize(line));
    } catch (error) {
      this.stop(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private serialize(line: WorkloadLine): Buffer {
    const data = Buffer.from(`${JSON.stringify(line)}\n`);
    if (data.length <= this.maxLineBytes || line.kind !== "call") return data;
    return Buffer.from(`${JSON.stringify({ ...line, args: null, argsOmitted: "too large", ids: undefined })}\n`);
  }

  private writeLine(data: Buffer): boolean {
    const fd = this.open();
    if (fs.fstatSync(fd).size + data.length > this.maxBytes) {
      this.stop("full");
      return false;
    }
    const written = fs.writeSync(fd, data, 0, data.length);
    if (written !== data.length) this.stop("short write");
    return written === data.length;
  }

  private open(): number {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
      this.fd = fs.openSync(this.file, "a");
    }
    return this.fd;
  }

  private stop(reason: string): void {
    this.stoppedBecause = reason;
    this.close();
  }

  /** Closes the file (further appends reopen it unless stopped). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Appends a reset marker (see {@link WorkloadMarker}) to `file`. */
export function appendResetMarker(file: string): void {
  const appender = new WorkloadAppender(file);
  appender.append({ v: WORKLOAD_FORMAT_VERSION, kind: "reset", at: new Date().toISOString(), pid: process.pid });
  appender.close();
}

/** Reads a workload file; throws a one-line error naming the first malformed line. */
export function readWorkload(file: string): WorkloadLine[] {
  const text = fs.readFileSync(file, "utf8");
  const lines: WorkloadLine[] = [];
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error(`${file}:${index + 1}: not a JSON line`);
    }
    lines.push(validLine(parsed, `${file}:${index + 1}`));
  });
  return lines;
}

function validLine(value: unknown, where: string): WorkloadLine {
  const line = value as Partial<WorkloadCall> | null;
  if (line === null || typeof line !== "object" || line.v !== WORKLOAD_FORMAT_VERSION)
    throw new Error(`${where}: not a workload line of format ${WORKLOAD_FORMAT_VERSION}`);
  if ((line.kind as string) === "reset") return line as unknown as WorkloadMarker;
  if (line.kind !== "call" || typeof line.model !== "string" || typeof line.operation !== "string")
    throw new Error(`${where}: a call line needs kind, model and operation`);
  return line as WorkloadCall;
}
