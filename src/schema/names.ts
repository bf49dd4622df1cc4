/**
 * The database names Prisma gives what a schema does not name with `map:`, so the Drizzle schema
 * can spell them out: PostgreSQL and drizzle-kit would otherwise choose different ones, and names
 * matter (error handling maps constraint names to fields; migrations drop and rename by name).
 * Prisma's convention (docs: "Database mapping > Constraint and index names"):
 * `{table}_{columns joined by _}_{suffix}` with suffix pkey, key (unique), idx (index) or fkey,
 * the part before the suffix cut so that the whole fits PostgreSQL's 63-byte identifiers.
 * The parity check (schema:parity) is what proves these against Prisma's own SQL.
 */

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
const MAX_IDENTIFIER = 63;

function cut(text: string, bytes: number): string {
  const buffer = Buffer.from(text, "utf8");
  if (buffer.length <= bytes) return text;
  // Never cut inside a multi-byte character.
  let end = bytes;
  while (end > 0 && (buffer[end]! & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString("utf8");
}

function withSuffix(base: string, suffix: string): string {
  return `${cut(base, MAX_IDENTIFIER - suffix.length - 1)}_${suffix}`;
}

/** `{table}_pkey`. */
export function primaryKeyName(table: string): string {
  return withSuffix(table, "pkey");
}

/** `{table}_{columns}_key`, a unique index. */
export function uniqueIndexName(table: string, columns: readonly string[]): string {
  return withSuffix(`${table}_${columns.join("_")}`, "key");
}

/** `{table}_{columns}_idx`. */
export function indexName(table: string, columns: readonly string[]): string {
  return withSuffix(`${table}_${columns.join("_")}`, "idx");
}

/** `{table}_{columns}_fkey`. */
export function foreignKeyName(table: string, columns: readonly string[]): string {
  return withSuffix(`${table}_${columns.join("_")}`, "fkey");
}

/** A TypeScript identifier from a Prisma name: `AuditLog` → `auditLog`. */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
