/**
 * What the server itself says a connection reached: the only answer a URL cannot fake. Guards
 * compare it with what the URL resolved to and judge the database the server names.
 */
import { networkInterfaces } from "node:os";
import pg from "pg";

/** The server's own account of a connection. */
export interface ServerIdentity {
  database: string;
  user: string;
  /**
   * `current_schema()`: where unqualified names (every table a migration creates) go; null when no
   * schema on the search_path exists. `PGOPTIONS`, `?options=-c search_path=...` and role or
   * database settings all move it.
   */
  schema: string | null;
  /** `inet_server_addr()`: the address the server accepted the connection on; null over a Unix socket. */
  address: string | null;
  /** `inet_server_port()`, or the `port` setting over a Unix socket. */
  port: number;
  /**
   * `pg_control_system().system_identifier`: one value per server (cluster), whatever address or
   * socket reached it; null where the function is not granted (some hosted servers).
   */
  systemIdentifier: string | null;
  /** `server_version`, for the banner. */
  version: string;
}

/** Connects to `url` (which must name every part explicitly, see connection-target.ts) and asks. */
export async function askServer(url: string): Promise<ServerIdentity> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{
      database: string;
      user: string;
      schema: string | null;
      address: string | null;
      port: number | null;
      setting_port: string;
      version: string;
      system_identifier: string | null;
    }>(
      `SELECT current_database() AS database, current_user AS "user", current_schema() AS schema, host(inet_server_addr()) AS address,
              inet_server_port() AS port, current_setting('port') AS setting_port, current_setting('server_version') AS version,
              CASE WHEN has_function_privilege('pg_control_system()', 'execute')
                   THEN (pg_control_system()).system_identifier::text END AS system_identifier`,
    );
    const r = rows[0]!;
    return {
      database: r.database,
      user: r.user,
      schema: r.schema,
      address: r.address,
      port: r.port ?? Number(r.setting_port),
      version: r.version,
      systemIdentifier: r.system_identifier,
    };
  } finally {
    await client.end();
  }
}

/** True for a Unix socket (null), a loopback address, or an address of one of this machine's interfaces. */
export function isThisMachineAddress(address: string | null): boolean {
  if (address === null) return true;
  const a = address.replace(/^::ffff:/i, "");
  if (/^127\./.test(a) || a === "::1") return true;
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address === a));
}
