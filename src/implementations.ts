/**
 * The one place that knows every implementation: one descriptor per implementation (like kysely's
 * `Dialect`), used by the composition root ({@link openRepositories}) and by the benchmark's
 * connection paths (src/bench/paths/open.ts). Modules are imported lazily so that opening the
 * hand-written SQL implementation never loads Prisma or Drizzle (that matters for cold starts).
 */
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { ConnectionOptions } from "./db/connection.ts";
import type { DrizzleDb } from "./drizzle/context.ts";
import type { ImplementationName, Repositories } from "./repositories/index.ts";
import { IMPLEMENTATIONS } from "./repositories/index.ts";
import type { SqlExecutor } from "./sql/executor.ts";

export type { ConnectionOptions } from "./db/connection.ts";

/** A driver handle and the close that releases what it holds. */
export interface OwnedDriver<T> {
  readonly driver: T;
  readonly close: () => Promise<void>;
}

/**
 * The drivers one connection (a path of the benchmark, say) can offer, each built only when an
 * implementation asks for it. An implementation takes exactly one of them.
 */
export interface DriverSource {
  /**
   * Whether statements may be prepared under a name on this connection: false behind pgbouncer in
   * transaction mode (without its prepared-statement support) and on session-less drivers (Neon's
   * HTTP driver). The SQL executor it offers already follows it; Drizzle is told through this.
   */
  readonly namedStatements: boolean;
  /** A Prisma driver adapter factory; absent where Prisma has no adapter (postgres.js). */
  prismaAdapter?: () => Promise<SqlDriverAdapterFactory>;
  /** A SQL executor for the hand-written implementation. */
  sqlExecutor: () => Promise<OwnedDriver<SqlExecutor>>;
  /** A Drizzle database opened with the schema of src/drizzle/schema.ts. */
  drizzle: () => Promise<OwnedDriver<DrizzleDb>>;
}

/** How to open one implementation. */
export interface ImplementationDescriptor {
  readonly name: ImplementationName;
  /**
   * On node-postgres: a pool of its own for `options.url` (released by `close()`), or the caller's
   * `options.pool` (left open). Boundary validation applied.
   */
  open(options: ConnectionOptions): Promise<Repositories>;
  /** On the driver it takes from `drivers`; `close()` releases that driver. */
  openOnDriver(drivers: DriverSource): Promise<Repositories>;
}

const prisma: ImplementationDescriptor = {
  name: "prisma",
  open: async (options) => (await import("./prisma/repositories.ts")).createPrismaRepositories(options),
  async openOnDriver(drivers) {
    if (!drivers.prismaAdapter) throw new Error("prisma: this connection offers no Prisma driver adapter");
    const [adapter, { createPrismaClient }, { createPrismaRepositoriesOnClient }] = await Promise.all([
      drivers.prismaAdapter(),
      import("./prisma/client.ts"),
      import("./prisma/repositories.ts"),
    ]);
    // The client owns the adapter's connections: disconnecting it releases them.
    const client = createPrismaClient(adapter);
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  },
};

const drizzle: ImplementationDescriptor = {
  name: "drizzle",
  open: async (options) => (await import("./drizzle/repositories.ts")).createDrizzleRepositories(options),
  async openOnDriver(drivers) {
    const [{ driver, close }, { createDrizzleRepositoriesOnDb }] = await Promise.all([
      drivers.drizzle(),
      import("./drizzle/repositories.ts"),
    ]);
    return createDrizzleRepositoriesOnDb(driver, { close, namedStatements: drivers.namedStatements });
  },
};

const sql: ImplementationDescriptor = {
  name: "sql",
  open: async (options) => (await import("./sql/repositories.ts")).createSqlRepositories(options),
  async openOnDriver(drivers) {
    const [{ driver, close }, { createSqlRepositoriesOnExecutor }] = await Promise.all([
      drivers.sqlExecutor(),
      import("./sql/repositories.ts"),
    ]);
    return createSqlRepositoriesOnExecutor(driver, close);
  },
};

const prismaOnDrizzle: ImplementationDescriptor = {
  name: "prisma-on-drizzle",
  open: async (options) => (await import("./compat/prisma-on-drizzle.ts")).createPrismaOnDrizzleRepositories(options),
  async openOnDriver(drivers) {
    const [{ driver, close }, { createPrismaOnDrizzleRepositoriesOnDb }] = await Promise.all([
      drivers.drizzle(),
      import("./compat/prisma-on-drizzle.ts"),
    ]);
    return createPrismaOnDrizzleRepositoriesOnDb(driver, { close, namedStatements: drivers.namedStatements });
  },
};

/** Every implementation's descriptor, by name. */
const IMPLEMENTATION_TABLE: Readonly<Record<ImplementationName, ImplementationDescriptor>> = {
  prisma,
  drizzle,
  sql,
  "prisma-on-drizzle": prismaOnDrizzle,
};

/** The descriptor of `name`; throws a readable error for an unknown name. */
export function implementation(name: ImplementationName): ImplementationDescriptor {
  const descriptor = (IMPLEMENTATION_TABLE as Partial<Record<string, ImplementationDescriptor>>)[name];
  if (!descriptor)
    throw new Error(`unknown implementation "${String(name)}"; expected one of ${IMPLEMENTATIONS.join(", ")}`);
  return descriptor;
}

/** Opens the named implementation on node-postgres (see {@link ImplementationDescriptor.open}). */
export async function openRepositories(name: ImplementationName, options: ConnectionOptions): Promise<Repositories> {
  return implementation(name).open(options);
}
