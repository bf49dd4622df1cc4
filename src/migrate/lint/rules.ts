/**
 * The rule catalog: every rule id the linter can report, its severity and a one-line summary.
 * Ids are stable: acknowledgement markers in committed migration files refer to them.
 */
import type { LintRule } from "./types.ts";

/** Every rule, in the order `--help` lists them. */
export const RULES = [
  { id: "drop-table", severity: "error", summary: "DROP TABLE on an existing table deletes all its rows" },
  { id: "drop-column", severity: "error", summary: "DROP COLUMN on an existing table deletes the column's data" },
  {
    id: "drop-enum-value",
    severity: "error",
    summary: "an enum value is removed (Prisma's create _new / rename / drop dance)",
  },
  {
    id: "drop-type",
    severity: "warning",
    summary: "DROP TYPE outside Prisma's enum dance (CASCADE also drops the columns using it)",
  },
  { id: "drop-schema", severity: "error", summary: "DROP SCHEMA removes every object in it" },
  { id: "truncate", severity: "error", summary: "TRUNCATE of an existing table deletes all its rows" },
  {
    id: "delete-without-where",
    severity: "error",
    summary: "DELETE without WHERE on an existing table deletes all its rows",
  },
  {
    id: "column-type-change",
    severity: "error",
    summary: "ALTER COLUMN ... TYPE / SET DATA TYPE on an existing table (cast may fail or lose precision)",
  },
  {
    id: "set-not-null",
    severity: "error",
    summary: "SET NOT NULL on an existing column (fails on NULL rows; scans the table under an exclusive lock)",
  },
  {
    id: "add-required-column-without-default",
    severity: "error",
    summary: "ADD COLUMN ... NOT NULL without DEFAULT on an existing table (fails unless it is empty)",
  },
  { id: "rename-table", severity: "error", summary: "ALTER TABLE ... RENAME TO breaks code still using the old name" },
  {
    id: "rename-column",
    severity: "error",
    summary: "ALTER TABLE ... RENAME COLUMN breaks code still using the old name",
  },
  { id: "rename-type", severity: "error", summary: "ALTER TYPE ... RENAME TO outside Prisma's enum dance" },
  {
    id: "rename-enum-value",
    severity: "error",
    summary: "ALTER TYPE ... RENAME VALUE changes stored values under running code",
  },
  {
    id: "create-index-non-concurrently",
    severity: "warning",
    summary: "CREATE [UNIQUE] INDEX without CONCURRENTLY on an existing table blocks writes while it builds",
  },
  {
    id: "drop-index-non-concurrently",
    severity: "warning",
    summary: "DROP INDEX without CONCURRENTLY on an existing index locks its table against reads and writes",
  },
  {
    id: "concurrently-in-transaction",
    severity: "error",
    summary: "CONCURRENTLY in a migration file with other statements (cannot run inside a transaction block)",
  },
  {
    id: "add-foreign-key-without-not-valid",
    severity: "warning",
    summary: "ADD FOREIGN KEY without NOT VALID on an existing table validates every row under lock",
  },
  {
    id: "add-check-without-not-valid",
    severity: "warning",
    summary: "ADD CHECK without NOT VALID on an existing table validates every row under lock",
  },
  {
    id: "add-enum-value-in-transaction",
    severity: "warning",
    summary: "ALTER TYPE ... ADD VALUE in a multi-statement migration (runs in one transaction)",
  },
  {
    id: "add-enum-value-used-in-same-file",
    severity: "error",
    summary: "an enum value added in this file is used later in the same file (unsafe use of new value)",
  },
  {
    id: "table-rewrite",
    severity: "warning",
    summary: "the statement rewrites the whole table under an ACCESS EXCLUSIVE lock",
  },
  {
    id: "volatile-default",
    severity: "warning",
    summary: "ADD COLUMN with a volatile DEFAULT on an existing table (one value computed per existing row, now)",
  },
  {
    id: "invalid-acknowledgement",
    severity: "error",
    summary: "an orm-switch-lint marker without a reason, with an unknown rule id, or malformed",
  },
  { id: "unused-acknowledgement", severity: "warning", summary: "an orm-switch-lint marker that acknowledges nothing" },
  {
    id: "unparsable-sql",
    severity: "error",
    summary: "the script ends inside a string, quoted identifier, comment or dollar-quoted body",
  },
] as const satisfies readonly LintRule[];

/** A rule id the linter knows. */
export type RuleId = (typeof RULES)[number]["id"];

const BY_ID = new Map<string, LintRule>(RULES.map((r) => [r.id, r]));

/** The rule with that id, or undefined. */
export function ruleById(id: string): LintRule | undefined {
  return BY_ID.get(id);
}

/** Rules a marker may not acknowledge: the marker checks themselves and unparsable files. */
export const UNACKNOWLEDGEABLE: ReadonlySet<string> = new Set([
  "invalid-acknowledgement",
  "unused-acknowledgement",
  "unparsable-sql",
]);

/** What to do instead, per kind of finding (the `hint` of a finding). */
export const HINTS = {
  dropTable:
    "Expand and contract: stop reading and writing the table in a deploy first, back it up (npm run db:backup), then drop it in a later migration and acknowledge it with a marker.",
  dropColumn:
    "Remove every use of the column from the code and deploy that first; back up; then drop it in its own migration and acknowledge it. To rename, add the new column, backfill, switch the code, and drop the old one later.",
  dropEnumValue:
    "Move rows off the removed value first (UPDATE ... SET col = '<other value>' WHERE col = '<removed>') and deploy code that no longer writes it; the cast in the recreated enum fails on any row still holding it.",
  typeChange:
    "Add a new column of the new type, backfill it in batches, switch the code, then drop the old column. If the cast is known to be lossless and the table small, acknowledge it.",
  setNotNull:
    "Backfill NULLs first; on a large table add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the validated check and skips the scan).",
  addRequired:
    "Give the column a DEFAULT (constant defaults are free since PostgreSQL 11), or add it nullable, backfill, and SET NOT NULL in a later migration.",
  rename:
    "Renames break the code that is still running during a deploy. Add the new name alongside (a new column kept in sync, or a view for a table), switch the code, then remove the old name later.",
  index:
    "Create the index with CREATE INDEX CONCURRENTLY, alone in a migration file of its own (CONCURRENTLY cannot run inside the transaction a multi-statement script runs in).",
  indexedConstraint:
    "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (alone in its own migration file), then ADD CONSTRAINT ... UNIQUE USING INDEX <index> (or PRIMARY KEY USING INDEX).",
  concurrently:
    "Move this statement into a migration file of its own containing only this statement: PostgreSQL refuses CONCURRENTLY inside a transaction block, and a multi-statement script is one.",
  foreignKey:
    "Add the constraint with NOT VALID (takes only a brief lock), then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration (validation does not block writes).",
  enumAddValue:
    "Put ALTER TYPE ... ADD VALUE in a migration file of its own, and use the new value only in later migrations.",
  rewrite:
    "On a large table, do it in steps: add a new column (nullable or with a constant default), backfill in batches, switch the code, then drop the old column.",
  volatile:
    "Add the column with no default or a constant one, backfill existing rows in batches, then SET DEFAULT for new rows.",
  truncate:
    "Deleting every row of a live table in a migration is almost never intended: move data clean-up out of schema migrations, or acknowledge it with a reason.",
  dropSchema:
    "Dropping a schema drops every table in it. Back up first and acknowledge it with a marker if it is really intended.",
  dropType: "Make sure no column uses the type any more (DROP TYPE ... CASCADE drops those columns and their data).",
  dropIndex:
    "Use DROP INDEX CONCURRENTLY, alone in a migration file of its own (it cannot run inside the transaction a multi-statement script runs in).",
} as const;

/**
 * The `message` of each kind of finding. Names arrive already displayed (quoted as in the file),
 * so these only word the finding.
 */
export const MESSAGES = {
  deleteInWith: (table: string) =>
    `DELETE FROM ${table} without WHERE inside a WITH query deletes every row of the table (a WHERE elsewhere in the statement does not limit it).`,
  deleteWithoutWhere: (table: string) =>
    `DELETE FROM ${table} without WHERE deletes every row of the table (and, through ON DELETE CASCADE, the rows referencing them).`,
  truncate: (table: string, cascade: boolean) =>
    `TRUNCATE ${table} deletes every row of the table${cascade ? " and of every table referencing it (CASCADE)" : ""}.`,
  createIndexConcurrentlyInFile:
    'CREATE INDEX CONCURRENTLY in a file with other statements: the migration runs as one script, an implicit transaction, and PostgreSQL refuses CONCURRENTLY there ("cannot run inside a transaction block").',
  createIndex: (table: string, unique: boolean) =>
    `CREATE ${unique ? "UNIQUE " : ""}INDEX on existing table ${table} without CONCURRENTLY: writes to the table are blocked until the index is built${unique ? ", and it fails if duplicates exist" : ""}.`,
  dropTable: (table: string, cascade: boolean) =>
    `DROP TABLE ${table} deletes the table and every row in it${cascade ? ", and (CASCADE) the foreign keys and views that depend on it" : ""}.`,
  dropSchema: (schema: string, cascade: boolean) =>
    `DROP SCHEMA "${schema}" removes every table, type and function in it${cascade ? " (CASCADE)" : ""}.`,
  dropType: (types: string, cascade: boolean) =>
    `DROP TYPE ${types}${cascade ? " CASCADE also drops every column of that type, with its data" : ": fails while a column still uses it"}.`,
  dropIndexConcurrentlyInFile:
    "DROP INDEX CONCURRENTLY in a file with other statements: PostgreSQL refuses CONCURRENTLY inside the transaction the script runs in.",
  dropIndex: (indexes: string) =>
    `DROP INDEX ${indexes} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: every read and write of it waits until the drop is done (and queues behind any long transaction).`,
  addEnumValueInFile: (type: string, label: string) =>
    `ALTER TYPE ${type} ADD VALUE '${label}' in a file with other statements: the migration runs as one script, i.e. one transaction. PostgreSQL before 12 refuses ADD VALUE inside a transaction block; 12 and later accept it, but the new value cannot be used until that transaction commits.`,
  addEnumValueUsed: (label: string, type: string, line: number) =>
    `The value '${label}' added to ${type} is used later in this file (line ${line}); PostgreSQL fails with "unsafe use of new value" because the value is not committed yet.`,
  renameEnumValue: (type: string, from: string) =>
    `ALTER TYPE ${type} RENAME VALUE '${from}': every stored '${from}' changes at once, and running code that writes or compares '${from}' breaks.`,
  renameType: (type: string, to: string) =>
    `ALTER TYPE ${type} RENAME TO ${to}: code and SQL that still name the old type break.`,
  renameTable: (table: string, to: string) =>
    `ALTER TABLE ${table} RENAME TO "${to}": code still using the old name fails until it is deployed.`,
  renameColumn: (table: string, from: string, to: string) =>
    `ALTER TABLE ${table} RENAME COLUMN "${from}" TO "${to}": code still using the old column name fails until it is deployed.`,
  dropEnumValue: (enumName: string, kept: string, removed: string, columns: string) =>
    `The enum "${enumName}" is recreated with only ${kept}: this ${removed}. The cast of ${columns} fails on rows still holding a removed value, and rewrites those tables.`,
  dropColumn: (column: string, table: string) =>
    `DROP COLUMN "${column}" on ${table} deletes the column's data in every row.`,
  constraintWithoutNotValid: (foreignKey: boolean, table: string) =>
    `${foreignKey ? "FOREIGN KEY" : "CHECK"} constraint added to existing table ${table} without NOT VALID: every row is validated while the table${foreignKey ? " and the referenced table are" : " is"} locked against writes.`,
  indexedConstraint: (action: string, table: string, exclude: boolean) =>
    `${action} on existing table ${table} builds its index without CONCURRENTLY: writes are blocked until it is built${exclude ? "" : ", and it fails if duplicates exist"}.`,
  columnTypeChange: (table: string, column: string, action: string) =>
    `The type of ${table}."${column}" changes (${action}): the cast can fail or lose data (precision, length, time zone), and running code may read the old type.`,
  typeChangeRewrite: (column: string, table: string) =>
    `Changing the type of "${column}" rewrites ${table} and its indexes under an ACCESS EXCLUSIVE lock (unless the types are binary-compatible, e.g. varchar(n) to text).`,
  setNotNull: (table: string, column: string) =>
    `SET NOT NULL on ${table}."${column}": fails if any row is NULL, and scans the whole table under an ACCESS EXCLUSIVE lock.`,
  setLoggedRewrite: (action: string, table: string) => `${action} rewrites ${table} under an ACCESS EXCLUSIVE lock.`,
  addRequiredColumn: (column: string, table: string) =>
    `Required column "${column}" added to existing table ${table} without a DEFAULT: PostgreSQL fails on every table that has rows ("column contains null values").`,
  addColumnRewrite: (column: string, table: string, cause: string, action: string) =>
    `Adding "${column}" rewrites ${table} under an ACCESS EXCLUSIVE lock: ${cause}. (${action})`,
  volatileDefault: (call: string, table: string) =>
    `DEFAULT ${call}() on a column added to existing table ${table}: every existing row gets its own value computed now, during the migration${call === "clock_timestamp" || call === "timeofday" ? " (the migration's time, not the row's real time)" : ""}.`,
} as const;
