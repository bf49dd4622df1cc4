/**
 * The driver adapter Prisma's Wasm schema engine talks to PostgreSQL through, written for
 * migrations rather than for queries. It exists because `@prisma/adapter-pg` fails on exactly the
 * queries the schema engine sends (PLATFORM.md):
 *
 * - the catalog queries return PostgreSQL's internal `"char"` type (OID 18: `relkind`, `contype`,
 *   `confdeltype`, ...), for which adapter-pg has no column type ("Column type 'char' could not be
 *   deserialized"); here every OID has a column type, and unknown ones are passed on as text;
 * - `executeScript` must run a migration file whole: a naive split on `;` breaks dollar-quoted
 *   function bodies and strings that contain semicolons. Here the script goes to the server in one
 *   simple-protocol message, which PostgreSQL runs statement by statement as one implicit
 *   transaction (unless the script itself says BEGIN/COMMIT), exactly like Prisma's native engine.
 *
 * Each adapter is one dedicated `pg.Client`: the schema engine runs its work sequentially, and a
 * migration must see its own session state (search_path, locks, an open transaction).
 */
import {
  ColumnTypeEnum,
  type ColumnType,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parse as parseArrayLiteral } from "postgres-array";
import { markerTableExists, withCommitMarker } from "./commit-marker.ts";
import { pauseIfAsked, pausePointOf } from "./pause-hook.ts";

const ADAPTER_NAME = "orm-switch-pg-migrations";

/** Column types by PostgreSQL type OID (pg_type.oid; stable across versions for built-in types). */
const COLUMN_TYPES: ReadonlyMap<number, ColumnType> = new Map<number, ColumnType>([
  [16, ColumnTypeEnum.Boolean],
  [17, ColumnTypeEnum.Bytes],
  [18, ColumnTypeEnum.Character], // "char": the one adapter-pg lacks
  [19, ColumnTypeEnum.Text], // name
  [20, ColumnTypeEnum.Int64],
  [21, ColumnTypeEnum.Int32],
  [23, ColumnTypeEnum.Int32],
  [25, ColumnTypeEnum.Text],
  [26, ColumnTypeEnum.Int64], // oid: unsigned 32-bit, does not fit Int32
  [114, ColumnTypeEnum.Json],
  [700, ColumnTypeEnum.Float],
  [701, ColumnTypeEnum.Double],
  [1042, ColumnTypeEnum.Text],
  [1043, ColumnTypeEnum.Text],
  [1082, ColumnTypeEnum.Date],
  [1083, ColumnTypeEnum.Time],
  [1114, ColumnTypeEnum.DateTime],
  [1184, ColumnTypeEnum.DateTime],
  [1700, ColumnTypeEnum.Numeric],
  [2950, ColumnTypeEnum.Uuid],
  [3802, ColumnTypeEnum.Json],
  // Arrays.
  [1000, ColumnTypeEnum.BooleanArray],
  [1001, ColumnTypeEnum.BytesArray],
  [1002, ColumnTypeEnum.CharacterArray],
  [1003, ColumnTypeEnum.TextArray],
  [1005, ColumnTypeEnum.Int32Array],
  [1007, ColumnTypeEnum.Int32Array],
  [1009, ColumnTypeEnum.TextArray],
  [1014, ColumnTypeEnum.TextArray],
  [1015, ColumnTypeEnum.TextArray],
  [1016, ColumnTypeEnum.Int64Array],
  [1021, ColumnTypeEnum.FloatArray],
  [1022, ColumnTypeEnum.DoubleArray],
  [1028, ColumnTypeEnum.Int64Array],
  [1115, ColumnTypeEnum.DateTimeArray],
  [1182, ColumnTypeEnum.DateArray],
  [1183, ColumnTypeEnum.TimeArray],
  [1185, ColumnTypeEnum.DateTimeArray],
  [1231, ColumnTypeEnum.NumericArray],
  [2951, ColumnTypeEnum.UuidArray],
  [199, ColumnTypeEnum.JsonArray],
  [3807, ColumnTypeEnum.JsonArray],
]);

/** The column type for a result field; anything not listed (enums, int2vector, pg_node_tree, ...) is text. */
export function columnTypeOf(oid: number): ColumnType {
  return COLUMN_TYPES.get(oid) ?? ColumnTypeEnum.Text;
}

/** Every value arrives as PostgreSQL's text output; {@link convertValue} turns it into what the engine reads. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** Timestamps in the ISO form the engine parses (adapter-pg's convention: UTC offset appended). */
function isoTimestamp(text: string, withZone: boolean): string {
  const t = text.replace(" ", "T");
  return withZone ? t.replace(/[+-]\d{2}(:\d{2})?$/, "+00:00") : `${t}+00:00`;
}

function decodeBytea(text: string): Uint8Array {
  return text.startsWith("\\x")
    ? Uint8Array.from(Buffer.from(text.slice(2), "hex"))
    : Uint8Array.from(Buffer.from(text, "binary"));
}

/** Converts one value from text output to the JS value the engine expects for `type`. */
export function convertValue(text: string | null, type: ColumnType, oid: number): unknown {
  if (text === null) return null;
  switch (type) {
    case ColumnTypeEnum.Boolean:
      return text === "t";
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
      return Number(text);
    case ColumnTypeEnum.Bytes:
      return decodeBytea(text);
    case ColumnTypeEnum.DateTime:
      return isoTimestamp(text, oid === 1184);
    case ColumnTypeEnum.Int32Array:
    case ColumnTypeEnum.FloatArray:
    case ColumnTypeEnum.DoubleArray:
      return parseArrayLiteral(text, (v) => Number(v));
    case ColumnTypeEnum.BooleanArray:
      return parseArrayLiteral(text, (v) => v === "t");
    case ColumnTypeEnum.DateTimeArray:
      return parseArrayLiteral(text, (v) => isoTimestamp(v, oid === 1185));
    case ColumnTypeEnum.BytesArray:
      return parseArrayLiteral(text, decodeBytea);
    case ColumnTypeEnum.Int64Array:
    case ColumnTypeEnum.TextArray:
    case ColumnTypeEnum.CharacterArray:
    case ColumnTypeEnum.NumericArray:
    case ColumnTypeEnum.DateArray:
    case ColumnTypeEnum.TimeArray:
    case ColumnTypeEnum.UuidArray:
    case ColumnTypeEnum.JsonArray:
      return parseArrayLiteral(text);
    default:
      // Int64, Numeric, Text, Character, Date, Time, Json, Uuid: the engine takes the text itself.
      return text;
  }
}

/** Converts an argument the engine sends to what node-postgres accepts. */
function toPgArg(arg: unknown): unknown {
  if (arg instanceof Uint8Array) return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
  if (Array.isArray(arg)) return arg.map(toPgArg);
  return arg;
}

/** What the engine's error handling understands: PostgreSQL errors keep their SQLSTATE and details. */
function toAdapterError(error: unknown): Error {
  const e = error as pg.DatabaseError;
  if (e && typeof e.code === "string" && typeof e.severity === "string") {
    // The shape @prisma/driver-adapter-utils' DriverAdapterError carries for kind "postgres".
    return Object.assign(new Error(e.message), {
      name: "DriverAdapterError",
      cause: {
        kind: "postgres",
        code: e.code,
        severity: e.severity,
        message: e.message,
        detail: e.detail,
        column: e.column,
        hint: e.hint,
      },
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function runQuery(client: pg.Client, query: SqlQuery): Promise<pg.QueryArrayResult> {
  // Fault injection for tests only (pause-hook.ts): no effect unless its variable is set.
  const point = pausePointOf(query.sql);
  if (point.before) await pauseIfAsked(point.before);
  let result: pg.QueryArrayResult;
  try {
    result = await client.query({
      text: query.sql,
      values: query.args.map(toPgArg),
      rowMode: "array",
      types: RAW_TEXT,
    });
  } catch (error) {
    throw toAdapterError(error);
  }
  if (point.after) await pauseIfAsked(point.after);
  return result;
}

async function queryRaw(client: pg.Client, query: SqlQuery): Promise<SqlResultSet> {
  const result = await runQuery(client, query);
  const fields = result.fields ?? [];
  const columnTypes = fields.map((f) => columnTypeOf(f.dataTypeID));
  return {
    columnNames: fields.map((f) => f.name),
    columnTypes,
    rows: result.rows.map((row: unknown[]) =>
      row.map((value, i) => convertValue(value as string | null, columnTypes[i]!, fields[i]!.dataTypeID)),
    ),
  };
}

async function executeRaw(client: pg.Client, query: SqlQuery): Promise<number> {
  return (await runQuery(client, query)).rowCount ?? 0;
}

/** One connection of the engine's: queries, whole scripts and transactions on a dedicated client. */
class PgMigrationConnection implements SqlDriverAdapter {
  readonly provider = "postgres" as const;
  readonly adapterName = ADAPTER_NAME;

  constructor(
    private readonly client: pg.Client,
    private readonly afterDispose: () => Promise<void> = async () => {},
    /** Follow migration scripts with their commit marker (commit-marker.ts): target connections of apply. */
    private readonly markCommits = false,
  ) {}

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return queryRaw(this.client, query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return executeRaw(this.client, query);
  }

  /** The whole script in one simple-protocol message: never split on `;` (see the module comment). */
  async executeScript(script: string): Promise<void> {
    // The engine's own scripts (creating its history table) are not migrations: no marker.
    // Only where the marker table exists (apply creates it first): other engine users never fail on it.
    const mark = this.markCommits && !script.includes("_prisma_migrations") && (await markerTableExists(this.client));
    const marked = mark ? withCommitMarker(script) : script;
    try {
      await this.client.query(marked);
    } catch (error) {
      throw toAdapterError(error);
    }
    if (!script.includes("_prisma_migrations")) await pauseIfAsked("after-script");
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const client = this.client;
    await executeRaw(client, {
      sql: isolationLevel ? `BEGIN ISOLATION LEVEL ${isolationLevel}` : "BEGIN",
      args: [],
      argTypes: [],
    });
    return {
      provider: "postgres",
      adapterName: ADAPTER_NAME,
      options: { usePhantomQuery: false },
      queryRaw: (q) => queryRaw(client, q),
      executeRaw: (q) => executeRaw(client, q),
      commit: async () => void (await executeRaw(client, { sql: "COMMIT", args: [], argTypes: [] })),
      rollback: async () => void (await executeRaw(client, { sql: "ROLLBACK", args: [], argTypes: [] })),
    };
  }

  getConnectionInfo() {
    return { schemaName: "public", supportsRelationJoins: true };
  }

  private disposed = false;

  /** Ends the connection (a second call does nothing), then releases what it was opened on. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.client.end().catch(() => {});
    await this.afterDispose();
  }
}

async function connectTo(
  url: string,
  afterDispose?: () => Promise<void>,
  markCommits = false,
): Promise<PgMigrationConnection> {
  // The client's OS pid in the name: status can tell which process a stuck session belongs to.
  const client = new pg.Client({ connectionString: url, application_name: `orm-switch migrate pid=${process.pid}` });
  // A server-side disconnect while idle must not crash the process; the next query reports it.
  client.on("error", () => {});
  await client.connect();
  return new PgMigrationConnection(client, afterDispose, markCommits);
}

/**
 * Hands out an EMPTY database for the engine to replay migrations into, and takes it back.
 * The engine expects a clean shadow database on every request (it does not reset one itself).
 */
export interface ShadowDatabaseProvider {
  acquire(): Promise<{ url: string; release(): Promise<void> }>;
}

/**
 * The adapter factory for the schema engine: `connect()` opens the target database,
 * `connectToShadowDb()` a fresh shadow database (only `diff` from migrations and dev diagnostics
 * use one). Without a provider, asking for a shadow database is an error that says so, never a
 * silent fallback to the target.
 */
export function pgMigrationAdapterFactory(options: {
  url: string;
  shadow?: ShadowDatabaseProvider;
  /** Scripts run on the target get a commit marker (never on a shadow database). */
  markCommits?: boolean;
}): PgMigrationAdapterFactory {
  // The engine does not always dispose its connections (not when it is freed, nor after a failed
  // apply), and a leftover connection keeps holding Prisma's advisory lock: the factory ends them.
  const open = new Set<PgMigrationConnection>();
  const track = (connection: PgMigrationConnection) => {
    open.add(connection);
    return connection;
  };
  return {
    provider: "postgres",
    adapterName: ADAPTER_NAME,
    connect: async () => track(await connectTo(options.url, async () => {}, options.markCommits)),
    connectToShadowDb: async () => {
      if (!options.shadow) throw new Error("this operation needs a shadow database and none was given");
      const shadow = await options.shadow.acquire();
      try {
        return track(await connectTo(shadow.url, () => shadow.release()));
      } catch (error) {
        await shadow.release();
        throw error;
      }
    },
    async disposeAll() {
      const connections = [...open];
      open.clear();
      await Promise.all(connections.map((c) => c.dispose().catch(() => {})));
    },
  };
}

/** The factory, plus a way to end every connection it opened that is still open. */
export interface PgMigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  disposeAll(): Promise<void>;
}
