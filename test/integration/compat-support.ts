/**
 * Opens the two clients the compat tests compare on one database: real Prisma Client (adapter-pg,
 * the generated client) and the facade over Drizzle (node-postgres).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { type PrismaCompatClient, createPrismaCompatClient } from "../../src/compat/index.ts";
import { PrismaClient } from "../../src/prisma/generated/client.ts";

export interface ClientPair {
  prisma: PrismaClient;
  facade: PrismaCompatClient;
  close(): Promise<void>;
}

export function openClientPair(url: string): ClientPair {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const facade = createPrismaCompatClient(drizzle(pool));
  return {
    prisma,
    facade,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
