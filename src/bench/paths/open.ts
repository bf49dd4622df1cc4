/**
 * Opens each implementation over each connection path. Every opener builds the driver for the path,
 * hands it to the implementation's "on an existing driver" factory, and makes `close()` release the
 * driver. Drivers are imported lazily, so a run over one path loads only that path's drivers.
 */
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import type { ImplementationName, Repositories } from "../../repositories/index.ts";
import { NotSupportedOnPathError, type Endpoint, type PathName } from "./types.ts";
import { supports } from "./support.ts";

/** How {@link openOnPath} reaches the database. */
export interface OpenOnPathOptions {
  /**
   * `true`: `databaseUrl` is a real endpoint (e.g. NEON_DATABASE_URL for neon-ws / neon-http, or
   * BENCH_DATABASE_URL for the TCP paths) and is used exactly as given: `endpoint` is ignored, no
   * local PathServer is needed, and the Neon driver keeps its production settings (wss://, pipelined
   * connect, `https://api.<host>/sql`). Default `false`: connect to `endpoint` (a local PathServer or
   * a latency proxy in front of it) with the credentials and database of `databaseUrl`.
   */
  real?: boolean;
  /** Most connections a pooled driver opens (default 10; the HTTP path has no pool). */
  poolSize?: number;
}

/** `databaseUrl` with its host and port replaced by `endpoint`. */
export function urlForEndpoint(databaseUrl: string, endpoint: Endpoint): string {
  const url = new URL(databaseUrl);
  url.hostname = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
  url.port = String(endpoint.port);
  return url.toString();
}

interface OpenContext {
  impl: ImplementationName;
  url: string;
  real: boolean;
  poolSize: number;
}

/** node-postgres (the pg and pgbouncer paths). pgbouncer in transaction mode is fine with pg's unnamed statements. */
async function openOnNodePostgres({ impl, url, poolSize }: OpenContext): Promise<Repositories> {
  if (impl === "prisma") {
    const [{ PrismaPg }, { createPrismaClient }, { createPrismaRepositoriesOnClient }] = await Promise.all([
      import("@prisma/adapter-pg"),
      import("../../prisma/client.ts"),
      import("../../prisma/repositories.ts"),
    ]);
    const client = createPrismaClient(new PrismaPg({ connectionString: url, max: poolSize }));
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  }
  const { pool, close } = (await import("../../db/pool.ts")).openPgPool(url, { max: poolSize });
  if (impl === "sql") {
    const [{ pgPoolExecutor }, { createSqlRepositoriesOnExecutor }] = await Promise.all([import("../../sql/executor.ts"), import("../../sql/repositories.ts")]);
    return createSqlRepositoriesOnExecutor(pgPoolExecutor(pool), close);
  }
  const [{ drizzle }, schema] = await Promise.all([import("drizzle-orm/node-postgres"), import("../../drizzle/schema.ts")]);
  const db = drizzle({ client: pool, schema });
  return onDrizzle(impl, db, close);
}

/** Drizzle or the Prisma facade over Drizzle, on any Drizzle database opened with the schema. */
async function onDrizzle(impl: ImplementationName, db: unknown, close: () => Promise<void>): Promise<Repositories> {
  if (impl === "drizzle") {
    const { createDrizzleRepositoriesOnDb } = await import("../../drizzle/repositories.ts");
    return createDrizzleRepositoriesOnDb(db as Parameters<typeof createDrizzleRepositoriesOnDb>[0], { close });
  }
  if (impl === "prisma-on-drizzle") {
    const { createPrismaOnDrizzleRepositoriesOnDb } = await import("../../compat/prisma-on-drizzle.ts");
    return createPrismaOnDrizzleRepositoriesOnDb(db as Parameters<typeof createPrismaOnDrizzleRepositoriesOnDb>[0], { close });
  }
  throw new Error(`onDrizzle: ${impl} does not run on Drizzle`);
}

/** postgres.js (the `postgres` package), with its default prepared statements. */
async function openOnPostgresJs({ impl, url, poolSize }: OpenContext): Promise<Repositories> {
  if (impl === "sql") {
    const [{ createPostgresJsClient, postgresJsExecutor }, { createSqlRepositoriesOnExecutor }] = await Promise.all([
      import("../../sql/postgres-js-executor.ts"),
      import("../../sql/repositories.ts"),
    ]);
    const client = createPostgresJsClient(url, { max: poolSize });
    return createSqlRepositoriesOnExecutor(postgresJsExecutor(client), () => client.end());
  }
  const [{ default: postgres }, { drizzle }, schema] = await Promise.all([import("postgres"), import("drizzle-orm/postgres-js"), import("../../drizzle/schema.ts")]);
  const client = postgres(url, { max: poolSize, onnotice: () => {} });
  return onDrizzle(impl, drizzle({ client, schema }), () => client.end());
}

/** Neon's WebSocket Pool, through the local WebSocket-to-TCP proxy or to real Neon. */
async function openOnNeonWs({ impl, url, real, poolSize }: OpenContext): Promise<Repositories> {
  const mode = real ? "real" : "local-proxy";
  if (impl === "prisma") {
    const [{ ConfiguredPrismaNeon }, { createPrismaClient }, { createPrismaRepositoriesOnClient }] = await Promise.all([
      import("./neon-prisma.ts"),
      import("../../prisma/client.ts"),
      import("../../prisma/repositories.ts"),
    ]);
    const client = createPrismaClient(new ConfiguredPrismaNeon({ connectionString: url, max: poolSize }, mode));
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  }
  const { createNeonPool } = await import("./neon.ts");
  const { pool, close } = createNeonPool({ connectionString: url, max: poolSize }, mode);
  if (impl === "sql") {
    const [{ pgPoolExecutor }, { createSqlRepositoriesOnExecutor }] = await Promise.all([import("../../sql/executor.ts"), import("../../sql/repositories.ts")]);
    // Neon's Pool is node-postgres' API (a fork of it): the pg executor runs on it unchanged.
    return createSqlRepositoriesOnExecutor(pgPoolExecutor(pool), close);
  }
  const [{ drizzle }, schema] = await Promise.all([import("drizzle-orm/neon-serverless"), import("../../drizzle/schema.ts")]);
  return onDrizzle(impl, drizzle({ client: pool, schema }), close);
}

/** Neon's SQL-over-HTTP, against the local stand-in or real Neon. */
async function openOnNeonHttp({ impl, url }: OpenContext): Promise<Repositories> {
  const [neonDriver, neon, { NO_INTERACTIVE_TRANSACTIONS }] = await Promise.all([import("@neondatabase/serverless"), import("./neon.ts"), import("./neon-http-sql.ts")]);
  neon.installNeonFetchRouting();
  const notSupported = () => new NotSupportedOnPathError("neon-http", "interactive transaction", NO_INTERACTIVE_TRANSACTIONS);
  if (impl === "prisma") {
    const [{ PrismaNeonHttp }, { createPrismaClient }, { createPrismaRepositoriesOnClient }] = await Promise.all([
      import("@prisma/adapter-neon"),
      import("../../prisma/client.ts"),
      import("../../prisma/repositories.ts"),
    ]);
    // The adapter's own refusal is a bare Error; this one says why, and the runner recognises it.
    class PrismaNeonHttpNoTransactions extends PrismaNeonHttp {
      override async connect(): Promise<SqlDriverAdapter> {
        const adapter = await super.connect();
        adapter.startTransaction = () => Promise.reject(notSupported());
        return adapter;
      }
    }
    const client = createPrismaClient(new PrismaNeonHttpNoTransactions(url, {}));
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  }
  const sql = neonDriver.neon(url);
  if (impl === "sql") {
    const [{ neonHttpExecutor }, { createSqlRepositoriesOnExecutor }] = await Promise.all([import("./neon-http-sql.ts"), import("../../sql/repositories.ts")]);
    return createSqlRepositoriesOnExecutor(neonHttpExecutor(sql));
  }
  const [{ drizzle }, schema] = await Promise.all([import("drizzle-orm/neon-http"), import("../../drizzle/schema.ts")]);
  const db = drizzle({ client: sql, schema });
  // drizzle-orm/neon-http's own refusal is a bare Error; replace it with one that says why.
  Object.assign(db, { transaction: () => Promise.reject(notSupported()) });
  return onDrizzle(impl, db, async () => {});
}

const OPENERS: Record<PathName, (ctx: OpenContext) => Promise<Repositories>> = {
  pg: openOnNodePostgres,
  pgbouncer: openOnNodePostgres,
  "postgres-js": openOnPostgresJs,
  "neon-ws": openOnNeonWs,
  "neon-http": openOnNeonHttp,
};

/**
 * Opens implementation `impl` on `path`, connecting to `endpoint` (which may be a latency proxy in
 * front of the PathServer's endpoint), database credentials taken from `databaseUrl`; with
 * `{ real: true }`, connecting to `databaseUrl` itself (see {@link OpenOnPathOptions.real}).
 * Returns the usual Repositories; `close()` releases every connection the path opened.
 *
 * On neon-http, interactive transactions (`Repositories.transaction` and the operations that open
 * one) fail with {@link NotSupportedOnPathError} (found along the `cause` chain of the DataError the
 * implementation throws; see `notSupportedOnPath`).
 * @throws Error when the pair is not supported (see `supports`).
 */
export async function openOnPath(impl: ImplementationName, path: PathName, databaseUrl: string, endpoint: Endpoint, options: OpenOnPathOptions = {}): Promise<Repositories> {
  const supported = supports(impl, path);
  if (supported !== true) throw new Error(`${impl} on ${path}: ${supported}`);
  const real = options.real ?? false;
  const url = real ? databaseUrl : urlForEndpoint(databaseUrl, endpoint);
  return OPENERS[path]({ impl, url, real, poolSize: options.poolSize ?? 10 });
}
