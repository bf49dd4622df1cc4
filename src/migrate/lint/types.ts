/** The shapes the migration linter returns: rules, findings and what the database check counts. */

/** `error` fails the lint unless acknowledged; `warning` is reported and never fails it. */
export type Severity = "error" | "warning";

/** A table (or schema object) named in a statement; `schema` only when the statement qualifies it. */
export interface QualifiedName {
  schema?: string;
  name: string;
}

/**
 * What `--database` counts for a finding: the rows the statement would lose, or the rows that
 * make it fail. Read-only queries only.
 */
export type ImpactTarget =
  /** Every row of the table (DROP TABLE, TRUNCATE, DELETE without WHERE, required column added). */
  | {
      kind: "table-rows";
      table: QualifiedName;
      /**
       * Follow foreign keys too: `truncate` (TRUNCATE ... CASCADE empties referencing tables),
       * `delete` (ON DELETE CASCADE chains, SET NULL, and RESTRICT rows that make it fail),
       * `drop` (DROP TABLE ... CASCADE drops the referencing foreign keys). See row-cascade.ts.
       */
      cascade?: "truncate" | "delete" | "drop";
    }
  /** Rows where the column holds a value (DROP COLUMN, type change). */
  | { kind: "non-null-values"; table: QualifiedName; column: string }
  /**
   * Rows whose current value, as text, is not valid input for the new type: the cast is likely to
   * fail on them or to lose data (needs PostgreSQL 16+ for pg_input_is_valid).
   */
  | { kind: "invalid-for-type"; table: QualifiedName; column: string; type: string }
  /** Rows where the column is NULL (SET NOT NULL fails on them). */
  | { kind: "null-values"; table: QualifiedName; column: string }
  /** Rows whose enum value is not among `kept` (they block Prisma's recreate-the-enum dance). */
  | { kind: "enum-values-outside"; table: QualifiedName; column: string; enumName: string; kept: string[] }
  /** Every row of every table in the schema (DROP SCHEMA). */
  | { kind: "schema-rows"; schema: string };

/** One problem the linter found in one statement. */
export interface LintFinding {
  /** Stable rule id, e.g. `drop-column` (see {@link RULES}). */
  ruleId: string;
  severity: Severity;
  /** File the statement is in, when the caller said (the CLI always does). */
  file?: string;
  /** 1-based line of the statement's first token (or of the marker, for marker findings). */
  line: number;
  /** The statement as written. */
  statement: string;
  /** What is wrong, in one or two sentences. */
  message: string;
  /** How to do it safely instead. */
  hint: string;
  /** Set when an inline marker acknowledged the finding: it is shown but does not fail the lint. */
  acknowledged?: { reason: string; line: number; fileWide: boolean };
  /** What `--database` counts for this finding, when the finding can lose or block rows. */
  impact?: ImpactTarget[];
  /** Filled by the database check: one line per counted target. */
  rowCounts?: RowCount[];
}

/** A counted impact: the number of rows, or why it could not be counted. */
export interface RowCount {
  /** Human-readable, e.g. `"tasks": 1200 row(s) would be deleted`. */
  description: string;
  /** The count; undefined when the object does not exist or the query failed. */
  rows?: number;
  /** Why there is no count. */
  note?: string;
}

/** A rule's fixed metadata. */
export interface LintRule {
  id: string;
  severity: Severity;
  /** One line saying what the rule catches. */
  summary: string;
}
