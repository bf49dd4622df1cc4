/**
 * ALTER TABLE on an existing table: renames, then each action (DROP, ADD constraint or column,
 * ALTER COLUMN, SET LOGGED/UNLOGGED). A table created earlier in the file is skipped (a rename of
 * it is remembered as new too).
 */
import type { Report, LintContext, StatementHandler } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import {
  displayName,
  findTopLevel,
  isPunct,
  isWord,
  sourceOf,
  splitTopLevel,
  tableKey,
  TokenReader,
} from "../token-reader.ts";
import type { Token } from "../tokens.ts";
import type { ImpactTarget, QualifiedName } from "../types.ts";
import { lintAddColumn } from "./add-column.ts";

export const lintAlterTable: StatementHandler = (ctx, statement, r) => {
  r.accept("if", "exists");
  r.accept("only");
  const table = r.qualifiedName();
  if (!table) return;
  if (isPunct(r.peek(), "*")) r.pos++;
  if (r.accept("rename")) return lintRename(ctx, statement, r, table);
  if (ctx.isNew(table)) return;
  for (const action of splitTopLevel(r.rest())) lintAction(ctx, statement, table, action);
};

function lintRename(ctx: LintContext, statement: SqlStatement, r: TokenReader, table: QualifiedName): void {
  if (r.accept("to")) {
    const to = r.identifier();
    if (ctx.isNew(table)) {
      if (to !== undefined) ctx.created.tables.add(tableKey({ ...table, name: to }));
    } else ctx.report(statement, "rename-table", MESSAGES.renameTable(displayName(table), to ?? "?"), HINTS.rename);
    return;
  }
  if (r.accept("constraint")) return;
  r.accept("column");
  const from = r.identifier();
  r.accept("to");
  const to = r.identifier();
  if (!ctx.isNew(table))
    ctx.report(
      statement,
      "rename-column",
      MESSAGES.renameColumn(displayName(table), from ?? "?", to ?? "?"),
      HINTS.rename,
    );
}

/** One action of an ALTER TABLE, reported at the action's line (not the ALTER's). */
function lintAction(ctx: LintContext, statement: SqlStatement, table: QualifiedName, action: Token[]): void {
  const report: Report = (st, ruleId, message, hint, impact) =>
    ctx.report(st, ruleId, message, hint, impact, action[0]?.line);
  const a = new TokenReader(action);
  const text = sourceOf(ctx.sql, action);
  if (a.accept("drop")) lintDropAction(statement, table, a, report);
  else if (a.accept("add")) lintAddAction(ctx, statement, table, a, action, report);
  else if (a.accept("alter")) lintAlterColumn(ctx, statement, table, a, text, report);
  else if (a.accept("set", "logged") || a.accept("set", "unlogged"))
    report(statement, "table-rewrite", MESSAGES.setLoggedRewrite(text, displayName(table)), HINTS.rewrite);
}

function lintDropAction(statement: SqlStatement, table: QualifiedName, a: TokenReader, report: Report): void {
  if (a.acceptOneOf("constraint")) return;
  a.accept("column");
  a.accept("if", "exists");
  const column = a.identifier();
  if (column === undefined) return;
  report(statement, "drop-column", MESSAGES.dropColumn(column, displayName(table)), HINTS.dropColumn, [
    { kind: "non-null-values", table, column },
  ]);
}

function lintAddAction(
  ctx: LintContext,
  statement: SqlStatement,
  table: QualifiedName,
  a: TokenReader,
  action: Token[],
  report: Report,
): void {
  if (a.accept("constraint")) a.identifier();
  const kind = a.peek();
  if (isWord(kind, "foreign") || isWord(kind, "check")) {
    if (findTopLevel(action, "not", "valid") >= 0) return;
    const fk = isWord(kind, "foreign");
    report(
      statement,
      fk ? "add-foreign-key-without-not-valid" : "add-check-without-not-valid",
      MESSAGES.constraintWithoutNotValid(fk, displayName(table)),
      HINTS.foreignKey,
    );
    return;
  }
  if (isWord(kind, "primary") || isWord(kind, "unique") || isWord(kind, "exclude")) {
    // Without USING INDEX, PostgreSQL builds the index right here, blocking writes meanwhile.
    if (findTopLevel(action, "using", "index") >= 0) return;
    report(
      statement,
      "create-index-non-concurrently",
      MESSAGES.indexedConstraint(sourceOf(ctx.sql, action), displayName(table), isWord(kind, "exclude")),
      HINTS.indexedConstraint,
    );
    return;
  }
  a.accept("column");
  a.accept("if", "not", "exists");
  const column = a.identifier();
  if (column === undefined) return;
  lintAddColumn(statement, table, column, a.rest(), sourceOf(ctx.sql, action), report);
}

function lintAlterColumn(
  ctx: LintContext,
  statement: SqlStatement,
  table: QualifiedName,
  a: TokenReader,
  text: string,
  report: Report,
): void {
  a.accept("column");
  const column = a.identifier();
  if (column === undefined) return;
  if (a.accept("type") || a.accept("set", "data", "type")) {
    if (ctx.inDance(statement)) return; // reported once as drop-enum-value
    const rest = a.rest();
    const typeEnd = [findTopLevel(rest, "collate"), findTopLevel(rest, "using")].filter((i) => i >= 0);
    const typeTokens = rest.slice(0, typeEnd.length ? Math.min(...typeEnd) : rest.length);
    const impact: ImpactTarget[] = [{ kind: "non-null-values", table, column }];
    // With USING the conversion is an arbitrary expression: only the plain cast can be checked.
    if (findTopLevel(rest, "using") < 0 && typeTokens.length > 0)
      impact.push({ kind: "invalid-for-type", table, column, type: sourceOf(ctx.sql, typeTokens) });
    report(
      statement,
      "column-type-change",
      MESSAGES.columnTypeChange(displayName(table), column, text),
      HINTS.typeChange,
      impact,
    );
    report(statement, "table-rewrite", MESSAGES.typeChangeRewrite(column, displayName(table)), HINTS.rewrite);
    return;
  }
  if (a.accept("set", "not", "null"))
    report(statement, "set-not-null", MESSAGES.setNotNull(displayName(table), column), HINTS.setNotNull, [
      { kind: "null-values", table, column },
    ]);
}
