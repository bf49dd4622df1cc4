/** ALTER TYPE: ADD VALUE (transaction, same-file use), RENAME VALUE, RENAME TO (outside the enum dance). */
import type { LintContext, StatementHandler } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import { displayName, type TokenReader } from "../token-reader.ts";
import type { QualifiedName } from "../types.ts";

export const lintAlterType: StatementHandler = (ctx, statement, r) => {
  const name = r.qualifiedName();
  if (!name) return;
  if (r.accept("add", "value")) lintAddValue(ctx, statement, r, name);
  else if (r.accept("rename", "value")) {
    const from = r.peek()?.value ?? "?";
    ctx.report(statement, "rename-enum-value", MESSAGES.renameEnumValue(displayName(name), from), HINTS.rename);
  } else if (r.accept("rename", "to") && !ctx.inDance(statement)) {
    ctx.report(statement, "rename-type", MESSAGES.renameType(displayName(name), r.identifier() ?? "?"), HINTS.rename);
  }
};

function lintAddValue(ctx: LintContext, statement: SqlStatement, r: TokenReader, name: QualifiedName): void {
  r.accept("if", "not", "exists");
  const value = r.peek();
  const label = value?.kind === "string" ? value.value : "?";
  if (ctx.multiStatement)
    ctx.report(
      statement,
      "add-enum-value-in-transaction",
      MESSAGES.addEnumValueInFile(displayName(name), label),
      HINTS.enumAddValue,
    );
  const laterUse = ctx.statements
    .slice(statement.index + 1)
    .find((s) => s.tokens.some((t) => t.kind === "string" && t.value === label));
  if (value?.kind === "string" && laterUse)
    ctx.report(
      statement,
      "add-enum-value-used-in-same-file",
      MESSAGES.addEnumValueUsed(label, displayName(name), laterUse.line),
      HINTS.enumAddValue,
    );
}
