/**
 * Opens the two clients the compat tests compare on one database: real Prisma Client (adapter-pg,
 * the generated client) and the facade over Drizzle (node-postgres).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { type PrismaCompatClient, createPrismaCompatClient } from "../../src/compat/index.ts";
import { openPgPool } from "../../src/db/pool.ts";
import { UNHURRIED_TRANSACTIONS as transactionOptions } from "../../src/fuzz/rollback.ts";
import { PrismaClient } from "../../src/prisma/generated/client.ts";

export interface ClientPair {
  prisma: PrismaClient;
  facade: PrismaCompatClient;
  close(): Promise<void>;
}

/**
 * Both clients with generous transaction timeouts: timeouts are not what these tests compare, and a
 * default one expiring on a loaded machine can crash Prisma's adapter (see UNHURRIED_TRANSACTIONS).
 */
export function openClientPair(url: string, log?: { emit: "event"; level: "query" }[]): ClientPair {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 4 }),
    transactionOptions,
    ...(log ? { log } : {}),
  });
  const owned = openPgPool(url, { max: 4 });
  const facade = createPrismaCompatClient(drizzle(owned.pool), { transactionOptions, ...(log ? { log } : {}) });
  return {
    prisma,
    facade,
    async close() {
      await prisma.$disconnect();
      await owned.close();
    },
  };
}
