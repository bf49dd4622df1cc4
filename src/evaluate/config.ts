/**
 * The team's side of the decision: their round-trip time to the database, how much each criterion
 * weighs, and where their Prisma code lives. Read from `--config <file>` (or `orm-switch.config.json`
 * in the working directory when present), then overridden by `--rtt`. docs/decision.md documents it.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** The criteria the decision is scored on (docs/decision.md explains each). */
export const CRITERIA = ["latency", "roundTrips", "coldStart", "bundleSize", "migrationCost", "risk"] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface EvaluateConfig {
  /** The team's round-trip time from application to database, in milliseconds. */
  rttMs: number;
  /** Relative weights; normalized over the criteria that have data. */
  weights: Record<Criterion, number>;
  /** Weighted score at or above which switching is recommended. */
  switchThreshold: number;
  /** Weighted score at or below which staying is recommended. */
  stayThreshold: number;
  /**
   * The codebase whose Prisma call sites the migration cost is estimated from. Default: this
   * project's own Prisma implementation (src/prisma), a stand-in until a team points it at theirs.
   */
  inventoryDir: string;
  /** Where the configuration came from: a file path, or "defaults". */
  source: string;
}

/**
 * Defaults. 25 ms is one of the benchmark's measured RTTs (so the default prediction sits on a
 * measured point) and typical of a serverless function talking to a database in a neighbouring
 * region; same-region deployments see 1-5 ms and should say so with `--rtt`.
 */
export const DEFAULT_CONFIG: EvaluateConfig = {
  rttMs: 25,
  weights: { latency: 0.3, roundTrips: 0.15, coldStart: 0.15, bundleSize: 0.1, migrationCost: 0.15, risk: 0.15 },
  switchThreshold: 0.15,
  stayThreshold: -0.05,
  inventoryDir: "src/prisma",
  source: "defaults",
};

export const DEFAULT_CONFIG_FILE = "orm-switch.config.json";

function finiteNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${what} must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates a parsed configuration object onto the defaults; unknown keys are errors (typos). */
export function parseConfig(raw: unknown, source: string): EvaluateConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new Error(`${source}: expected a JSON object`);
  const input = raw as Record<string, unknown>;
  const known = new Set(["$schema", "rttMs", "weights", "switchThreshold", "stayThreshold", "inventoryDir"]);
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  if (unknown.length)
    throw new Error(`${source}: unknown key(s) ${unknown.join(", ")}; expected ${[...known].slice(1).join(", ")}`);
  const config: EvaluateConfig = { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights }, source };
  if (input.rttMs !== undefined) config.rttMs = finiteNumber(input.rttMs, `${source}: rttMs`, 0, 10_000);
  if (input.weights !== undefined) {
    if (typeof input.weights !== "object" || input.weights === null)
      throw new Error(`${source}: weights must be an object`);
    for (const [key, value] of Object.entries(input.weights)) {
      if (!(CRITERIA as readonly string[]).includes(key))
        throw new Error(`${source}: unknown weight "${key}"; expected ${CRITERIA.join(", ")}`);
      config.weights[key as Criterion] = finiteNumber(value, `${source}: weights.${key}`, 0, 1000);
    }
    if (CRITERIA.every((c) => config.weights[c] === 0))
      throw new Error(`${source}: at least one weight must be positive`);
  }
  if (input.switchThreshold !== undefined)
    config.switchThreshold = finiteNumber(input.switchThreshold, `${source}: switchThreshold`, -1, 1);
  if (input.stayThreshold !== undefined)
    config.stayThreshold = finiteNumber(input.stayThreshold, `${source}: stayThreshold`, -1, 1);
  if (config.stayThreshold > config.switchThreshold)
    throw new Error(
      `${source}: stayThreshold (${config.stayThreshold}) must not exceed switchThreshold (${config.switchThreshold})`,
    );
  if (input.inventoryDir !== undefined) {
    if (typeof input.inventoryDir !== "string" || !input.inventoryDir)
      throw new Error(`${source}: inventoryDir must be a path`);
    config.inventoryDir = input.inventoryDir;
  }
  return config;
}

/**
 * Loads the configuration: the explicit file, else `orm-switch.config.json` in `cwd` when it
 * exists, else the defaults; then `rttMs` from `--rtt` wins over the file.
 */
export async function loadConfig(
  options: { file?: string; rttMs?: number; cwd?: string } = {},
): Promise<EvaluateConfig> {
  const cwd = options.cwd ?? process.cwd();
  const implicit = resolve(cwd, DEFAULT_CONFIG_FILE);
  const path = options.file ? resolve(cwd, options.file) : existsSync(implicit) ? implicit : null;
  let config: EvaluateConfig = { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights } };
  if (path) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      throw new Error(`cannot read config ${path}: ${(error as Error).message}`, { cause: error });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
    }
    config = parseConfig(raw, path);
  }
  if (options.rttMs !== undefined) config.rttMs = finiteNumber(options.rttMs, "--rtt", 0, 10_000);
  return config;
}
