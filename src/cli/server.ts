/**
 * The rule every command follows for where it runs: the server of `DATABASE_URL` (or the
 * command's own variable) when set, otherwise a throwaway embedded PostgreSQL; and work that needs
 * a database of its own gets a scratch `*_test_*` database on that server, dropped afterwards.
 */
import { startEmbeddedPostgres } from "../db/embedded.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../db/test-database.ts";
import { describeTarget } from "../db/urls.ts";

/** A PostgreSQL server a command runs against. */
export interface CommandServer {
  /** A URL on the server (its maintenance database): scratch databases are created from it. */
  readonly url: string;
  /** `embedded`: started for this command; `DATABASE_URL`: the one the environment named. */
  readonly kind: "embedded" | "DATABASE_URL";
  /** Where it is, without a password: "user@host:port" or "embedded PostgreSQL on 127.0.0.1:port". */
  readonly description: string;
  /** Stops the embedded server (and deletes its data); nothing for the environment's server. */
  stop(): Promise<void>;
}

/** The server of `externalUrl` when given (non-empty), otherwise a freshly started embedded one. */
export async function openCommandServer(externalUrl: string | undefined): Promise<CommandServer> {
  if (externalUrl) {
    const t = describeTarget(externalUrl);
    return {
      url: externalUrl,
      kind: "DATABASE_URL",
      description: `${t.user}@${t.host}:${t.port}`,
      stop: async () => {},
    };
  }
  const embedded = await startEmbeddedPostgres();
  return {
    url: embedded.url,
    kind: "embedded",
    description: `embedded PostgreSQL on 127.0.0.1:${embedded.port}`,
    stop: () => embedded.stop(),
  };
}

/** Runs `work` on {@link openCommandServer}'s server and stops it afterwards, whatever happens. */
export async function withCommandServer<T>(
  externalUrl: string | undefined,
  work: (server: CommandServer) => Promise<T>,
): Promise<T> {
  const server = await openCommandServer(externalUrl);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Options of {@link withScratchDatabase}. */
export interface ScratchOptions {
  /** Prefix of the database's name; it must mark it disposable (`_test`, `_tmp`; see db/test-database.ts). */
  prefix: string;
  /** Runs on the new database before `work` (e.g. applying the migrations). */
  prepare?: (url: string) => Promise<unknown>;
}

/**
 * Creates a uniquely named scratch database on `serverUrl`, runs `work` on its URL, drops it. A
 * failure to drop is an error (a database was left behind) unless `work` failed first: then the
 * work's error is the one worth reading.
 */
export async function withScratchDatabase<T>(
  serverUrl: string,
  options: ScratchOptions,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const name = uniqueTestDatabaseName(options.prefix);
  const url = await createDatabase(serverUrl, name);
  let result: T;
  try {
    await options.prepare?.(url);
    result = await work(url);
  } catch (error) {
    await dropTestDatabase(serverUrl, name).catch(() => {});
    throw error;
  }
  await dropTestDatabase(serverUrl, name);
  return result;
}
