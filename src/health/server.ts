/** A small HTTP server exposing the health check: `GET /health/db` -> 200 or 503 with JSON. */
import { createServer, type Server } from "node:http";
import type { HealthChecker } from "./check.ts";

/** Starts listening on `port` (0: any free port) and resolves with the server and its port. */
export async function startHealthServer(checker: HealthChecker, port = 0, host = "127.0.0.1"): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/health/db") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found; try GET /health/db" }));
      return;
    }
    checker
      .check()
      .then((report) => {
        response.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(report));
      })
      .catch((error: unknown) => {
        response.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ status: "unavailable", error: String(error) }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : port };
}
