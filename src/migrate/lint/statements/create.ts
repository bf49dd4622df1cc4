/** CREATE TABLE (remembered as new) and CREATE [UNIQUE] INDEX (locking, CONCURRENTLY in a script). */
import type { LintContext, StatementHandler } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import { displayName, findTopLevel, isWord, tableKey, TokenReader } from "../token-reader.ts";

export const lintCreate: StatementHandler = (ctx, statement, r) => {
  r.accept("or", "replace");
  r.acceptOneOf("global", "local");
  r.acceptOneOf("temp", "temporary", "unlogged");
  if (r.accept("table")) {
    r.accept("if", "not", "exists");
    const name = r.qualifiedName();
    if (name) ctx.created.tables.add(tableKey(name));
    return;
  }
  const unique = r.accept("unique");
  if (r.accept("index")) lintCreateIndex(ctx, statement, r, unique);
};

function lintCreateIndex(ctx: LintContext, statement: SqlStatement, r: TokenReader, unique: boolean): void {
  const concurrently = r.accept("concurrently");
  r.accept("if", "not", "exists");
  const indexName = isWord(r.peek(), "on") ? undefined : r.qualifiedName();
  if (indexName) ctx.created.indexes.add(tableKey(indexName));
  const onAt = findTopLevel(statement.tokens, "on");
  const on = new TokenReader(statement.tokens, onAt + 1);
  on.accept("only");
  const table = onAt >= 0 ? on.qualifiedName() : undefined;
  if (concurrently && ctx.multiStatement)
    ctx.report(statement, "concurrently-in-transaction", MESSAGES.createIndexConcurrentlyInFile, HINTS.concurrently);
  if (!concurrently && table && !ctx.isNew(table))
    ctx.report(
      statement,
      "create-index-non-concurrently",
      MESSAGES.createIndex(displayName(table), unique),
      HINTS.index,
    );
}
