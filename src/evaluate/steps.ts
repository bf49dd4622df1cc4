/**
 * Runs the evaluation's steps one after another with progress and timing. A step that throws is
 * recorded as failed and the run goes on: a broken benchmark must not cost the team the SQL
 * comparison. Steps that need an earlier one's output are skipped with the reason.
 */
import { performance } from "node:perf_hooks";

export type StepStatus = "ok" | "failed" | "skipped";

/** One step as results.json records it. */
export interface StepRecord {
  id: string;
  title: string;
  status: StepStatus;
  durationMs: number;
  /** One line: what the step found (ok) or why it did not run (skipped). */
  summary?: string;
  /** The error message (failed). */
  error?: string;
}

/** What a step returns: its value and the line shown next to its timing. */
export interface StepOutcome<T> {
  value: T;
  summary: string;
}

export interface StepRunnerOptions {
  /** Where progress lines go (the terminal's stderr by default). */
  write?: (line: string) => void;
  /** Total number of steps, for the `[3/8]` counter. */
  total: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs steps in order and keeps their records. */
export class StepRunner {
  readonly records: StepRecord[] = [];
  private readonly write: (line: string) => void;

  constructor(private readonly options: StepRunnerOptions) {
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
  }

  private prefix(): string {
    return `[${this.records.length + 1}/${this.options.total}]`;
  }

  /**
   * Runs `work`; resolves with its value, or `undefined` when it failed or was skipped.
   * `requires` lists values earlier steps produced: if any is missing the step is skipped, as it
   * is when `skip` gives a reason.
   */
  async run<T>(
    id: string,
    title: string,
    work: (progress: (line: string) => void) => Promise<StepOutcome<T>>,
    options: { requires?: { value: unknown; what: string }[]; skip?: string } = {},
  ): Promise<T | undefined> {
    const missing = (options.requires ?? [])
      .filter((r) => r.value === undefined || r.value === null)
      .map((r) => r.what);
    if (options.skip || missing.length) {
      const summary = options.skip ?? `needs ${missing.join(" and ")}, which did not run`;
      this.write(`${this.prefix()} ${title}: skipped (${summary})`);
      this.records.push({ id, title, status: "skipped", durationMs: 0, summary });
      return undefined;
    }
    const prefix = this.prefix();
    this.write(`${prefix} ${title} ...`);
    const started = performance.now();
    // Elapsed time every 15 s, so a long step is visibly alive.
    const ticker = setInterval(
      () => this.write(`${prefix} ${title}: still running (${seconds(performance.now() - started)})`),
      15_000,
    );
    ticker.unref();
    try {
      const outcome = await work((line) => this.write(`      ${line}`));
      const durationMs = Math.round(performance.now() - started);
      this.write(`${prefix} ${title}: ok in ${seconds(durationMs)} - ${outcome.summary}`);
      this.records.push({ id, title, status: "ok", durationMs, summary: outcome.summary });
      return outcome.value;
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      const message = error instanceof Error ? error.message : String(error);
      this.write(`${prefix} ${title}: FAILED after ${seconds(durationMs)} - ${message.split("\n")[0]}`);
      this.records.push({ id, title, status: "failed", durationMs, error: message });
      return undefined;
    } finally {
      clearInterval(ticker);
    }
  }
}
