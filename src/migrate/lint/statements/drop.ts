/** DROP TABLE, SCHEMA, TYPE (outside Prisma's enum recreation) and INDEX. */
import type { LintContext, StatementHandler } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import { displayName, findTopLevel, splitTopLevel, tableKey, TokenReader } from "../token-reader.ts";

export const lintDrop: StatementHandler = (ctx, statement, r) => {
  const cascade = findTopLevel(statement.tokens, "cascade") >= 0;
  if (r.accept("table")) lintDropTable(ctx, statement, r, cascade);
  else if (r.accept("schema")) lintDropSchema(ctx, statement, r, cascade);
  else if (r.accept("type")) {
    if (!ctx.inDance(statement)) lintDropType(ctx, statement, r, cascade);
  } else if (r.accept("index")) lintDropIndex(ctx, statement, r);
};

function lintDropTable(ctx: LintContext, statement: SqlStatement, r: TokenReader, cascade: boolean): void {
  r.accept("if", "exists");
  for (const part of splitTopLevel(r.rest())) {
    const name = new TokenReader(part).qualifiedName();
    if (!name || ctx.isNew(name)) continue;
    ctx.report(statement, "drop-table", MESSAGES.dropTable(displayName(name), cascade), HINTS.dropTable, [
      { kind: "table-rows", table: name, ...(cascade ? { cascade: "drop" as const } : {}) },
    ]);
  }
}

function lintDropSchema(ctx: LintContext, statement: SqlStatement, r: TokenReader, cascade: boolean): void {
  r.accept("if", "exists");
  for (const part of splitTopLevel(r.rest())) {
    const name = new TokenReader(part).identifier();
    if (name === undefined) continue;
    ctx.report(statement, "drop-schema", MESSAGES.dropSchema(name, cascade), HINTS.dropSchema, [
      { kind: "schema-rows", schema: name },
    ]);
  }
}

function lintDropType(ctx: LintContext, statement: SqlStatement, r: TokenReader, cascade: boolean): void {
  r.accept("if", "exists");
  const names = splitTopLevel(r.rest())
    .map((p) => new TokenReader(p).qualifiedName())
    .filter((n) => n !== undefined);
  ctx.report(statement, "drop-type", MESSAGES.dropType(names.map(displayName).join(", "), cascade), HINTS.dropType);
}

function lintDropIndex(ctx: LintContext, statement: SqlStatement, r: TokenReader): void {
  const concurrently = r.accept("concurrently");
  if (concurrently && ctx.multiStatement)
    ctx.report(statement, "concurrently-in-transaction", MESSAGES.dropIndexConcurrentlyInFile, HINTS.concurrently);
  r.accept("if", "exists");
  const names = splitTopLevel(r.rest())
    .map((p) => new TokenReader(p).qualifiedName())
    .filter((n) => n !== undefined);
  // An index this file created sits on a table nobody uses yet; any other is live.
  const existing = names.filter((n) => !ctx.created.indexes.has(tableKey(n)));
  if (!concurrently && existing.length > 0)
    ctx.report(
      statement,
      "drop-index-non-concurrently",
      MESSAGES.dropIndex(existing.map(displayName).join(", ")),
      HINTS.dropIndex,
    );
}
