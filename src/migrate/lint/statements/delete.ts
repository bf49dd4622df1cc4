/** Statements that delete every row: TRUNCATE, DELETE without WHERE, and such a DELETE inside WITH. */
import type { StatementHandler } from "../context.ts";
import { cteDeletes } from "../embedded.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import { displayName, findTopLevel, splitTopLevel, TokenReader } from "../token-reader.ts";

export const lintTruncate: StatementHandler = (ctx, statement, r) => {
  const cascade = findTopLevel(statement.tokens, "cascade") >= 0;
  r.accept("table");
  for (const part of splitTopLevel(r.rest())) {
    const p = new TokenReader(part);
    p.accept("only");
    const name = p.qualifiedName();
    if (!name || ["restart", "continue", "cascade", "restrict"].includes(name.name)) continue;
    if (ctx.isNew(name)) continue;
    ctx.report(statement, "truncate", MESSAGES.truncate(displayName(name), cascade), HINTS.truncate, [
      { kind: "table-rows", table: name, ...(cascade ? { cascade: "truncate" as const } : {}) },
    ]);
  }
};

export const lintDelete: StatementHandler = (ctx, statement, r) => {
  r.accept("only");
  const name = r.qualifiedName();
  if (name && !ctx.isNew(name) && findTopLevel(statement.tokens, "where") < 0) {
    ctx.report(statement, "delete-without-where", MESSAGES.deleteWithoutWhere(displayName(name)), HINTS.truncate, [
      { kind: "table-rows", table: name, cascade: "delete" },
    ]);
  }
};

/** A WITH query: the DELETEs among its parts (a WHERE elsewhere in the statement does not limit them). */
export const lintWith: StatementHandler = (ctx, statement) => {
  for (const found of cteDeletes(statement.tokens)) {
    if (found.hasWhere || ctx.isNew(found.table)) continue;
    ctx.report(statement, "delete-without-where", MESSAGES.deleteInWith(displayName(found.table)), HINTS.truncate, [
      { kind: "table-rows", table: found.table, cascade: "delete" },
    ]);
  }
};
