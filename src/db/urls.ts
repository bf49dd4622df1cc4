/** Small, dependency-free helpers for PostgreSQL connection URLs. */

/** The URL with its database name replaced. */
export function withDatabaseName(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/** Host, port, database and user, never the password: safe to print in a banner or a log. */
export function describeTarget(url: string): { host: string; port: string; database: string; user: string } {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || "5432",
    database: databaseNameOf(url),
    user: decodeURIComponent(u.username) || "(default)",
  };
}

export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Quotes an identifier for SQL text (database names cannot be bind parameters). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
