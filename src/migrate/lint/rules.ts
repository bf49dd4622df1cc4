/**
 * The rule catalog: every rule id the linter can report, its severity and a one-line summary.
 * Ids are stable: acknowledgement markers in committed migration files refer to them.
 */
import type { LintRule } from "./types.ts";

/** Every rule, in the order `--help` lists them. */
export const RULES = [
  { id: "drop-table", severity: "error", summary: "DROP TABLE on an existing table deletes all its rows" },
  { id: "drop-column", severity: "error", summary: "DROP COLUMN on an existing table deletes the column's data" },
  { id: "drop-enum-value", severity: "error", summary: "an enum value is removed (Prisma's create _new / rename / drop dance)" },
  { id: "drop-type", severity: "warning", summary: "DROP TYPE outside Prisma's enum dance (CASCADE also drops the columns using it)" },
  { id: "drop-schema", severity: "error", summary: "DROP SCHEMA removes every object in it" },
  { id: "truncate", severity: "error", summary: "TRUNCATE of an existing table deletes all its rows" },
  { id: "delete-without-where", severity: "error", summary: "DELETE without WHERE on an existing table deletes all its rows" },
  { id: "column-type-change", severity: "error", summary: "ALTER COLUMN ... TYPE / SET DATA TYPE on an existing table (cast may fail or lose precision)" },
  { id: "set-not-null", severity: "error", summary: "SET NOT NULL on an existing column (fails on NULL rows; scans the table under an exclusive lock)" },
  { id: "add-required-column-without-default", severity: "error", summary: "ADD COLUMN ... NOT NULL without DEFAULT on an existing table (fails unless it is empty)" },
  { id: "rename-table", severity: "error", summary: "ALTER TABLE ... RENAME TO breaks code still using the old name" },
  { id: "rename-column", severity: "error", summary: "ALTER TABLE ... RENAME COLUMN breaks code still using the old name" },
  { id: "rename-type", severity: "error", summary: "ALTER TYPE ... RENAME TO outside Prisma's enum dance" },
  { id: "rename-enum-value", severity: "error", summary: "ALTER TYPE ... RENAME VALUE changes stored values under running code" },
  { id: "create-index-non-concurrently", severity: "warning", summary: "CREATE [UNIQUE] INDEX without CONCURRENTLY on an existing table blocks writes while it builds" },
  { id: "drop-index-non-concurrently", severity: "warning", summary: "DROP INDEX without CONCURRENTLY on an existing index locks its table against reads and writes" },
  { id: "concurrently-in-transaction", severity: "error", summary: "CONCURRENTLY in a migration file with other statements (cannot run inside a transaction block)" },
  { id: "add-foreign-key-without-not-valid", severity: "warning", summary: "ADD FOREIGN KEY without NOT VALID on an existing table validates every row under lock" },
  { id: "add-check-without-not-valid", severity: "warning", summary: "ADD CHECK without NOT VALID on an existing table validates every row under lock" },
  { id: "add-enum-value-in-transaction", severity: "warning", summary: "ALTER TYPE ... ADD VALUE in a multi-statement migration (runs in one transaction)" },
  { id: "add-enum-value-used-in-same-file", severity: "error", summary: "an enum value added in this file is used later in the same file (unsafe use of new value)" },
  { id: "table-rewrite", severity: "warning", summary: "the statement rewrites the whole table under an ACCESS EXCLUSIVE lock" },
  { id: "volatile-default", severity: "warning", summary: "ADD COLUMN with a volatile DEFAULT on an existing table (one value computed per existing row, now)" },
  { id: "invalid-acknowledgement", severity: "error", summary: "an orm-switch-lint marker without a reason, with an unknown rule id, or malformed" },
  { id: "unused-acknowledgement", severity: "warning", summary: "an orm-switch-lint marker that acknowledges nothing" },
  { id: "unparsable-sql", severity: "error", summary: "the script ends inside a string, quoted identifier, comment or dollar-quoted body" },
] as const satisfies readonly LintRule[];

/** A rule id the linter knows. */
export type RuleId = (typeof RULES)[number]["id"];

const BY_ID = new Map<string, LintRule>(RULES.map((r) => [r.id, r]));

/** The rule with that id, or undefined. */
export function ruleById(id: string): LintRule | undefined {
  return BY_ID.get(id);
}

/** Rules a marker may not acknowledge: the marker checks themselves and unparsable files. */
export const UNACKNOWLEDGEABLE: ReadonlySet<string> = new Set(["invalid-acknowledgement", "unused-acknowledgement", "unparsable-sql"]);
