/** What a replay runs on: the workload, the schema, the data loaded into both databases. */

/**
 * Where the data of both databases comes from: a db:backup snapshot, this repo's seed at a scale
 * (its own schema only), synthetic rows per model derived from any schema, or nothing.
 */
export type ReplayData =
  | { kind: "backup"; dir: string }
  | { kind: "synthetic"; scale: number }
  | { kind: "rows"; perModel: number }
  | { kind: "empty" };

export interface ReplayOptions {
  workload: string;
  schema: string;
  data: ReplayData;
  rttMs: number;
  /** Any database on the server the scratch databases are created on. */
  serverUrl: string;
  onProgress?: (message: string) => void;
}

/** The data, in words, for the report. */
export const describeData = (data: ReplayData): string =>
  data.kind === "backup"
    ? `db:backup snapshot ${data.dir}`
    : data.kind === "synthetic"
      ? `synthetic seed, scale ${data.scale}`
      : data.kind === "rows"
        ? `synthetic rows from the schema, ${data.perModel} per model`
        : "empty tables (the workload creates its rows)";
