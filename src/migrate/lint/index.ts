/**
 * The migration linter's public face: `lintMigrationSql` for one script (what `db:migrate:new`
 * calls on the SQL it just generated), `formatFindings` for people, `lintSummary` for exit codes.
 */
import { applyAcknowledgements } from "./acknowledge.ts";
import { analyzeStatements } from "./analyze.ts";
import type { EnumLabels } from "./enum-history.ts";
import { splitStatements } from "./split.ts";
import { SqlLexError } from "./tokens.ts";
import type { LintFinding } from "./types.ts";

export { enumsAfter, enumsAfterAll, type EnumLabels } from "./enum-history.ts";
export { RULES, ruleById } from "./rules.ts";
export { splitStatements, type SqlStatement } from "./split.ts";
export type { ImpactTarget, LintFinding, LintRule, QualifiedName, RowCount, Severity } from "./types.ts";

/** Options for {@link lintMigrationSql}. */
export interface LintOptions {
  /** Path shown with each finding (e.g. `prisma/migrations/20261122_x/migration.sql`). */
  file?: string;
  /**
   * Enum labels before this script (see `enumsAfterAll` over the earlier migrations): lets the
   * linter name the values an enum recreation removes when Prisma's warning comment is missing.
   */
  knownEnums?: EnumLabels;
}

/**
 * Lints one migration script. Tables created earlier in the same script count as new (empty,
 * unused by running code), so the rules about existing tables skip them. Acknowledgement markers
 * in the script are applied. Never throws on bad SQL: an unterminated literal or comment becomes an
 * `unparsable-sql` finding.
 */
export function lintMigrationSql(sql: string, options: LintOptions = {}): LintFinding[] {
  let findings: LintFinding[];
  try {
    const script = splitStatements(sql);
    const comments = [...script.statements.flatMap((s) => s.leadingComments), ...script.trailingComments];
    findings = applyAcknowledgements(
      script,
      analyzeStatements(sql, script.statements, comments, options.knownEnums),
    ).map(({ statementIndex: _index, ...finding }) => finding);
  } catch (error) {
    if (!(error instanceof SqlLexError)) throw error;
    findings = [
      {
        ruleId: "unparsable-sql",
        severity: "error",
        line: error.line,
        statement: "",
        message: `${error.message}: the statements after it cannot be told apart, so the file was not linted.`,
        hint: "Close the literal, identifier, comment or $tag$ body; PostgreSQL would reject the file too.",
      },
    ];
  }
  return options.file === undefined ? findings : findings.map((f) => ({ ...f, file: options.file }));
}

/** Counts of a lint run; `failed` is what decides exit code 1. */
export interface LintSummary {
  errors: number;
  warnings: number;
  acknowledged: number;
  /** The --max-warnings limit the run was judged by, when one was given. */
  maxWarnings?: number;
  /** True when at least one error is not acknowledged, or warnings exceed `maxWarnings`. */
  failed: boolean;
}

/** Tallies findings: acknowledged ones count separately and never fail the run. */
export function lintSummary(findings: LintFinding[], maxWarnings?: number): LintSummary {
  const open = findings.filter((f) => !f.acknowledged);
  const errors = open.filter((f) => f.severity === "error").length;
  const warnings = open.filter((f) => f.severity === "warning").length;
  const tooMany = maxWarnings !== undefined && warnings > maxWarnings;
  return {
    errors,
    warnings,
    acknowledged: findings.length - open.length,
    ...(maxWarnings === undefined ? {} : { maxWarnings }),
    failed: errors > 0 || tooMany,
  };
}

/** The statement on one line, shortened for a report. */
function statementExcerpt(statement: string, max = 160): string {
  const flat = statement.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Renders findings for a terminal: one block per finding with severity, rule id, file:line, the
 * statement excerpt, the message, the fix hint, row counts when the database was checked, and the
 * acknowledgement when there is one.
 */
export function formatFindings(findings: LintFinding[]): string {
  const blocks = findings.map((f) => {
    const where = `${f.file ?? "<sql>"}:${f.line}`;
    const status = f.acknowledged ? `${f.severity} (acknowledged)` : f.severity;
    const lines = [`${status.padEnd(7)} ${f.ruleId}  ${where}`];
    if (f.statement) lines.push(`  > ${statementExcerpt(f.statement)}`);
    lines.push(`  ${f.message}`);
    for (const count of f.rowCounts ?? []) lines.push(`  rows: ${count.description}`);
    lines.push(`  fix: ${f.hint}`);
    if (f.acknowledged)
      lines.push(
        `  acknowledged at line ${f.acknowledged.line}${f.acknowledged.fileWide ? " (file-wide)" : ""}: ${f.acknowledged.reason}`,
      );
    return lines.join("\n");
  });
  return blocks.join("\n\n");
}
