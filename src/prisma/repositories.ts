/**
 * The Prisma implementation of the repositories: idiomatic Prisma Client (include/select/_count,
 * nested writes, interactive transactions, upsert, increment, groupBy) over a driver adapter.
 */
import type { ConnectionOptions } from "../db/connection.ts";
import type { Repositories } from "../repositories/index.ts";
import { createPrismaClientOnPool, prismaClientFor, releasePrismaClient } from "./client.ts";
import { createPrismaRepositoriesOnClient } from "./repositories-on-client.ts";

export { createPrismaRepositoriesOnClient } from "./repositories-on-client.ts";

/** The Prisma implementation over adapter-pg: the process-wide client for `url`, or a client on `pool`. */
export function createPrismaRepositories(options: ConnectionOptions): Repositories {
  if (options.pool) {
    const client = createPrismaClientOnPool(options.pool);
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  }
  if (!options.url) throw new Error("prisma: pass a url or a pool");
  const url = options.url;
  return createPrismaRepositoriesOnClient(prismaClientFor(url), { close: () => releasePrismaClient(url) });
}
