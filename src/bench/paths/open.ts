/**
 * Opens each implementation over each connection path. Each path offers its drivers (a Prisma
 * adapter, a SQL executor, a Drizzle database); the implementation's descriptor (src/implementations.ts)
 * takes the one it runs on, and `close()` releases it. Drivers are imported lazily, so a run over one
 * path loads only that path's drivers.
 */
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { type DriverSource, implementation } from "../../implementations.ts";
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
  url: string;
  real: boolean;
  poolSize: number;
  /** Whether statements may be prepared under a name on this path (see {@link NAMED_STATEMENTS}). */
  namedStatements: boolean;
}

/**
 * Whether a named (prepared) statement survives from one statement to the next on each path. Not
 * behind pgbouncer in transaction mode: each statement may run on another server connection, and
 * the pgbouncer installed here (1.18) has no prepared-statement support (that came in 1.21, as
 * `max_prepared_statements`). Not on Neon's HTTP driver: each request is a session of its own.
 */
export const NAMED_STATEMENTS: Readonly<Record<PathName, boolean>> = {
  pg: true,
  pgbouncer: false,
  "postgres-js": true,
  "neon-ws": true,
  "neon-http": false,
};

/** node-postgres (the pg and pgbouncer paths). pgbouncer in transaction mode gets unnamed statements only. */
function nodePostgresDrivers({ url, poolSize, namedStatements }: OpenContext): DriverSource {
  const openPool = async () => (await import("../../db/pool.ts")).openPgPool(url, { max: poolSize });
  return {
    namedStatements,
    prismaAdapter: async () =>
      new (await import("@prisma/adapter-pg")).PrismaPg({ connectionString: url, max: poolSize }),
    async sqlExecutor() {
      const [{ pool, close }, { pgPoolExecutor }] = await Promise.all([openPool(), import("../../sql/executor.ts")]);
      return { driver: pgPoolExecutor(pool, { namedStatements }), close };
    },
    async drizzle() {
      const [{ pool, close }, { drizzle }, schema] = await Promise.all([
        openPool(),
        import("drizzle-orm/node-postgres"),
        import("../../drizzle/schema.ts"),
      ]);
      return { driver: drizzle({ client: pool, schema }), close };
    },
  };
}

/** postgres.js (the `postgres` package), with its default prepared statements. Prisma has no adapter for it. */
function postgresJsDrivers({ url, poolSize, namedStatements }: OpenContext): DriverSource {
  return {
    namedStatements,
    async sqlExecutor() {
      const { createPostgresJsClient, postgresJsExecutor } = await import("../../sql/postgres-js-executor.ts");
      const client = createPostgresJsClient(url, { max: poolSize });
      return { driver: postgresJsExecutor(client), close: () => client.end() };
    },
    async drizzle() {
      const [{ default: postgres }, { drizzle }, schema] = await Promise.all([
        import("postgres"),
        import("drizzle-orm/postgres-js"),
        import("../../drizzle/schema.ts"),
      ]);
      const client = postgres(url, { max: poolSize, onnotice: () => {} });
      return { driver: drizzle({ client, schema }), close: () => client.end() };
    },
  };
}

/** Neon's WebSocket Pool, through the local WebSocket-to-TCP proxy or to real Neon. */
function neonWsDrivers({ url, real, poolSize, namedStatements }: OpenContext): DriverSource {
  const mode = real ? "real" : "local-proxy";
  const openPool = async () =>
    (await import("./neon.ts")).createNeonPool({ connectionString: url, max: poolSize }, mode);
  return {
    namedStatements,
    prismaAdapter: async () =>
      new (await import("./neon-prisma.ts")).ConfiguredPrismaNeon({ connectionString: url, max: poolSize }, mode),
    async sqlExecutor() {
      // Neon's Pool is node-postgres' API (a fork of it): the pg executor runs on it unchanged.
      const [{ pool, close }, { pgPoolExecutor }] = await Promise.all([openPool(), import("../../sql/executor.ts")]);
      return { driver: pgPoolExecutor(pool, { namedStatements }), close };
    },
    async drizzle() {
      const [{ pool, close }, { drizzle }, schema] = await Promise.all([
        openPool(),
        import("drizzle-orm/neon-serverless"),
        import("../../drizzle/schema.ts"),
      ]);
      return { driver: drizzle({ client: pool, schema }), close };
    },
  };
}

const noTransactions = (reason: string) => new NotSupportedOnPathError("neon-http", "interactive transaction", reason);

/** Neon's SQL-over-HTTP, against the local stand-in or real Neon; no interactive transactions (each request is its own session). */
function neonHttpDrivers({ url, namedStatements }: OpenContext): DriverSource {
  const driverModules = async () => {
    const [neonDriver, neon, httpSql] = await Promise.all([
      import("@neondatabase/serverless"),
      import("./neon.ts"),
      import("./neon-http-sql.ts"),
    ]);
    neon.installNeonFetchRouting();
    return { neonDriver, httpSql };
  };
  return {
    namedStatements,
    async prismaAdapter() {
      const [{ httpSql }, { PrismaNeonHttp }] = await Promise.all([driverModules(), import("@prisma/adapter-neon")]);
      // The adapter's own refusal is a bare Error; this one says why, and the runner recognises it.
      class PrismaNeonHttpNoTransactions extends PrismaNeonHttp {
        override async connect(): Promise<SqlDriverAdapter> {
          const adapter = await super.connect();
          adapter.startTransaction = () => Promise.reject(noTransactions(httpSql.NO_INTERACTIVE_TRANSACTIONS));
          return adapter;
        }
      }
      return new PrismaNeonHttpNoTransactions(url, {});
    },
    async sqlExecutor() {
      const { neonDriver, httpSql } = await driverModules();
      return { driver: httpSql.neonHttpExecutor(neonDriver.neon(url)), close: async () => {} };
    },
    async drizzle() {
      const [{ neonDriver, httpSql }, { drizzle }, schema] = await Promise.all([
        driverModules(),
        import("drizzle-orm/neon-http"),
        import("../../drizzle/schema.ts"),
      ]);
      const db = drizzle({ client: neonDriver.neon(url), schema });
      // drizzle-orm/neon-http's own refusal is a bare Error; replace it with one that says why.
      Object.assign(db, { transaction: () => Promise.reject(noTransactions(httpSql.NO_INTERACTIVE_TRANSACTIONS)) });
      return { driver: db, close: async () => {} };
    },
  };
}

const DRIVERS: Record<PathName, (ctx: OpenContext) => DriverSource> = {
  pg: nodePostgresDrivers,
  pgbouncer: nodePostgresDrivers,
  "postgres-js": postgresJsDrivers,
  "neon-ws": neonWsDrivers,
  "neon-http": neonHttpDrivers,
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
export async function openOnPath(
  impl: ImplementationName,
  path: PathName,
  databaseUrl: string,
  endpoint: Endpoint,
  options: OpenOnPathOptions = {},
): Promise<Repositories> {
  const supported = supports(impl, path);
  if (supported !== true) throw new Error(`${impl} on ${path}: ${supported}`);
  const real = options.real ?? false;
  const url = real ? databaseUrl : urlForEndpoint(databaseUrl, endpoint);
  return implementation(impl).openOnDriver(
    DRIVERS[path]({ url, real, poolSize: options.poolSize ?? 10, namedStatements: NAMED_STATEMENTS[path] }),
  );
}
