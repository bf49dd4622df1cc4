/**
 * Seeding: deterministic rows (see generate.ts) written idempotently (see write.ts) through plain pg,
 * never through an implementation, so every implementation reads exactly the same data.
 */
import pg from "pg";
import { countRows, generateDemo, generateSeed, type SeedData } from "./generate.ts";
import { advanceAuditSequence, SEED_TABLES, type TableWriteResult, writeTable, type WriteProgress } from "./write.ts";

export {
  DEMO_SESSION_TOKEN,
  generateDemo,
  generateSeed,
  PLATFORMS,
  SEED_NOW,
  seedIds,
  seedSessionToken,
  sha256Hex,
  sizesFor,
  type SeedData,
} from "./generate.ts";
export { SEED_TABLES, tableOf, type TableWriteResult, type WriteProgress } from "./write.ts";

export interface SeedOptions {
  /** Size multiplier: 1 gives a few organizations, ~1k users, ~10k tasks. Default 1. */
  scale?: number;
  /** Also write the demo rows (a known login). The CLI enables it only in development and test. */
  demo?: boolean;
  /** Rows per INSERT statement. Default 2000. */
  batchSize?: number;
  onProgress?: (progress: WriteProgress) => void;
}

export interface SeedReport {
  scale: number;
  demo: boolean;
  tables: TableWriteResult[];
  /** Rows inserted or changed over all tables: 0 on a database that already held this seed. */
  changed: number;
  durationMs: number;
}

// Any constant: two seeds against one database wait for each other instead of interleaving.
const SEED_LOCK = 7_203_114_211;

/** Merges two data sets table by table (the demo rows after the generated ones). */
function concat(a: SeedData, b: SeedData): SeedData {
  return Object.fromEntries(SEED_TABLES.map((t) => [t, [...a[t], ...b[t]]])) as unknown as SeedData;
}

/**
 * Seeds the database at `target` (a URL or a pool) in one transaction: all tables or none.
 * Running it again with the same options changes nothing.
 */
export async function seedDatabase(target: string | pg.Pool, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const scale = options.scale ?? 1;
  const demo = options.demo ?? false;
  const data = demo ? concat(generateSeed(scale), generateDemo()) : generateSeed(scale);
  const pool = typeof target === "string" ? new pg.Pool({ connectionString: target, max: 1 }) : target;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK]);
    const tables: TableWriteResult[] = [];
    for (const key of SEED_TABLES) {
      tables.push(
        await writeTable(client, key, data[key], {
          batchSize: options.batchSize ?? 2000,
          onProgress: options.onProgress,
        }),
      );
    }
    await advanceAuditSequence(client);
    await client.query("COMMIT");
    return {
      scale,
      demo,
      tables,
      changed: tables.reduce((n, t) => n + t.inserted + t.updated, 0),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
    if (typeof target === "string") await pool.end();
  }
}

/** How many rows a seed of this scale writes, per table (without writing anything). */
export function plannedRows(scale = 1, demo = false): Record<keyof SeedData, number> {
  return countRows(demo ? concat(generateSeed(scale), generateDemo()) : generateSeed(scale));
}

/** True when demo-only rows may be written: NODE_ENV or APP_ENV says development or test. */
export function demoAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return [env.NODE_ENV, env.APP_ENV].some((v) => v === "development" || v === "test");
}
