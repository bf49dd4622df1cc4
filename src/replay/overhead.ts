/**
 * The recorder's overhead, measured: the same calls through one PrismaClient, plain and extended
 * with the recorder in several configurations, interleaved call by call (so drift on a shared
 * machine hits every mode alike), on a scratch database with the synthetic seed. Reported per
 * operation: each mode's median per-call time and its ratio to plain with a 95% bootstrap interval.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { median, ratioInterval } from "../bench/stats.ts";
import { PrismaClient } from "../prisma/generated/client.ts";
import { seedDatabase, seedIds } from "../seed/index.ts";
import { type RecordWorkloadOptions, recordWorkload } from "./recorder.ts";

/** A recorder configuration measured against the plain client. */
interface Mode {
  name: string;
  options?: Omit<RecordWorkloadOptions, "file">;
}

const MODES: readonly Mode[] = [
  { name: "plain" },
  { name: "recorder, sampleRate 0", options: { sampleRate: 0 } },
  { name: "recorder, redact fields", options: {} },
  { name: "recorder, placeholders", options: { redact: "placeholders" } },
];

type Call = (client: PrismaClient) => Promise<unknown>;

const OPERATIONS: readonly { name: string; call: Call }[] = [
  { name: "user.findUnique by id", call: (c) => c.user.findUnique({ where: { id: seedIds.user(3) } }) },
  {
    name: "project.findMany include tasks",
    call: (c) =>
      c.project.findMany({
        where: { organizationId: seedIds.organization(0) },
        include: { tasks: true },
        take: 5,
        orderBy: { id: "asc" },
      }),
  },
];

export interface OverheadRow {
  operation: string;
  mode: string;
  medianUs: number;
  /** median(mode) / median(plain), with its 95% bootstrap interval. */
  ratio: number;
  ratioLow: number;
  ratioHigh: number;
}

export interface OverheadResult {
  iterations: number;
  rows: OverheadRow[];
  /** Bytes the recorder wrote per recorded call (fields mode). */
  bytesPerLine: number;
}

/** Measures on the (migrated, empty) database at `url`; seeds it first. */
export async function measureRecorderOverhead(url: string, iterations: number): Promise<OverheadResult> {
  await seedDatabase(url, { scale: 0.05 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orm-switch-recorder-"));
  const base = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 2 }),
    log: [{ emit: "event", level: "query" }],
  });
  try {
    const clients = MODES.map((m, i) =>
      m.options
        ? (base.$extends(
            recordWorkload({ ...m.options, file: path.join(dir, `${i}.jsonl`) }),
          ) as unknown as PrismaClient)
        : base,
    );
    const samples = OPERATIONS.map(() => MODES.map((): number[] => []));
    for (let warm = 0; warm < 20; warm++) for (const op of OPERATIONS) for (const c of clients) await op.call(c);
    for (let i = 0; i < iterations; i++) {
      for (const [o, op] of OPERATIONS.entries()) {
        for (let k = 0; k < MODES.length; k++) {
          const m = (i + k) % MODES.length; // rotate the order so no mode always runs first
          const started = performance.now();
          await op.call(clients[m]!);
          samples[o]![m]!.push((performance.now() - started) * 1000);
        }
      }
    }
    const rows = OPERATIONS.flatMap((op, o) =>
      MODES.map((mode, m) => {
        const own = samples[o]![m]!;
        const plain = samples[o]![0]!;
        const interval = ratioInterval(own, plain);
        return {
          operation: op.name,
          mode: mode.name,
          medianUs: Math.round(median(own)),
          ratio: median(own) / median(plain),
          ratioLow: interval.low,
          ratioHigh: interval.high,
        };
      }),
    );
    const fieldsFile = path.join(dir, "2.jsonl");
    const lineCount = fs.readFileSync(fieldsFile, "utf8").split("\n").filter(Boolean).length;
    return { iterations, rows, bytesPerLine: Math.round(fs.statSync(fieldsFile).size / Math.max(1, lineCount)) };
  } finally {
    await base.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as a Markdown table, modes side by side per operation. */
export function overheadMarkdown(result: OverheadResult): string {
  const lines = [
    `Recorder overhead, ${result.iterations} interleaved calls per operation and mode (median per call; ratio to plain with 95% bootstrap interval); ${result.bytesPerLine} bytes per recorded line.`,
    "",
    "| operation | mode | median µs | ratio to plain [95% CI] |",
    "| --- | --- | ---: | --- |",
    ...result.rows.map(
      (r) =>
        `| ${r.operation} | ${r.mode} | ${r.medianUs} | ${r.ratio.toFixed(3)} [${r.ratioLow.toFixed(3)}, ${r.ratioHigh.toFixed(3)}] |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
