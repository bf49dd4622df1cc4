/**
 * The Prisma compatibility layer: `createPrismaCompatClient(db)` gives an object with Prisma
 * Client's shape and types for every model of this project's schema, executed by Drizzle on the
 * same tables. See docs/compat.md.
 */
import { type CompatClientOptions, createCompatClientRuntime } from "./client.ts";
import type { DrizzleLike } from "./executor.ts";
import type { CompatSchema } from "./model-meta.ts";
import { projectCompatSchema } from "./project-schema.ts";
import type { PrismaCompatClient } from "./types.ts";

export type { PrismaCompatClient, PrismaCompatTransactionClient, PrismaCompatTransactionOptions, CompatOperation } from "./types.ts";
export { CompatUnsupportedError, PrismaCompatError, COMPAT_CLIENT_VERSION } from "./errors.ts";
export type { CompatClientOptions } from "./client.ts";
export type { DrizzleLike } from "./executor.ts";
export { describeSchema, type CompatSchema, type ModelBinding } from "./model-meta.ts";

/**
 * A Prisma-Client-shaped facade over a Drizzle database (node-postgres or Neon; created with or
 * without the schema). `schema` defaults to this project's models; pass `describeSchema(...)` for
 * another schema.
 */
export function createPrismaCompatClient(db: DrizzleLike, options: CompatClientOptions & { schema?: CompatSchema } = {}): PrismaCompatClient {
  const { schema = projectCompatSchema(), ...rest } = options;
  return createCompatClientRuntime(db, schema, rest) as unknown as PrismaCompatClient;
}
