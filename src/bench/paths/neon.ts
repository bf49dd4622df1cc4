/**
 * Neon serverless driver set-up for both Neon paths, locally (WebSocket proxy, HTTP stand-in) and
 * against real Neon, without one path's settings leaking into another's:
 *
 * - WebSocket: the settings a local proxy needs (plain `ws:`, no pipelined connect/TLS, which assume
 *   Neon's proxy and cleartext passwords) are put on each connection's socket, not on the global
 *   `neonConfig`: the pool's `Client` class (public in the driver's types) is replaced by one that
 *   configures its socket in the constructor, before it connects. PrismaNeon creates its pool itself,
 *   so its factory is subclassed to do the same on that pool (neon-prisma.ts, kept apart so that
 *   Drizzle and SQL runs never load Prisma's adapter: it would count in their cold start).
 * - HTTP: `fetchEndpoint` is global-only in the driver (NeonConfigGlobalOnly). It is set once to a
 *   function of the host: a loopback host (always a local stand-in, or a latency proxy in front of
 *   one; Neon is never on loopback) gets `http://host:port/sql`, any other host keeps the driver's
 *   default (`https://api.<host>/sql`). So local and real endpoints can be used in one process.
 */
import { Client, neonConfig, Pool, type PoolConfig } from "@neondatabase/serverless";
import ws from "ws";
import { type OwnedPool, ownPool } from "../../db/pool.ts";

/** Loopback hosts: where the local stand-ins and latency proxies listen. */
function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\./.test(h);
}

/** How a Neon WebSocket connection is made: through the local proxy, or to real Neon. */
export type NeonWsMode = "local-proxy" | "real";

/** A Neon Client class whose sockets are configured for `mode` (not the global neonConfig). */
function clientClassFor(mode: NeonWsMode): typeof Client {
  return class ConfiguredNeonClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super(config);
      const socket = this.neonConfig;
      // Node 20 has no global WebSocket: the `ws` package is the driver's documented substitute.
      socket.webSocketConstructor = ws;
      if (mode === "local-proxy") {
        // The local proxy listens at the URL's own host:port, over plain ws, any path.
        socket.wsProxy = (host, port) => `${host}:${port}/`;
        socket.useSecureWebSocket = false;
        socket.pipelineTLS = false;
        // Neon's proxy accepts a pipelined cleartext password; a real PostgreSQL behind our proxy
        // asks for its own auth method (trust, md5, SCRAM) first.
        socket.pipelineConnect = false;
      }
    }
  };
}

/** Makes every connection `pool` opens from now on use the settings for `mode`. */
export function configureNeonPool(pool: Pool, mode: NeonWsMode): Pool {
  pool.Client = clientClassFor(mode);
  return pool;
}

/** A Neon WebSocket Pool configured for `mode`, owned by the caller (see src/db/pool.ts). */
export function createNeonPool(config: PoolConfig, mode: NeonWsMode): OwnedPool<Pool> {
  return ownPool(configureNeonPool(new Pool(config), mode));
}

let fetchRoutingInstalled = false;

/**
 * Routes Neon HTTP queries for loopback hosts to `http://host:port/sql` (the local stand-in) and
 * leaves every other host on the driver's default. Idempotent.
 */
export function installNeonFetchRouting(): void {
  if (fetchRoutingInstalled) return;
  fetchRoutingInstalled = true;
  const fallback = neonConfig.fetchEndpoint;
  neonConfig.fetchEndpoint = (host, port, options) => {
    if (isLoopbackHost(host)) return `http://${host}:${port}/sql`;
    return typeof fallback === "function" ? fallback(host, port, options) : fallback;
  };
}
