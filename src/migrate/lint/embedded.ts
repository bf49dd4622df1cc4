/**
 * SQL that a statement runs without showing it at the top level, so the rules can see it too:
 * - the statements of a `DO $$ ... $$` block's PL/pgSQL body (block keywords such as BEGIN, IF ...
 *   THEN, LOOP stripped from their front);
 * - the literal string a body `EXECUTE`s (`EXECUTE 'DROP TABLE x'`, or the format string of
 *   `EXECUTE format('...', ...)`), itself split into statements;
 * - the data-modifying statements inside a `WITH` query (see {@link cteDeletes}).
 * Dynamic SQL built from variables cannot be read statically and is not guessed at.
 */
import { splitStatements, type SqlStatement } from "./split.ts";
import { findTopLevel, isPunct, isWord, TokenReader } from "./token-reader.ts";
import { SqlLexError, type Token } from "./tokens.ts";
import type { QualifiedName } from "./types.ts";

/** A script found inside a statement: its text, its statements, and where it sits in the file. */
export interface EmbeddedScript {
  sql: string;
  statements: SqlStatement[];
  /** Line in the migration file of the script's first line. */
  line: number;
  /** How it is reached, for messages: "a DO block" or "EXECUTE in a DO block". */
  via: string;
}

/** Words that begin an SQL statement inside a PL/pgSQL body; what comes before them is block syntax. */
const STATEMENT_STARTS = new Set([
  "drop",
  "truncate",
  "delete",
  "alter",
  "create",
  "update",
  "insert",
  "execute",
  "with",
  "comment",
  "grant",
  "revoke",
]);

/** Splits `sql`, or [] when it does not lex (a fragment of dynamic SQL, say). */
function splitQuietly(sql: string): SqlStatement[] {
  try {
    return splitStatements(sql).statements;
  } catch (error) {
    if (error instanceof SqlLexError) return [];
    throw error;
  }
}

/** The statement with leading block syntax (BEGIN, DECLARE ..., IF ... THEN, LOOP) removed. */
function stripBlockSyntax(body: string, statement: SqlStatement): SqlStatement | undefined {
  const from = statement.tokens.findIndex((t) => t.kind === "word" && STATEMENT_STARTS.has(t.value));
  if (from < 0) return undefined;
  const tokens = statement.tokens.slice(from);
  return {
    ...statement,
    tokens,
    line: tokens[0]!.line,
    text: body.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end),
  };
}

/** The string an `EXECUTE` runs when it is written out: `EXECUTE '...'` or `EXECUTE format('...', ...)`. */
function executedLiteral(tokens: Token[]): Token | undefined {
  const r = new TokenReader(tokens);
  if (!r.accept("execute")) return undefined;
  if (r.peek()?.kind === "string") return r.peek();
  if (isWord(r.peek(), "format") && isPunct(r.peek(1), "(") && r.peek(2)?.kind === "string") return r.peek(2);
  return undefined;
}

/** Scripts a `DO` statement runs (its body, and what its body EXECUTEs); [] for any other statement. */
export function doBlockScripts(statement: SqlStatement): EmbeddedScript[] {
  const r = new TokenReader(statement.tokens);
  if (!r.accept("do")) return [];
  const body = statement.tokens.find((t) => t.kind === "dollar" || t.kind === "string");
  if (!body) return [];
  const bodyLine = body.line;
  const inner = splitQuietly(body.value)
    .map((s) => stripBlockSyntax(body.value, s))
    .filter((s) => s !== undefined);
  const scripts: EmbeddedScript[] = [
    { sql: body.value, statements: inner.map((s, index) => ({ ...s, index })), line: bodyLine, via: "a DO block" },
  ];
  for (const s of inner) {
    const literal = executedLiteral(s.tokens);
    if (!literal) continue;
    const statements = splitQuietly(literal.value);
    if (statements.length > 0)
      scripts.push({ sql: literal.value, statements, line: bodyLine + literal.line - 1, via: "EXECUTE in a DO block" });
  }
  return scripts;
}

/** A DELETE found in a statement, and whether it has a WHERE of its own. */
export interface DeleteFound {
  table: QualifiedName;
  hasWhere: boolean;
}

/**
 * Every `DELETE FROM` in a `WITH` statement, in its common table expressions or its main query,
 * each judged on its own tokens (up to the parenthesis that closes its CTE): a WHERE elsewhere in
 * the statement does not limit it.
 */
export function cteDeletes(tokens: Token[]): DeleteFound[] {
  if (!isWord(tokens[0], "with")) return [];
  const out: DeleteFound[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isWord(tokens[i], "delete") || !isWord(tokens[i + 1], "from")) continue;
    const r = new TokenReader(tokens, i + 2);
    r.accept("only");
    const table = r.qualifiedName();
    if (!table) continue;
    out.push({ table, hasWhere: findTopLevel(tokens.slice(i, endOfSubquery(tokens, i)), "where") >= 0 });
  }
  return out;
}

/** Index just past the tokens of the query starting at `from`: the `)` that closes it, or the end. */
function endOfSubquery(tokens: Token[], from: number): number {
  let depth = 0;
  for (let j = from; j < tokens.length; j++) {
    if (isPunct(tokens[j], "(") || isPunct(tokens[j], "[")) depth++;
    else if (isPunct(tokens[j], ")") || isPunct(tokens[j], "]")) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return tokens.length;
}
