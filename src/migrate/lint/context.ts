/**
 * The lint context one script's analysis shares across its statement handlers: the script, what
 * the file created so far (new tables are empty, so the rules about rows and locks skip them), the
 * statements of Prisma's enum recreation, and the findings reported so far.
 */
import type { EnumLabels } from "./enum-history.ts";
import { ruleById, type RuleId } from "./rules.ts";
import type { SqlStatement } from "./split.ts";
import { tableKey, type TokenReader } from "./token-reader.ts";
import type { ImpactTarget, LintFinding, QualifiedName } from "./types.ts";

/** A finding before acknowledgement markers are applied, tied to its statement. */
export interface RawFinding extends LintFinding {
  statementIndex: number;
}

/** What the file created before the statement being read (shared with the scripts a DO block runs). */
export interface CreatedInFile {
  tables: Set<string>;
  indexes: Set<string>;
}

/** Reports one finding at `statement` (at `line` when given: a multi-action statement's action). */
export type Report = (
  statement: SqlStatement,
  ruleId: RuleId,
  message: string,
  hint: string,
  impact?: ImpactTarget[],
  line?: number,
) => void;

export interface LintContext {
  /** The script the statements came from (for quoting parts of it in messages). */
  readonly sql: string;
  readonly statements: readonly SqlStatement[];
  /** More than one statement: the script runs as one implicit transaction. */
  readonly multiStatement: boolean;
  /** Enum labels before this script (from earlier migrations). */
  readonly knownEnums: EnumLabels;
  readonly created: CreatedInFile;
  readonly findings: RawFinding[];
  readonly report: Report;
  /** The table was created earlier in this file (so it is empty and unused). */
  isNew(name: QualifiedName): boolean;
  /** The statement is part of Prisma's enum recreation (reported once, as drop-enum-value). */
  inDance(statement: SqlStatement): boolean;
}

/** Lints one statement; `r` stands after the keywords that chose the handler. */
export type StatementHandler = (ctx: LintContext, statement: SqlStatement, r: TokenReader) => void;

/** A fresh context over one script. */
export function lintContext(
  sql: string,
  statements: readonly SqlStatement[],
  knownEnums: EnumLabels,
  created: CreatedInFile,
  danceStatements: ReadonlySet<number>,
): LintContext {
  const findings: RawFinding[] = [];
  const report: Report = (statement, ruleId, message, hint, impact, line = statement.line) => {
    const rule = ruleById(ruleId)!;
    findings.push({
      ruleId,
      severity: rule.severity,
      line,
      statement: statement.text,
      message,
      hint,
      statementIndex: statement.index,
      ...(impact ? { impact } : {}),
    });
  };
  return {
    sql,
    statements,
    multiStatement: statements.length > 1,
    knownEnums,
    created,
    findings,
    report,
    isNew: (name) => created.tables.has(tableKey(name)),
    inDance: (statement) => danceStatements.has(statement.index),
  };
}
