/**
 * The server side of each path: what must run locally in front of PostgreSQL for clients of that
 * path to connect. Each server is private to its caller and stopped by `close()`.
 */
import { startNeonHttpStandIn } from "./neon-http-standin.ts";
import { startPgBouncer } from "./pgbouncer.ts";
import { type Endpoint, type PathName, type PathServer, PathUnavailableError } from "./types.ts";
import { startWsProxy } from "./ws-proxy.ts";

/** PostgreSQL's own endpoint, from the database URL (port 5432 when the URL names none). */
export function endpointOf(databaseUrl: string): Endpoint {
  const url = new URL(databaseUrl);
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost", port: Number(url.port || 5432) };
}

/** Reports' one-line description of each path. */
export const PATH_DESCRIPTIONS: Readonly<Record<PathName, string>> = {
  pg: "node-postgres over TCP",
  "postgres-js": "postgres.js over TCP",
  "neon-ws": "Neon WebSocket (@neondatabase/serverless Pool through a local WebSocket-to-TCP proxy)",
  "neon-http": "Neon HTTP (local stand-in for Neon's SQL-over-HTTP endpoint)",
  pgbouncer: "pgbouncer in transaction mode (node-postgres through a local pgbouncer)",
};

/**
 * Starts what `path` needs in front of PostgreSQL at `databaseUrl`: nothing for pg and postgres-js
 * (the endpoint is PostgreSQL's own), the WebSocket-to-TCP proxy for neon-ws, the SQL-over-HTTP
 * stand-in for neon-http, a private pgbouncer for pgbouncer.
 * @throws PathUnavailableError with the reason when it can't (e.g. pgbouncer not installed).
 */
export async function startPathServer(path: PathName, databaseUrl: string): Promise<PathServer> {
  const description = PATH_DESCRIPTIONS[path];
  const wrap = async <T>(start: () => Promise<T>): Promise<T> => {
    try {
      return await start();
    } catch (error) {
      if (error instanceof PathUnavailableError) throw error;
      throw new PathUnavailableError(path, error instanceof Error ? error.message : String(error), { cause: error });
    }
  };
  switch (path) {
    case "pg":
    case "postgres-js":
      return { path, endpoint: endpointOf(databaseUrl), description, close: async () => {} };
    case "neon-ws": {
      const proxy = await wrap(() => startWsProxy(endpointOf(databaseUrl)));
      return {
        path,
        endpoint: proxy.endpoint,
        description,
        get connectionsAccepted() {
          return proxy.connectionsAccepted;
        },
        close: () => proxy.close(),
      };
    }
    case "neon-http": {
      const standIn = await wrap(() => startNeonHttpStandIn(databaseUrl));
      return {
        path,
        endpoint: standIn.endpoint,
        description,
        get connectionsAccepted() {
          return standIn.requestsServed;
        },
        close: () => standIn.close(),
      };
    }
    case "pgbouncer": {
      const bouncer = await wrap(() => startPgBouncer(databaseUrl));
      return {
        path,
        endpoint: bouncer.endpoint,
        description: `${description}, ${bouncer.version}`,
        close: () => bouncer.close(),
      };
    }
    default:
      throw new PathUnavailableError(path, `unknown path "${String(path)}"`);
  }
}
