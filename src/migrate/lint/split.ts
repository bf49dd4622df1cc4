/**
 * Splits a migration script into statements on top-level `;` only: semicolons inside string
 * literals, quoted identifiers, dollar-quoted function bodies and comments do not end a statement.
 * Each statement keeps its line numbers and the comments written just before it (where the
 * acknowledgement markers live).
 */
import { tokenize, type Token } from "./tokens.ts";

/** One SQL statement of a migration script. */
export interface SqlStatement {
  /** 0-based position among the script's statements. */
  index: number;
  /** The statement as written (from its first token to its last, comments inside kept, no `;`). */
  text: string;
  /** 1-based line of the statement's first token. */
  line: number;
  /** 1-based line of the statement's last token. */
  endLine: number;
  /** The statement's tokens, comments removed. */
  tokens: Token[];
  /**
   * Comments between the previous statement's `;` and this statement's first token, in order:
   * the place for `-- orm-switch-lint: allow ...` markers.
   */
  leadingComments: Token[];
}

/** The statements of a script, plus comments after the last statement (file-wide markers may sit there). */
export interface SplitScript {
  statements: SqlStatement[];
  /** Comments after the last `;` that precede no statement. */
  trailingComments: Token[];
}

/** Splits `sql` into statements. Throws {@link SqlLexError} when a literal or comment is unterminated. */
export function splitStatements(sql: string): SplitScript {
  const statements: SqlStatement[] = [];
  let comments: Token[] = [];
  let body: Token[] = [];
  let first: Token | undefined;
  let last: Token | undefined;

  const finish = (): void => {
    if (first && last) {
      statements.push({
        index: statements.length,
        text: sql.slice(first.start, last.end),
        line: first.line,
        endLine: last.endLine,
        tokens: body,
        leadingComments: comments,
      });
      comments = [];
    }
    body = [];
    first = undefined;
    last = undefined;
  };

  for (const token of tokenize(sql)) {
    if (token.kind === "punct" && token.value === ";") {
      finish();
      continue;
    }
    if (token.kind === "comment") {
      // Comments before a statement's first token belong to it; those inside it stay in its text.
      if (!first) comments.push(token);
      continue;
    }
    first ??= token;
    last = token;
    body.push(token);
  }
  finish();
  return { statements, trailingComments: comments };
}
