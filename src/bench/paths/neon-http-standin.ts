/**
 * A local STAND-IN for Neon's SQL-over-HTTP endpoint, so `neon()`, `PrismaNeonHttp` and
 * `drizzle-orm/neon-http` can be measured here without Neon. It is not Neon: it implements only the
 * protocol @neondatabase/serverless 1.2 speaks (read from the installed driver's `neon()`), in front
 * of an ordinary PostgreSQL reached with node-postgres:
 *
 * - `POST /sql`, header `Neon-Connection-String` (the credentials and database to use; the host in
 *   it is this stand-in, the PostgreSQL behind it is fixed at start, as Neon's proxy routes by host),
 *   `Neon-Raw-Text-Output: true` (values stay PostgreSQL's text; the client parses them by
 *   `dataTypeID`), `Neon-Array-Mode` (rows as arrays, or objects by column name).
 * - Body `{ query, params }`: one statement in its own implicit transaction. Response
 *   `{ command, rowCount, rows, fields: [{ name, dataTypeID, ... }], rowAsArray }`.
 * - Body `{ queries: [{ query, params }, ...] }`: a non-interactive batch run in ONE transaction
 *   (`sql.transaction([...])`), with `Neon-Batch-Isolation-Level`, `Neon-Batch-Read-Only`,
 *   `Neon-Batch-Deferrable`. Response `{ results: [...] }`. Any failure rolls the whole batch back.
 * - A PostgreSQL error: HTTP 400 with `{ message, code, detail, constraint, ... }`, which the driver
 *   turns into a NeonDbError carrying those fields. Anything else: HTTP 500 with a text body.
 *
 * Interactive transactions do not exist in this protocol (nor on Neon): each request is its own
 * session. Parameters arrive already serialized to text by the driver (pg's `prepareValue`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { type OwnedPool, openPgPool } from "../../db/pool.ts";
import type { Endpoint } from "./types.ts";

/** A running Neon SQL-over-HTTP stand-in. */
export interface NeonHttpStandIn {
  /** Where clients send `POST /sql` over plain http. */
  readonly endpoint: Endpoint;
  /** HTTP requests handled since start (one per query or batch). */
  readonly requestsServed: number;
  /** Stops listening and ends the connections to PostgreSQL. */
  close(): Promise<void>;
}

interface WireQuery {
  query: string;
  params?: unknown[];
}

const ISOLATION_LEVELS: Readonly<Record<string, string>> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

/** The fields of a PostgreSQL error that Neon's HTTP endpoint returns (the driver copies them). */
const ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

/** A request the stand-in refuses, answered with HTTP 400 and a message. */
class BadRequest extends Error {}

// Results stay text, exactly as PostgreSQL sent them: the client parses them (Raw-Text-Output).
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseQuery(value: unknown): WireQuery {
  const q = value as Partial<WireQuery> | null;
  if (typeof q !== "object" || q === null || typeof q.query !== "string")
    throw new BadRequest("each query must be { query: string, params?: array }");
  if (q.params !== undefined && !Array.isArray(q.params)) throw new BadRequest("params must be an array");
  return { query: q.query, params: q.params ?? [] };
}

/** The response object for one statement, as Neon shapes it. */
function toWireResult(result: pg.QueryResult<unknown[]>, arrayMode: boolean): Record<string, unknown> {
  const fields = result.fields.map((f) => ({
    name: f.name,
    tableID: f.tableID,
    columnID: f.columnID,
    dataTypeID: f.dataTypeID,
    dataTypeSize: f.dataTypeSize,
    dataTypeModifier: f.dataTypeModifier,
    format: "text",
  }));
  const rows = arrayMode
    ? result.rows
    : result.rows.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, row[i]])));
  return { command: result.command, rowCount: result.rowCount, rows, fields, rowAsArray: arrayMode };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
  res.end(text);
}

/** `BEGIN` with the batch's transaction characteristics from the Neon-Batch-* headers. */
function beginStatement(req: IncomingMessage): string {
  const parts = ["BEGIN"];
  const isolation = header(req, "Neon-Batch-Isolation-Level");
  if (isolation !== undefined) {
    const level = ISOLATION_LEVELS[isolation];
    if (!level)
      throw new BadRequest(
        `unknown Neon-Batch-Isolation-Level "${isolation}"; expected ${Object.keys(ISOLATION_LEVELS).join(", ")}`,
      );
    parts.push(`ISOLATION LEVEL ${level}`);
  }
  const readOnly = header(req, "Neon-Batch-Read-Only");
  if (readOnly !== undefined) parts.push(readOnly === "true" ? "READ ONLY" : "READ WRITE");
  const deferrable = header(req, "Neon-Batch-Deferrable");
  if (deferrable !== undefined) parts.push(deferrable === "true" ? "DEFERRABLE" : "NOT DEFERRABLE");
  return parts.join(" ");
}

/**
 * Starts the stand-in on 127.0.0.1 (a free port) in front of the PostgreSQL server of `databaseUrl`.
 * Requests may name another database or user of that server in `Neon-Connection-String`.
 */
export async function startNeonHttpStandIn(databaseUrl: string): Promise<NeonHttpStandIn> {
  const server_ = new URL(databaseUrl);
  const pools = new Map<string, OwnedPool<pg.Pool>>();
  let served = 0;

  /** The pool for the credentials and database a request names, on the fixed server. */
  function poolFor(connectionString: string | undefined): pg.Pool {
    if (!connectionString) throw new BadRequest("missing Neon-Connection-String header");
    let requested: URL;
    try {
      requested = new URL(connectionString);
    } catch {
      throw new BadRequest("Neon-Connection-String is not a URL");
    }
    const target = new URL(databaseUrl);
    target.username = requested.username;
    target.password = requested.password;
    target.pathname = requested.pathname;
    target.search = server_.search;
    const key = target.toString();
    let pool = pools.get(key);
    if (!pool) {
      pool = openPgPool(key, { max: 10 });
      pools.set(key, pool);
    }
    return pool.pool;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    served++;
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    if (req.method !== "POST" || path !== "/sql")
      return send(res, 404, `the Neon HTTP stand-in serves POST /sql only (got ${req.method} ${path})`);
    if (header(req, "Neon-Raw-Text-Output") !== "true")
      throw new BadRequest(
        "this stand-in supports only Neon-Raw-Text-Output: true (what @neondatabase/serverless sends)",
      );
    const arrayMode = header(req, "Neon-Array-Mode") === "true";
    const pool = poolFor(header(req, "Neon-Connection-String"));
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      throw new BadRequest("the body is not JSON");
    }
    const queries = (body as { queries?: unknown }).queries;
    if (queries === undefined) {
      const q = parseQuery(body);
      const result = await pool.query<unknown[]>({
        text: q.query,
        values: q.params,
        rowMode: "array",
        types: RAW_TEXT,
      });
      return send(res, 200, toWireResult(result, arrayMode));
    }
    if (!Array.isArray(queries)) throw new BadRequest("queries must be an array");
    const batch = queries.map(parseQuery);
    const begin = beginStatement(req);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const results = [];
      for (const q of batch) {
        results.push(
          toWireResult(
            await client.query<unknown[]>({ text: q.query, values: q.params, rowMode: "array", types: RAW_TEXT }),
            arrayMode,
          ),
        );
      }
      await client.query("COMMIT");
      send(res, 200, { results });
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BadRequest) return send(res, 400, { message: error.message });
      if (error instanceof pg.DatabaseError) {
        const body: Record<string, unknown> = { message: error.message };
        for (const field of ERROR_FIELDS) if (error[field] !== undefined) body[field] = error[field];
        return send(res, 400, body);
      }
      send(res, 500, `Neon HTTP stand-in: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: { host: "127.0.0.1", port },
    get requestsServed() {
      return served;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  };
}
