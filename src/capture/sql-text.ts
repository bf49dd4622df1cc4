/**
 * SQL text as people compare it: one spelling per statement whichever library wrote it.
 * `normalizeSql` collapses whitespace, upper-cases keywords and drops quotes that are not needed;
 * `sqlShape` further hides how many parameters a list or a multi-row VALUES had (what varies with
 * the data, not with the code); `formatSql` breaks a normalized statement into clause lines.
 * A small tokenizer does the work, so literals, quoted identifiers and comments are never mangled.
 */

type TokenKind = "word" | "ident" | "string" | "param" | "number" | "punct" | "op";

interface Token {
  kind: TokenKind;
  text: string;
}

/** Words written in upper case after normalization (a reading aid, not a parser's keyword list). */
const KEYWORDS = new Set(
  (
    "select from where and or not in is null as on join left right inner outer full cross lateral group by order asc desc " +
    "nulls first last limit offset insert into values update set delete returning with recursive union all distinct " +
    "having case when then else end exists any some between like ilike escape conflict do nothing for share of skip " +
    "locked nowait begin commit rollback savepoint release transaction isolation level read committed repeatable " +
    "serializable true false default using cast filter over partition window coalesce count sum min max array_agg " +
    "json_agg json_build_object jsonb_agg jsonb_build_object row_number lower upper unnest interval explain analyze " +
    "format json buffers costs timing verbose"
  ).split(" "),
);

/**
 * Identifiers PostgreSQL reserves (or that parse differently unquoted): these keep their quotes.
 * Everything else that is lower-case letters, digits and underscores loses them.
 */
const RESERVED = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation " +
    "column concurrently constraint create cross current_catalog current_date current_role current_schema current_time " +
    "current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze " +
    "from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit " +
    "localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references " +
    "returning right select session_user similar some symmetric system_user table tablesample then to trailing true union " +
    "unique user using variadic verbose when where window with"
  ).split(" "),
);

const CLAUSE_STARTS = new Set([
  "SELECT",
  "FROM",
  "WHERE",
  "GROUP",
  "HAVING",
  "ORDER",
  "LIMIT",
  "OFFSET",
  "RETURNING",
  "VALUES",
  "SET",
  "UNION",
  "WINDOW",
]);
const JOIN_PREFIXES = new Set(["LEFT", "RIGHT", "INNER", "FULL", "CROSS"]);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === "'" || ((c === "E" || c === "e") && sql[i + 1] === "'")) {
      let j = c === "'" ? i + 1 : i + 2;
      while (j < n) {
        if (sql[j] === "\\" && c !== "'") j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j += 1;
      }
      tokens.push({ kind: "string", text: sql.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '"' && sql[j + 1] === '"') j += 2;
        else if (sql[j] === '"') break;
        else j += 1;
      }
      tokens.push({ kind: "ident", text: sql.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c === "$") {
      // `$?` is how sqlShape writes a placeholder; re-tokenizing a shape must keep it whole.
      const param = /^\$(\d+|\?)/.exec(sql.slice(i, i + 12));
      if (param) {
        tokens.push({ kind: "param", text: param[0] });
        i += param[0].length;
        continue;
      }
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end === -1 ? n : end + tag[0].length;
        tokens.push({ kind: "string", text: sql.slice(i, stop) });
        i = stop;
        continue;
      }
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 128));
    if (word) {
      tokens.push({ kind: "word", text: word[0] });
      i += word[0].length;
      continue;
    }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(sql.slice(i, i + 64));
    if (num) {
      tokens.push({ kind: "number", text: num[0] });
      i += num[0].length;
      continue;
    }
    if (sql.startsWith("...", i)) {
      tokens.push({ kind: "op", text: "..." });
      i += 3;
      continue;
    }
    if ("(),;.[]".includes(c)) {
      tokens.push({ kind: "punct", text: c });
      i += 1;
      continue;
    }
    const op = /^(::|->>|->|#>>|#>|<=|>=|<>|!=|\|\||@>|<@|&&|[-+*/%<>=~!@#^&|?:])/.exec(sql.slice(i, i + 3));
    tokens.push({ kind: "op", text: op ? op[0] : c });
    i += op ? op[0].length : 1;
  }
  return tokens;
}

function normalizeToken(token: Token): Token {
  if (token.kind === "word") {
    const lower = token.text.toLowerCase();
    return KEYWORDS.has(lower) ? { kind: "word", text: lower.toUpperCase() } : token;
  }
  if (token.kind === "ident") {
    const inner = token.text.slice(1, -1);
    if (/^[a-z_][a-z0-9_]*$/.test(inner) && !RESERVED.has(inner) && !KEYWORDS.has(inner))
      return { kind: "word", text: inner };
  }
  return token;
}

/** Joins tokens with single spaces except where SQL reads better without (`a.b`, `f(x)`, `x::int`, `a, b`). */
function join(tokens: Token[]): string {
  let out = "";
  let prev: Token | undefined;
  let afterInto = false;
  for (const t of tokens) {
    // `INSERT INTO schema.table (columns)`: a column list, not a call.
    if (prev && (needsSpace(prev, t) || (afterInto && t.text === "("))) out += " ";
    out += t.text;
    if (t.text === "INTO") afterInto = true;
    else if (t.text !== "." && t.kind !== "word" && t.kind !== "ident") afterInto = false;
    prev = t;
  }
  return out;
}

function needsSpace(prev: Token, next: Token): boolean {
  if (next.text === "," || next.text === ")" || next.text === "." || next.text === ";" || next.text === "]")
    return false;
  if (prev.text === "(" || prev.text === "." || prev.text === "[") return false;
  if (prev.text === "::" || next.text === "::") return false;
  // A function call or an array subscript: `count(`, `tags[`; but keep `IN (`, `VALUES (`, `AS (`.
  if (
    (next.text === "(" || next.text === "[") &&
    (prev.kind === "ident" ||
      (prev.kind === "word" && prev.text !== prev.text.toUpperCase()) ||
      isCallableKeyword(prev))
  )
    return false;
  return true;
}

const CALLABLE = new Set([
  "COUNT",
  "SUM",
  "MIN",
  "MAX",
  "COALESCE",
  "ARRAY_AGG",
  "JSON_AGG",
  "JSONB_AGG",
  "JSON_BUILD_OBJECT",
  "JSONB_BUILD_OBJECT",
  "ROW_NUMBER",
  "LOWER",
  "UPPER",
  "UNNEST",
  "CAST",
  "EXISTS",
  "ANY",
  "FILTER",
  "OVER",
]);

function isCallableKeyword(token: Token): boolean {
  return (
    token.kind === "word" &&
    CALLABLE.has(token.text) &&
    token.text !== "EXISTS" &&
    token.text !== "FILTER" &&
    token.text !== "OVER"
  );
}

/**
 * One spelling per statement: whitespace collapsed, comments dropped, keywords upper-cased,
 * unnecessary identifier quotes removed, `$n` placeholders kept. Literals are left exactly as written.
 */
export function normalizeSql(sql: string): string {
  return join(tokenize(sql).map(normalizeToken)).replace(/;$/, "");
}

/**
 * The statement's shape: {@link normalizeSql} with every placeholder written `$?`, and runs that
 * grow with the data collapsed (`IN ($?, $?, $?)` and `VALUES (...), (...)` keep one element and
 * `...`), so a snapshot changes when the code's SQL changes, not when the data does.
 */
export function sqlShape(sql: string): string {
  const tokens = tokenize(sql)
    .map(normalizeToken)
    .map((t) => (t.kind === "param" ? { kind: "param" as const, text: "$?" } : t));
  return join(collapseRepeats(tokens)).replace(/;$/, "");
}

/**
 * Collapses what grows with the data: repeated identical parenthesized groups (`VALUES (...), (...)`)
 * and placeholder lists right after `IN (` or `ARRAY[`, each to its first element and `...`.
 */
function collapseRepeats(tokens: Token[]): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const listOpener =
      (t.text === "(" && tokens[i - 1]?.text === "IN") || (t.text === "[" && tokens[i - 1]?.text === "ARRAY");
    if (listOpener && tokens[i + 1]?.kind === "param") {
      out.push(t);
      i = pushRun(tokens, i + 1, out, placeholderAt);
      continue;
    }
    if (t.text === "(" && groupAt(tokens, i)) {
      i = pushRun(tokens, i, out, groupAt);
      continue;
    }
    out.push(t);
    i += 1;
  }
  return out;
}

/** Pushes the unit at `start` and, when identical units follow separated by commas, `, ...` once. */
function pushRun(
  tokens: Token[],
  start: number,
  out: Token[],
  unitAt: (tokens: Token[], at: number) => Token[] | undefined,
): number {
  const unit = unitAt(tokens, start)!;
  const text = unit.map((u) => u.text).join(" ");
  let j = start + unit.length;
  let repeats = 0;
  while (tokens[j]?.text === ",") {
    const next = unitAt(tokens, j + 1);
    if (!next || next.map((u) => u.text).join(" ") !== text) break;
    repeats += 1;
    j += 1 + next.length;
  }
  out.push(...unit);
  if (repeats > 0) out.push({ kind: "punct", text: "," }, { kind: "op", text: "..." });
  return j;
}

/** A placeholder, optionally cast (`$?::text`). */
function placeholderAt(tokens: Token[], start: number): Token[] | undefined {
  if (tokens[start]?.kind !== "param") return undefined;
  let end = start + 1;
  while (tokens[end]?.text === "::" && tokens[end + 1]) end += 2;
  return tokens.slice(start, end);
}

/** A balanced parenthesized group holding placeholders and nothing but casts, DEFAULT and commas around them. */
function groupAt(tokens: Token[], start: number): Token[] | undefined {
  if (tokens[start]?.text !== "(") return undefined;
  let depth = 0;
  for (let j = start; j < tokens.length; j += 1) {
    const t = tokens[j]!;
    if (t.text === "(") depth += 1;
    else if (t.text === ")") {
      depth -= 1;
      if (depth > 0) continue;
      const group = tokens.slice(start, j + 1);
      const valuesOnly = group.every(
        (g, k) =>
          g.kind === "param" ||
          g.text === "(" ||
          g.text === ")" ||
          g.text === "," ||
          g.text === "::" ||
          g.text === "DEFAULT" ||
          group[k - 1]?.text === "::",
      );
      return valuesOnly && group.some((g) => g.kind === "param") ? group : undefined;
    }
  }
  return undefined;
}

/**
 * Lays a statement out one clause per line, subqueries indented by nesting depth. Meant for
 * reading in a report; the text is re-tokenized, so it accepts raw or normalized SQL.
 */
export function formatSql(sql: string): string {
  const tokens = tokenize(sql).map(normalizeToken);
  const lines: Token[][] = [[]];
  const indents: number[] = [0];
  let depth = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const startsClause =
      (t.kind === "word" &&
        ((CLAUSE_STARTS.has(t.text) && !(t.text === "SET" && prev?.text === "DO")) ||
          (t.text === "JOIN" && !JOIN_PREFIXES.has(prev?.text ?? "") && prev?.text !== "OUTER") ||
          (JOIN_PREFIXES.has(t.text) && (tokens[i + 1]?.text === "JOIN" || tokens[i + 1]?.text === "OUTER")) ||
          (t.text === "ON" && tokens[i + 1]?.text === "CONFLICT") ||
          (t.text === "FOR" && ["UPDATE", "SHARE", "NO", "KEY"].includes(tokens[i + 1]?.text.toUpperCase() ?? "")) ||
          // Data-modifying statements inside CTEs; not the UPDATE of `FOR UPDATE` / `DO UPDATE`.
          ((t.text === "INSERT" || t.text === "DELETE") && prev?.text === "(") ||
          (t.text.toUpperCase() === "UPDATE" && prev?.text === "("))) ||
      // The next CTE of a WITH list: `, name AS (`.
      (prev?.text === "," && depth === 0 && tokens[i + 1]?.text === "AS" && tokens[i + 2]?.text === "(");
    if (t.text === ")") depth = Math.max(0, depth - 1);
    if (startsClause && lines.at(-1)!.length > 0) {
      lines.push([]);
      indents.push(depth);
    }
    lines.at(-1)!.push(t);
    if (t.text === "(") depth += 1;
  }
  return lines
    .map((line, k) => "  ".repeat(indents[k]!) + join(line))
    .join("\n")
    .replace(/;$/, "");
}
