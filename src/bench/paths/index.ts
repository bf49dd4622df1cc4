/**
 * Connection paths for the benchmark: every implementation opened over every way serverless apps
 * reach PostgreSQL (node-postgres and postgres.js over TCP, Neon WebSocket, Neon HTTP, pgbouncer in
 * transaction mode). The runner uses only what this module exports:
 *
 * 1. `startPathServer(path, databaseUrl)`: what the path needs locally (proxy, stand-in, pooler);
 * 2. `supports(impl, path)`: whether a pair can run at all, or why not;
 * 3. `openOnPath(impl, path, databaseUrl, endpoint)`: the Repositories over that path, connecting to
 *    `endpoint` (the PathServer's, or a latency proxy in front of it); `{ real: true }` for a real
 *    endpoint such as NEON_DATABASE_URL.
 */
export {
  PATHS,
  type PathName,
  type Endpoint,
  type PathServer,
  PathUnavailableError,
  NotSupportedOnPathError,
  parsePathName,
} from "./types.ts";
export { startPathServer, endpointOf, PATH_DESCRIPTIONS } from "./server.ts";
export { supports, notSupportedOnPath } from "./support.ts";
export { openOnPath, urlForEndpoint, type OpenOnPathOptions } from "./open.ts";
