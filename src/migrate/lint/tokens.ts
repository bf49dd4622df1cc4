/**
 * A PostgreSQL lexer just precise enough to split a migration script into statements and to let
 * the lint rules read them: it knows where string literals, quoted identifiers, dollar-quoted
 * bodies and comments begin and end, so a `;` or a keyword inside any of them is never mistaken
 * for SQL. It does not parse expressions; the rules read token sequences.
 */

/** What a token is; the rules mostly look at `word`, `ident` and `punct`. */
export type TokenKind =
  /** Unquoted word: keyword or identifier (`value` is lower-cased, as PostgreSQL folds it). */
  | "word"
  /** `"Quoted"` identifier (`value` is the identifier, case kept, `""` unescaped). */
  | "ident"
  /** '...' / E'...' / U&'...' / B'...' literal (`value` is the content). */
  | "string"
  /** $$...$$ or $tag$...$tag$ body (`value` is the body). */
  | "dollar"
  | "number"
  /** `-- ...` or `/* ... *\/` (`value` is the comment text without its delimiters). */
  | "comment"
  /** One of `( ) , ; [ ] .` or an operator run such as `::` or `=`. */
  | "punct"
  /** `$1`-style parameter. */
  | "param";

/** One lexical token with its position in the script. */
export interface Token {
  kind: TokenKind;
  /** The token exactly as written. */
  text: string;
  /** Normalized value: see {@link TokenKind}. */
  value: string;
  /** 1-based line where the token starts. */
  line: number;
  /** 1-based line where the token ends (multi-line strings, bodies, comments). */
  endLine: number;
  /** Offset of the first character in the script. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** Raised when the script ends inside a string, identifier, comment or dollar-quoted body. */
export class SqlLexError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (starting at line ${line})`);
    this.name = "SqlLexError";
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** Splits SQL text into tokens (comments included, whitespace dropped). */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = sql.length;

  const countLines = (from: number, to: number): number => {
    let k = 0;
    for (let j = from; j < to; j++) if (sql.charCodeAt(j) === 10) k++;
    return k;
  };
  const push = (kind: TokenKind, start: number, end: number, value: string): void => {
    const text = sql.slice(start, end);
    const endLine = line + countLines(start, end);
    tokens.push({ kind, text, value, line, endLine, start, end });
    line = endLine;
  };

  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && next === "-") {
      let j = sql.indexOf("\n", i);
      if (j === -1) j = n;
      push("comment", i, j, sql.slice(i + 2, j));
      i = j;
      continue;
    }
    if (c === "/" && next === "*") {
      // PostgreSQL block comments nest, unlike the SQL standard's.
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === "/" && sql[j + 1] === "*") {
          depth++;
          j += 2;
        } else if (sql[j] === "*" && sql[j + 1] === "/") {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) throw new SqlLexError("unterminated /* comment", line);
      push("comment", i, j, sql.slice(i + 2, j - 2));
      i = j;
      continue;
    }
    if (c === "'" || ((c === "E" || c === "e") && next === "'")) {
      const escapes = c !== "'";
      const j = scanQuoted(sql, escapes ? i + 1 : i, "'", escapes);
      if (j < 0) throw new SqlLexError("unterminated string literal", line);
      const body = sql.slice(escapes ? i + 2 : i + 1, j - 1);
      push("string", i, j, body.replaceAll("''", "'"));
      i = j;
      continue;
    }
    if ((c === "B" || c === "b" || c === "X" || c === "x") && next === "'") {
      const j = scanQuoted(sql, i + 1, "'", false);
      if (j < 0) throw new SqlLexError("unterminated bit-string literal", line);
      push("string", i, j, sql.slice(i + 2, j - 1));
      i = j;
      continue;
    }
    if ((c === "U" || c === "u") && next === "&" && (sql[i + 2] === "'" || sql[i + 2] === '"')) {
      const quote = sql[i + 2]!;
      const j = scanQuoted(sql, i + 2, quote, false);
      if (j < 0) throw new SqlLexError("unterminated Unicode-escaped literal", line);
      const body = sql.slice(i + 3, j - 1).replaceAll(quote + quote, quote);
      push(quote === "'" ? "string" : "ident", i, j, body);
      i = j;
      continue;
    }
    if (c === '"') {
      const j = scanQuoted(sql, i, '"', false);
      if (j < 0) throw new SqlLexError("unterminated quoted identifier", line);
      push("ident", i, j, sql.slice(i + 1, j - 1).replaceAll('""', '"'));
      i = j;
      continue;
    }
    if (c === "$") {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 200));
      if (tag) {
        const delimiter = tag[0];
        const close = sql.indexOf(delimiter, i + delimiter.length);
        if (close < 0) throw new SqlLexError(`unterminated dollar-quoted body ${delimiter}`, line);
        const end = close + delimiter.length;
        push("dollar", i, end, sql.slice(i + delimiter.length, close));
        i = end;
        continue;
      }
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql[j]!)) j++;
      if (j > i + 1) {
        push("param", i, j, sql.slice(i, j));
        i = j;
        continue;
      }
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      push("word", i, j, sql.slice(i, j).toLowerCase());
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9.eE_]/.test(sql[j]!)) {
        if ((sql[j] === "e" || sql[j] === "E") && (sql[j + 1] === "-" || sql[j + 1] === "+")) j++;
        j++;
      }
      push("number", i, j, sql.slice(i, j));
      i = j;
      continue;
    }
    if ("(),;[].".includes(c)) {
      push("punct", i, i + 1, c);
      i++;
      continue;
    }
    if (c === ":") {
      const j = next === ":" ? i + 2 : i + 1;
      push("punct", i, j, sql.slice(i, j));
      i = j;
      continue;
    }
    if (OPERATOR_CHARS.includes(c)) {
      let j = i + 1;
      // Stop before a comment start so `=--x` is not swallowed as an operator.
      while (
        j < n &&
        OPERATOR_CHARS.includes(sql[j]!) &&
        !(sql[j] === "-" && sql[j + 1] === "-") &&
        !(sql[j] === "/" && sql[j + 1] === "*")
      )
        j++;
      push("punct", i, j, sql.slice(i, j));
      i = j;
      continue;
    }
    // Anything else (stray characters) becomes a one-character token rather than an error:
    // the linter reports on what it understands and leaves syntax errors to PostgreSQL.
    push("punct", i, i + 1, c);
    i++;
  }
  return tokens;
}

/** Index just past the closing quote, or -1. `''` (doubled quote) stays inside; with `backslash`, `\'` too. */
function scanQuoted(sql: string, openAt: number, quote: string, backslash: boolean): number {
  let j = openAt + 1;
  while (j < sql.length) {
    const ch = sql[j];
    if (backslash && ch === "\\") {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return -1;
}
