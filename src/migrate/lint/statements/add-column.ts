/** ADD COLUMN on an existing table: required without DEFAULT, and what rewrites the table. */
import type { Report } from "../context.ts";
import { HINTS, MESSAGES } from "../rules.ts";
import type { SqlStatement } from "../split.ts";
import { displayName, findTopLevel, isPunct } from "../token-reader.ts";
import type { Token } from "../tokens.ts";
import type { QualifiedName } from "../types.ts";

/**
 * Functions PostgreSQL marks volatile that show up as column defaults. `now()`/CURRENT_TIMESTAMP
 * are STABLE, not volatile: ADD COLUMN ... DEFAULT now() is evaluated once and stored in the
 * catalog without a rewrite (PostgreSQL 11+), so they are deliberately not listed.
 */
const VOLATILE_FUNCTIONS = new Set([
  "random",
  "gen_random_uuid",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "uuidv4",
  "uuidv7",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "gen_random_bytes",
  "txid_current",
]);

const SERIAL_TYPES = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

/** Words that end a column's DEFAULT expression in a column definition. */
const COLUMN_CONSTRAINT_WORDS = new Set([
  "not",
  "null",
  "constraint",
  "references",
  "check",
  "unique",
  "primary",
  "generated",
  "collate",
]);

/** Lints `ADD COLUMN column definition...`; `text` is the whole action, quoted in messages. */
export function lintAddColumn(
  statement: SqlStatement,
  table: QualifiedName,
  column: string,
  definition: Token[],
  text: string,
  report: Report,
): void {
  const typeWord = definition[0]?.kind === "word" ? definition[0].value : "";
  const serial = SERIAL_TYPES.has(typeWord);
  const identity = findTopLevel(definition, "generated") >= 0 && findTopLevel(definition, "identity") >= 0;
  const storedGenerated = findTopLevel(definition, "generated") >= 0 && findTopLevel(definition, "stored") >= 0;
  const defaultAt = findTopLevel(definition, "default");
  const notNull = findTopLevel(definition, "not", "null") >= 0 || findTopLevel(definition, "primary", "key") >= 0;
  const volatileCall = defaultAt >= 0 ? volatileFunctionIn(defaultExpression(definition, defaultAt)) : undefined;

  if (notNull && defaultAt < 0 && !serial && !identity && !storedGenerated) {
    report(
      statement,
      "add-required-column-without-default",
      MESSAGES.addRequiredColumn(column, displayName(table)),
      HINTS.addRequired,
      [{ kind: "table-rows", table }],
    );
  }
  const rewriteCause = volatileCall
    ? `its DEFAULT calls the volatile ${volatileCall}()`
    : serial
      ? `${typeWord} takes its default from nextval(), which is volatile`
      : identity
        ? "an identity column is filled for every existing row"
        : storedGenerated
          ? "a stored generated column is computed for every existing row"
          : undefined;
  if (rewriteCause)
    report(
      statement,
      "table-rewrite",
      MESSAGES.addColumnRewrite(column, displayName(table), rewriteCause, text),
      HINTS.rewrite,
    );
  if (volatileCall)
    report(statement, "volatile-default", MESSAGES.volatileDefault(volatileCall, displayName(table)), HINTS.volatile);
}

/** Tokens of a column DEFAULT expression: from after DEFAULT to the next column-constraint keyword. */
function defaultExpression(definition: Token[], defaultAt: number): Token[] {
  const out: Token[] = [];
  let depth = 0;
  for (let i = defaultAt + 1; i < definition.length; i++) {
    const t = definition[i]!;
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    else if (depth === 0 && t.kind === "word" && COLUMN_CONSTRAINT_WORDS.has(t.value)) break;
    out.push(t);
  }
  return out;
}

/** The first volatile function called in the tokens, or undefined. */
function volatileFunctionIn(tokens: Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      (t.kind === "word" || t.kind === "ident") &&
      VOLATILE_FUNCTIONS.has(t.value.toLowerCase()) &&
      isPunct(tokens[i + 1], "(")
    )
      return t.value.toLowerCase();
  }
  return undefined;
}
