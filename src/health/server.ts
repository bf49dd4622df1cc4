/** A small HTTP server exposing the health check: `GET /health/db` -> 200 or 503 with JSON. */
import { createServer, type Server } from "node:http";
import type { HealthChecker } from "./check.ts";

/** Starts listening on `port` (0: any free port) and resolves with the server and its port. */
export async function startHealthServer(
  checker: HealthChecker,
  port = 0,
  host = "127.0.0.1",
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/health/db") {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "not found; try GET /health/db" }));
      return;
    }
    checker
      .check()
      .then((report) => {
        response.writeHead(report.status === "ok" ? 200 : 503, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
        response.end(JSON.stringify(report));
      })
      .catch((error: unknown) => {
        response
          .writeHead(503, { "content-type": "application/json" })
          .end(JSON.stringify({ status: "unavailable", error: String(error) }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : port };
}

/** Where `serve` listens, see {@link listenAddress}. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** The default: this machine only. A container needs `--host 0.0.0.0` (or HOST) for its probes. */
export const DEFAULT_LISTEN: ListenAddress = { host: "127.0.0.1", port: 3000 };

/** `--host`/`--port` flags first, then the HOST/PORT environment, then {@link DEFAULT_LISTEN}. */
export function listenAddress(flags: { host?: string; port?: string }, env: NodeJS.ProcessEnv): ListenAddress {
  const host = flags.host || env.HOST || DEFAULT_LISTEN.host;
  const portText = flags.port ?? env.PORT ?? String(DEFAULT_LISTEN.port);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Error(`${flags.port !== undefined ? "--port" : "PORT"}: "${portText}" is not a port number (0-65535)`);
  return { host, port };
}
