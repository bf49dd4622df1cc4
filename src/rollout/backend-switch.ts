/**
 * The backend switch: which implementation serves each repository, chosen by configuration, so a
 * team moves one aggregate at a time (`DATA_LAYER=prisma`, `DATA_LAYER_PROJECTS=drizzle`) and can
 * dual-run a candidate behind any of them (`DUAL_RUN_PROJECTS=drizzle`).
 *
 * Environment (read by {@link dataLayerConfigFromEnv}; every value is checked at start-up and an
 * unknown implementation, aggregate or malformed number is an error, not a silent default):
 * - `DATA_LAYER`: the implementation of every aggregate not named otherwise. Default: `prisma`
 *   (the state of a team that has not moved anything yet).
 * - `DATA_LAYER_<AGGREGATE>`: override for one aggregate: USERS, SESSIONS, ORGANIZATIONS, PROJECTS,
 *   TASKS, DOWNLOADS, AUDIT.
 * - `DUAL_RUN_<AGGREGATE>`: a candidate implementation whose reads are compared with the primary's.
 * - `DUAL_RUN_SAMPLE_RATE` (0..1, default 1), `DUAL_RUN_TIMEOUT_MS` (default 200).
 * Values: prisma, drizzle, sql, prisma-on-drizzle.
 *
 * Units of work: one database transaction cannot span two drivers' connections, so inside
 * `transaction()` every aggregate runs on one implementation: the common one when all aggregates
 * agree, otherwise the `DATA_LAYER` default. Dual-run does not apply inside units of work.
 */
import type { ConnectionOptions } from "../db/connection.ts";
import { openPgPool } from "../db/pool.ts";
import { openRepositories } from "../implementations.ts";
import {
  IMPLEMENTATIONS,
  type ImplementationName,
  type Repositories,
  type RepositorySet,
} from "../repositories/index.ts";
import { DualRunMonitor, type DualRunOptions, dualRun } from "./dual-run.ts";

export const AGGREGATES = [
  "users",
  "sessions",
  "organizations",
  "projects",
  "tasks",
  "downloads",
  "audit",
] as const satisfies readonly (keyof RepositorySet)[];
export type Aggregate = (typeof AGGREGATES)[number];

/** The read operations of each aggregate: the ones dual-run compares. Everything else is a write. */
export const READ_OPERATIONS: { readonly [A in Aggregate]: readonly (keyof RepositorySet[A] & string)[] } = {
  users: ["findById", "getById", "findByEmail", "list"],
  sessions: ["findActiveByTokenHash"],
  organizations: ["findBySlug", "listForUser"],
  projects: ["getDetail", "listByOrganization", "statusSummary"],
  tasks: ["listForProject"],
  downloads: ["latestPerPlatform"],
  audit: ["listForEntity"],
};

/** The default when `DATA_LAYER` is not set. */
export const DEFAULT_IMPLEMENTATION: ImplementationName = "prisma";

export interface DataLayerConfig {
  /** Implementation of every aggregate without an override (default {@link DEFAULT_IMPLEMENTATION}). */
  default?: ImplementationName;
  /** Per-aggregate overrides. */
  aggregates?: Partial<Record<Aggregate, ImplementationName>>;
  /** Candidates to dual-run behind the chosen implementation, per aggregate. */
  dualRun?: Partial<Record<Aggregate, ImplementationName>>;
  dualRunOptions?: DualRunOptions;
}

/** Resolved: the implementation of each aggregate and its dual-run candidate, if any. */
export interface DataLayerLayout {
  default: ImplementationName;
  aggregates: Record<Aggregate, ImplementationName>;
  dualRun: Partial<Record<Aggregate, ImplementationName>>;
  /** The implementation units of work run on. */
  unitOfWork: ImplementationName;
}

export class DataLayerConfigError extends Error {
  override readonly name = "DataLayerConfigError";
}

function implementation(value: string, source: string): ImplementationName {
  if (!(IMPLEMENTATIONS as readonly string[]).includes(value)) {
    throw new DataLayerConfigError(
      `${source}="${value}" is not an implementation; expected one of ${IMPLEMENTATIONS.join(", ")}`,
    );
  }
  return value as ImplementationName;
}

/** Checks a configuration and resolves every aggregate. Throws {@link DataLayerConfigError}. */
export function resolveLayout(config: DataLayerConfig): DataLayerLayout {
  const fallback = implementation(config.default ?? DEFAULT_IMPLEMENTATION, "default");
  const aggregates = {} as Record<Aggregate, ImplementationName>;
  for (const aggregate of AGGREGATES) aggregates[aggregate] = fallback;
  for (const [key, value] of Object.entries(config.aggregates ?? {})) {
    if (!(AGGREGATES as readonly string[]).includes(key))
      throw new DataLayerConfigError(`unknown aggregate "${key}"; expected one of ${AGGREGATES.join(", ")}`);
    if (value !== undefined) aggregates[key as Aggregate] = implementation(value, `aggregates.${key}`);
  }
  const dual: Partial<Record<Aggregate, ImplementationName>> = {};
  for (const [key, value] of Object.entries(config.dualRun ?? {})) {
    if (!(AGGREGATES as readonly string[]).includes(key))
      throw new DataLayerConfigError(`unknown aggregate "${key}" in dualRun; expected one of ${AGGREGATES.join(", ")}`);
    if (value === undefined) continue;
    const candidate = implementation(value, `dualRun.${key}`);
    if (candidate === aggregates[key as Aggregate])
      throw new DataLayerConfigError(`dualRun.${key}: the candidate "${candidate}" is already the primary`);
    dual[key as Aggregate] = candidate;
  }
  const used = new Set(Object.values(aggregates));
  return { default: fallback, aggregates, dualRun: dual, unitOfWork: used.size === 1 ? [...used][0]! : fallback };
}

const ENV_NAME: Record<Aggregate, string> = {
  users: "USERS",
  sessions: "SESSIONS",
  organizations: "ORGANIZATIONS",
  projects: "PROJECTS",
  tasks: "TASKS",
  downloads: "DOWNLOADS",
  audit: "AUDIT",
};

function number(
  env: Record<string, string | undefined>,
  name: string,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new DataLayerConfigError(`${name}="${raw}" is not ${expected}`);
  return value;
}

/**
 * Reads the configuration from the environment. Variables starting with `DATA_LAYER_` or
 * `DUAL_RUN_` that name no aggregate or option are rejected (a typo must not fall back silently).
 */
export function dataLayerConfigFromEnv(env: Record<string, string | undefined> = process.env): DataLayerConfig {
  const config: DataLayerConfig = { aggregates: {}, dualRun: {}, dualRunOptions: {} };
  if (env.DATA_LAYER !== undefined && env.DATA_LAYER !== "")
    config.default = implementation(env.DATA_LAYER, "DATA_LAYER");
  const known = new Set(["DATA_LAYER", "DUAL_RUN_SAMPLE_RATE", "DUAL_RUN_TIMEOUT_MS"]);
  for (const aggregate of AGGREGATES) {
    const over = env[`DATA_LAYER_${ENV_NAME[aggregate]}`];
    if (over !== undefined && over !== "")
      config.aggregates![aggregate] = implementation(over, `DATA_LAYER_${ENV_NAME[aggregate]}`);
    const dual = env[`DUAL_RUN_${ENV_NAME[aggregate]}`];
    if (dual !== undefined && dual !== "")
      config.dualRun![aggregate] = implementation(dual, `DUAL_RUN_${ENV_NAME[aggregate]}`);
    known.add(`DATA_LAYER_${ENV_NAME[aggregate]}`).add(`DUAL_RUN_${ENV_NAME[aggregate]}`);
  }
  for (const name of Object.keys(env)) {
    if ((name.startsWith("DATA_LAYER_") || name.startsWith("DUAL_RUN_")) && !known.has(name)) {
      throw new DataLayerConfigError(`unknown setting ${name}; expected one of ${[...known].sort().join(", ")}`);
    }
  }
  const sampleRate = number(env, "DUAL_RUN_SAMPLE_RATE", (n) => n >= 0 && n <= 1, "a number between 0 and 1");
  const timeoutMs = number(env, "DUAL_RUN_TIMEOUT_MS", (n) => n > 0, "a positive number of milliseconds");
  if (sampleRate !== undefined) config.dualRunOptions!.sampleRate = sampleRate;
  if (timeoutMs !== undefined) config.dualRunOptions!.timeoutMs = timeoutMs;
  resolveLayout(config);
  return config;
}

/** Repositories assembled from several implementations, with the layout they follow. */
export interface SwitchedRepositories extends Repositories {
  readonly layout: DataLayerLayout;
  /** Every implementation opened for the layout (each once). */
  readonly opened: ReadonlyMap<ImplementationName, Repositories>;
  /** Dual-run counters (present when some aggregate is dual-run). */
  readonly dualRun?: DualRunMonitor;
}

/**
 * Opens the repositories `config` asks for (default: from the environment) on one connection pool.
 * Each implementation is opened once however many aggregates it serves.
 */
export async function createRepositories(
  config: DataLayerConfig = dataLayerConfigFromEnv(),
  connection: ConnectionOptions = {},
): Promise<SwitchedRepositories> {
  const layout = resolveLayout(config);
  const ownPool = connection.pool ? undefined : openPgPool(connection.url ?? process.env.DATABASE_URL);
  const pool = connection.pool ?? ownPool!.pool;
  const needed = new Set<ImplementationName>([
    ...Object.values(layout.aggregates),
    ...Object.values<ImplementationName>(layout.dualRun),
    layout.unitOfWork,
  ]);
  const opened = new Map<ImplementationName, Repositories>();
  try {
    for (const name of needed) opened.set(name, await openRepositories(name, { pool }));
  } catch (error) {
    for (const repos of opened.values()) await repos.close();
    await ownPool?.close();
    throw error;
  }
  const monitor = Object.keys(layout.dualRun).length > 0 ? new DualRunMonitor(config.dualRunOptions) : undefined;

  const set = {} as RepositorySet;
  for (const aggregate of AGGREGATES) {
    const primary = opened.get(layout.aggregates[aggregate])![aggregate];
    const candidateName = layout.dualRun[aggregate];
    const assign = set as Record<Aggregate, unknown>;
    assign[aggregate] =
      candidateName && monitor
        ? dualRun(
            aggregate,
            primary,
            opened.get(candidateName)![aggregate],
            READ_OPERATIONS[aggregate] as never,
            monitor,
          )
        : primary;
  }
  const unitOfWork = opened.get(layout.unitOfWork)!;
  return {
    ...set,
    implementation: layout.unitOfWork,
    layout,
    opened,
    dualRun: monitor,
    transaction: (work) => unitOfWork.transaction(work),
    async close() {
      await monitor?.settled();
      for (const repos of opened.values()) await repos.close();
      await ownPool?.close();
    },
  };
}
