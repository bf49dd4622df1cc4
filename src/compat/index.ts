/**
 * The Prisma compatibility layer: `createPrismaCompatClient(db)` gives an object with Prisma
 * Client's shape and types for every model of this project's schema, executed by Drizzle on the
 * same tables. See docs/compat.md.
 */
import { type CompatClientOptions, createCompatClientRuntime } from "./client.ts";
import type { DrizzleLike } from "./executor.ts";
import type { CompatSchema } from "./model-meta.ts";
import { projectCompatSchema } from "./project-schema.ts";
import type { Prisma } from "../prisma/generated/client.ts";
import type { PrismaCompatClient } from "./types.ts";

export type {
  PrismaCompatClient,
  PrismaCompatTransactionClient,
  PrismaCompatTransactionOptions,
  PrismaCompatExtendedClient,
  PrismaCompatExtendedTransactionClient,
  CompatExtendsHook,
  CompatOperation,
} from "./types.ts";
export type { QueryEvent, LogDefinition, LogLevel } from "./events.ts";
export { CompatUnsupportedError, PrismaCompatError, COMPAT_CLIENT_VERSION } from "./errors.ts";
export type { CompatClientOptions } from "./client.ts";
export type { DrizzleLike } from "./executor.ts";
export { describeSchema, type CompatSchema, type ModelBinding } from "./model-meta.ts";

/** The levels `$on` accepts for these options, as Prisma derives them from its `log` option. */
type LogLevelsOf<Options> = Options extends { log: readonly (infer L)[] }
  ? L extends { level: infer V extends Prisma.LogLevel }
    ? V
    : L extends Prisma.LogLevel
      ? L
      : never
  : never;

/**
 * A Prisma-Client-shaped facade over a Drizzle database (node-postgres or Neon; created with or
 * without the schema). `schema` defaults to this project's models; pass `describeSchema(...)` for
 * another schema.
 */
export function createPrismaCompatClient<
  const Options extends CompatClientOptions & { schema?: CompatSchema } = CompatClientOptions,
>(db: DrizzleLike, options?: Options): PrismaCompatClient<LogLevelsOf<Options>> {
  const { schema = projectCompatSchema(), ...rest } = options ?? {};
  return createCompatClientRuntime(db, schema, rest) as unknown as PrismaCompatClient<LogLevelsOf<Options>>;
}
