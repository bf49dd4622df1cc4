/**
 * The Prisma client factory. Prisma 7 runs without a native engine: queries are compiled by the Wasm
 * query compiler shipped in @prisma/client and sent through a driver adapter (adapter-pg here;
 * the benchmark passes @prisma/adapter-neon's factories to {@link createPrismaClient}).
 *
 * Apps keep one PrismaClient per process (each client owns a connection pool); {@link prismaClientFor}
 * is that singleton, keyed by URL so tests that open several databases still get one per database.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import { PrismaClient, type Prisma } from "./generated/client.ts";

const LOG_LEVELS = ["query", "info", "warn", "error"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Log levels from PRISMA_LOG (comma-separated: query,info,warn,error; default warn,error).
 * Levels are emitted as events so a caller (query capture, a logger) can subscribe with `$on`.
 */
function logLevelsFromEnv(value = process.env.PRISMA_LOG): LogLevel[] {
  if (value === undefined || value.trim() === "") return ["warn", "error"];
  const levels = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const level of levels) {
    if (!(LOG_LEVELS as readonly string[]).includes(level))
      throw new Error(`PRISMA_LOG: unknown level "${level}"; use ${LOG_LEVELS.join(",")}`);
  }
  return levels as LogLevel[];
}

/** A PrismaClient on any driver adapter factory (pg, Neon WebSocket, Neon HTTP). */
export function createPrismaClient(
  adapter: SqlDriverAdapterFactory,
  logLevels: LogLevel[] = logLevelsFromEnv(),
): PrismaClient {
  const log: Prisma.LogDefinition[] = logLevels.map((level) => ({ emit: "event", level }));
  return new PrismaClient({ adapter, log });
}

/** A PrismaClient over an existing pg.Pool (e.g. one instrumented by src/capture). Not cached. */
export function createPrismaClientOnPool(pool: pg.Pool): PrismaClient {
  return createPrismaClient(new PrismaPg(pool));
}

const perProcess = new Map<string, PrismaClient>();

/** The process-wide client for this URL, created on first use. */
export function prismaClientFor(url: string): PrismaClient {
  let client = perProcess.get(url);
  if (!client) {
    client = createPrismaClient(new PrismaPg({ connectionString: url }));
    perProcess.set(url, client);
  }
  return client;
}

/** Disconnects and forgets the process-wide client for this URL. */
export async function releasePrismaClient(url: string): Promise<void> {
  const client = perProcess.get(url);
  perProcess.delete(url);
  await client?.$disconnect();
}
