/**
 * Applies the rules to a script's statements. The analysis walks the file in order and remembers
 * what the file itself created: a table created earlier in the same file is new and empty, so the
 * rules about locking, rewriting or losing rows do not apply to it. Each statement goes to the
 * handler for its kind (statements/), over one shared lint context (context.ts).
 */
import {
  type CreatedInFile,
  type LintContext,
  lintContext,
  type RawFinding,
  type StatementHandler,
} from "./context.ts";
import { doBlockScripts } from "./embedded.ts";
import type { EnumLabels } from "./enum-history.ts";
import type { SqlStatement } from "./split.ts";
import { lintAlterTable } from "./statements/alter-table.ts";
import { lintAlterType } from "./statements/alter-type.ts";
import { lintCreate } from "./statements/create.ts";
import { lintDelete, lintTruncate, lintWith } from "./statements/delete.ts";
import { lintDrop } from "./statements/drop.ts";
import { findEnumDances, reportEnumDances } from "./statements/enum-dance.ts";
import { TokenReader } from "./token-reader.ts";
import type { Token } from "./tokens.ts";

/**
 * The DO block: its body's statements (and what it EXECUTEs) are linted as if written out,
 * reported at the DO statement so one marker before it acknowledges them.
 */
const lintDoBlock: StatementHandler = (ctx, statement) => {
  for (const script of doBlockScripts(statement)) {
    for (const inner of analyzeStatements(script.sql, script.statements, [], ctx.knownEnums, ctx.created)) {
      ctx.findings.push({
        ...inner,
        line: script.line + inner.line - 1,
        statement: statement.text,
        statementIndex: statement.index,
        message: `Inside ${script.via}: ${inner.message}`,
      });
    }
  }
};

/** Statement kinds by their leading keywords, tried in order; other statements raise nothing. */
const HANDLERS: readonly { readonly keywords: readonly string[]; readonly lint: StatementHandler }[] = [
  { keywords: ["do"], lint: lintDoBlock },
  { keywords: ["with"], lint: lintWith },
  { keywords: ["create"], lint: lintCreate },
  { keywords: ["drop"], lint: lintDrop },
  { keywords: ["truncate"], lint: lintTruncate },
  { keywords: ["delete", "from"], lint: lintDelete },
  { keywords: ["alter", "type"], lint: lintAlterType },
  { keywords: ["alter", "table"], lint: lintAlterTable },
];

function lintStatement(ctx: LintContext, statement: SqlStatement): void {
  const r = new TokenReader(statement.tokens);
  const handler = HANDLERS.find((h) => r.accept(...h.keywords));
  handler?.lint(ctx, statement, r);
}

/**
 * Runs every rule over the statements of one script. `sql` is the script the statements came from;
 * `knownEnums` are the enum labels before this script (from earlier migrations), used to name the
 * values an enum recreation removes when Prisma's warning comment is absent.
 */
export function analyzeStatements(
  sql: string,
  statements: SqlStatement[],
  allComments: Token[],
  knownEnums: EnumLabels = new Map(),
  created: CreatedInFile = { tables: new Set(), indexes: new Set() },
): RawFinding[] {
  const dances = findEnumDances(statements);
  const danceStatements = new Set([...dances.values()].flatMap((dance) => dance.statementIndexes));
  const ctx = lintContext(sql, statements, knownEnums, created, danceStatements);
  for (const statement of statements) lintStatement(ctx, statement);
  reportEnumDances(ctx, dances, allComments);
  return ctx.findings.sort((a, b) => a.statementIndex - b.statementIndex || a.line - b.line);
}
