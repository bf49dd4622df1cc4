/**
 * The one place that knows every implementation. Modules are imported lazily so that opening the
 * hand-written SQL implementation never loads Prisma or Drizzle (that matters for cold starts).
 */
import type { ConnectionOptions } from "./db/connection.ts";

export type { ConnectionOptions } from "./db/connection.ts";
import type { ImplementationName, Repositories } from "./repositories/index.ts";
import { IMPLEMENTATIONS } from "./repositories/index.ts";

/** Opens the named implementation. Each factory returns repositories with boundary validation applied. */
export async function openRepositories(name: ImplementationName, options: ConnectionOptions): Promise<Repositories> {
  switch (name) {
    case "prisma":
      return (await import("./prisma/repositories.ts")).createPrismaRepositories(options);
    case "drizzle":
      return (await import("./drizzle/repositories.ts")).createDrizzleRepositories(options);
    case "sql":
      return (await import("./sql/repositories.ts")).createSqlRepositories(options);
    case "prisma-on-drizzle":
      return (await import("./compat/prisma-on-drizzle.ts")).createPrismaOnDrizzleRepositories(options);
    default:
      throw new Error(`unknown implementation "${String(name)}"; expected one of ${IMPLEMENTATIONS.join(", ")}`);
  }
}
