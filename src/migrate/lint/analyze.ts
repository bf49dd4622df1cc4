/**
 * Applies the rules to a script's statements. The analysis walks the file in order and remembers
 * what the file itself created: a table created earlier in the same file is new and empty, so the
 * rules about locking, rewriting or losing rows do not apply to it.
 */
import { cteDeletes, doBlockScripts } from "./embedded.ts";
import { ruleById, type RuleId } from "./rules.ts";
import type { SqlStatement } from "./split.ts";
import { displayName, findTopLevel, isPunct, isWord, sourceOf, splitTopLevel, tableKey, TokenReader } from "./token-reader.ts";
import type { EnumLabels } from "./enum-history.ts";
import type { Token } from "./tokens.ts";
import type { ImpactTarget, LintFinding, QualifiedName } from "./types.ts";

/** A finding before acknowledgement markers are applied, tied to its statement. */
export interface RawFinding extends LintFinding {
  statementIndex: number;
}

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
const COLUMN_CONSTRAINT_WORDS = new Set(["not", "null", "constraint", "references", "check", "unique", "primary", "generated", "collate"]);

const HINTS = {
  dropTable: "Expand and contract: stop reading and writing the table in a deploy first, back it up (npm run db:backup), then drop it in a later migration and acknowledge it with a marker.",
  dropColumn: "Remove every use of the column from the code and deploy that first; back up; then drop it in its own migration and acknowledge it. To rename, add the new column, backfill, switch the code, and drop the old one later.",
  dropEnumValue: "Move rows off the removed value first (UPDATE ... SET col = '<other value>' WHERE col = '<removed>') and deploy code that no longer writes it; the cast in the recreated enum fails on any row still holding it.",
  typeChange: "Add a new column of the new type, backfill it in batches, switch the code, then drop the old column. If the cast is known to be lossless and the table small, acknowledge it.",
  setNotNull: "Backfill NULLs first; on a large table add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the validated check and skips the scan).",
  addRequired: "Give the column a DEFAULT (constant defaults are free since PostgreSQL 11), or add it nullable, backfill, and SET NOT NULL in a later migration.",
  rename: "Renames break the code that is still running during a deploy. Add the new name alongside (a new column kept in sync, or a view for a table), switch the code, then remove the old name later.",
  index: "Create the index with CREATE INDEX CONCURRENTLY, alone in a migration file of its own (CONCURRENTLY cannot run inside the transaction a multi-statement script runs in).",
  concurrently: "Move this statement into a migration file of its own containing only this statement: PostgreSQL refuses CONCURRENTLY inside a transaction block, and a multi-statement script is one.",
  foreignKey: "Add the constraint with NOT VALID (takes only a brief lock), then run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration (validation does not block writes).",
  enumAddValue: "Put ALTER TYPE ... ADD VALUE in a migration file of its own, and use the new value only in later migrations.",
  rewrite: "On a large table, do it in steps: add a new column (nullable or with a constant default), backfill in batches, switch the code, then drop the old column.",
  volatile: "Add the column with no default or a constant one, backfill existing rows in batches, then SET DEFAULT for new rows.",
  truncate: "Deleting every row of a live table in a migration is almost never intended: move data clean-up out of schema migrations, or acknowledge it with a reason.",
  dropSchema: "Dropping a schema drops every table in it. Back up first and acknowledge it with a marker if it is really intended.",
  dropType: "Make sure no column uses the type any more (DROP TYPE ... CASCADE drops those columns and their data).",
  dropIndex: "Use DROP INDEX CONCURRENTLY, alone in a migration file of its own (it cannot run inside the transaction a multi-statement script runs in).",
} as const;

interface EnumDance {
  /** Name of the enum being recreated, e.g. `TaskStatus`. */
  enumName: string;
  /** Values of the `_new` type, i.e. the values kept. */
  kept: string[];
  /** Statement that creates `<enum>_new`. */
  createIndex: number;
  columns: { table: QualifiedName; column: string }[];
}

/** What the file created before the statement being read (shared with the scripts a DO block runs). */
export interface CreatedInFile {
  tables: Set<string>;
  indexes: Set<string>;
}

/**
 * Runs every rule over the statements of one script. `sql` is the script the statements came from;
 * `knownEnums` are the enum labels before this script (from earlier migrations), used to name the
 * values an enum recreation removes when Prisma's warning comment is absent.
 */
export function analyzeStatements(sql: string, statements: SqlStatement[], allComments: Token[], knownEnums: EnumLabels = new Map(), created: CreatedInFile = { tables: new Set(), indexes: new Set() }): RawFinding[] {
  const findings: RawFinding[] = [];
  const newTables = created.tables;
  const newIndexes = created.indexes;
  const dances = findEnumDances(statements);
  const danceStatements = new Set<number>();
  for (const dance of dances.values()) for (const i of dance.statementIndexes) danceStatements.add(i);
  const multiStatement = statements.length > 1;
  const removedValuesNoted = prismaRemovedEnumValues(allComments);

  const report = (statement: SqlStatement, ruleId: RuleId, message: string, hint: string, impact?: ImpactTarget[], line = statement.line): void => {
    const rule = ruleById(ruleId)!;
    findings.push({ ruleId, severity: rule.severity, line, statement: statement.text, message, hint, statementIndex: statement.index, ...(impact ? { impact } : {}) });
  };
  const isNew = (name: QualifiedName): boolean => newTables.has(tableKey(name));

  for (const statement of statements) {
    const r = new TokenReader(statement.tokens);
    const inDance = danceStatements.has(statement.index);

    if (isWord(statement.tokens[0], "do")) {
      // The body's statements (and what it EXECUTEs) are linted as if written out, reported at the
      // DO statement so one marker before it acknowledges them.
      for (const script of doBlockScripts(statement)) {
        for (const inner of analyzeStatements(script.sql, script.statements, [], knownEnums, created)) {
          findings.push({ ...inner, line: script.line + inner.line - 1, statement: statement.text, statementIndex: statement.index, message: `Inside ${script.via}: ${inner.message}` });
        }
      }
      continue;
    }

    if (isWord(statement.tokens[0], "with")) {
      for (const found of cteDeletes(statement.tokens)) {
        if (found.hasWhere || isNew(found.table)) continue;
        report(statement, "delete-without-where", `DELETE FROM ${displayName(found.table)} without WHERE inside a WITH query deletes every row of the table (a WHERE elsewhere in the statement does not limit it).`, HINTS.truncate, [{ kind: "table-rows", table: found.table, cascade: "delete" }]);
      }
      continue;
    }

    if (r.accept("create")) {
      r.accept("or", "replace");
      r.acceptOneOf("global", "local");
      r.acceptOneOf("temp", "temporary", "unlogged");
      if (r.accept("table")) {
        r.accept("if", "not", "exists");
        const name = r.qualifiedName();
        if (name) newTables.add(tableKey(name));
        continue;
      }
      const unique = r.accept("unique");
      if (r.accept("index")) {
        const concurrently = r.accept("concurrently");
        r.accept("if", "not", "exists");
        const indexName = isWord(r.peek(), "on") ? undefined : r.qualifiedName();
        if (indexName) newIndexes.add(tableKey(indexName));
        const onAt = findTopLevel(statement.tokens, "on");
        const on = new TokenReader(statement.tokens, onAt + 1);
        on.accept("only");
        const table = onAt >= 0 ? on.qualifiedName() : undefined;
        if (concurrently && multiStatement) {
          report(statement, "concurrently-in-transaction", "CREATE INDEX CONCURRENTLY in a file with other statements: the migration runs as one script, an implicit transaction, and PostgreSQL refuses CONCURRENTLY there (\"cannot run inside a transaction block\").", HINTS.concurrently);
        }
        if (!concurrently && table && !isNew(table)) {
          report(statement, "create-index-non-concurrently", `CREATE ${unique ? "UNIQUE " : ""}INDEX on existing table ${displayName(table)} without CONCURRENTLY: writes to the table are blocked until the index is built${unique ? ", and it fails if duplicates exist" : ""}.`, HINTS.index);
        }
        continue;
      }
      continue;
    }

    if (r.accept("drop")) {
      if (r.accept("table")) {
        r.accept("if", "exists");
        for (const part of splitTopLevel(r.rest())) {
          const name = new TokenReader(part).qualifiedName();
          if (!name || isNew(name)) continue;
          const cascade = findTopLevel(statement.tokens, "cascade") >= 0;
          report(statement, "drop-table", `DROP TABLE ${displayName(name)} deletes the table and every row in it${cascade ? ", and (CASCADE) the foreign keys and views that depend on it" : ""}.`, HINTS.dropTable, [{ kind: "table-rows", table: name, ...(cascade ? { cascade: "drop" as const } : {}) }]);
        }
        continue;
      }
      if (r.accept("schema")) {
        r.accept("if", "exists");
        for (const part of splitTopLevel(r.rest())) {
          const name = new TokenReader(part).identifier();
          if (name === undefined) continue;
          report(statement, "drop-schema", `DROP SCHEMA "${name}" removes every table, type and function in it${findTopLevel(statement.tokens, "cascade") >= 0 ? " (CASCADE)" : ""}.`, HINTS.dropSchema, [{ kind: "schema-rows", schema: name }]);
        }
        continue;
      }
      if (r.accept("type") && !inDance) {
        r.accept("if", "exists");
        const names = splitTopLevel(r.rest()).map((p) => new TokenReader(p).qualifiedName()).filter((n) => n !== undefined);
        report(statement, "drop-type", `DROP TYPE ${names.map(displayName).join(", ")}${findTopLevel(statement.tokens, "cascade") >= 0 ? " CASCADE also drops every column of that type, with its data" : ": fails while a column still uses it"}.`, HINTS.dropType);
        continue;
      }
      if (r.accept("index")) {
        const concurrently = r.accept("concurrently");
        if (concurrently && multiStatement) {
          report(statement, "concurrently-in-transaction", "DROP INDEX CONCURRENTLY in a file with other statements: PostgreSQL refuses CONCURRENTLY inside the transaction the script runs in.", HINTS.concurrently);
        }
        r.accept("if", "exists");
        const names = splitTopLevel(r.rest()).map((p) => new TokenReader(p).qualifiedName()).filter((n) => n !== undefined);
        // An index this file created sits on a table nobody uses yet; any other is live.
        const existing = names.filter((n) => !newIndexes.has(tableKey(n)));
        if (!concurrently && existing.length > 0) {
          report(statement, "drop-index-non-concurrently", `DROP INDEX ${existing.map(displayName).join(", ")} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: every read and write of it waits until the drop is done (and queues behind any long transaction).`, HINTS.dropIndex);
        }
      }
      continue;
    }

    if (r.accept("truncate")) {
      r.accept("table");
      for (const part of splitTopLevel(r.rest())) {
        const p = new TokenReader(part);
        p.accept("only");
        const name = p.qualifiedName();
        if (!name || ["restart", "continue", "cascade", "restrict"].includes(name.name)) continue;
        if (isNew(name)) continue;
        report(statement, "truncate", `TRUNCATE ${displayName(name)} deletes every row of the table${findTopLevel(statement.tokens, "cascade") >= 0 ? " and of every table referencing it (CASCADE)" : ""}.`, HINTS.truncate, [{ kind: "table-rows", table: name, ...(findTopLevel(statement.tokens, "cascade") >= 0 ? { cascade: "truncate" as const } : {}) }]);
      }
      continue;
    }

    if (r.accept("delete", "from")) {
      r.accept("only");
      const name = r.qualifiedName();
      if (name && !isNew(name) && findTopLevel(statement.tokens, "where") < 0) {
        report(statement, "delete-without-where", `DELETE FROM ${displayName(name)} without WHERE deletes every row of the table (and, through ON DELETE CASCADE, the rows referencing them).`, HINTS.truncate, [{ kind: "table-rows", table: name, cascade: "delete" }]);
      }
      continue;
    }

    if (r.accept("alter", "type")) {
      const name = r.qualifiedName();
      if (!name) continue;
      if (r.accept("add", "value")) {
        r.accept("if", "not", "exists");
        const value = r.peek();
        const label = value?.kind === "string" ? value.value : "?";
        if (multiStatement) {
          report(statement, "add-enum-value-in-transaction", `ALTER TYPE ${displayName(name)} ADD VALUE '${label}' in a file with other statements: the migration runs as one script, i.e. one transaction. PostgreSQL before 12 refuses ADD VALUE inside a transaction block; 12 and later accept it, but the new value cannot be used until that transaction commits.`, HINTS.enumAddValue);
        }
        const laterUse = statements.slice(statement.index + 1).find((s) => s.tokens.some((t) => t.kind === "string" && t.value === label));
        if (value?.kind === "string" && laterUse) {
          report(statement, "add-enum-value-used-in-same-file", `The value '${label}' added to ${displayName(name)} is used later in this file (line ${laterUse.line}); PostgreSQL fails with "unsafe use of new value" because the value is not committed yet.`, HINTS.enumAddValue);
        }
        continue;
      }
      if (r.accept("rename", "value")) {
        const from = r.peek()?.value ?? "?";
        report(statement, "rename-enum-value", `ALTER TYPE ${displayName(name)} RENAME VALUE '${from}': every stored '${from}' changes at once, and running code that writes or compares '${from}' breaks.`, HINTS.rename);
        continue;
      }
      if (r.accept("rename", "to") && !inDance) {
        report(statement, "rename-type", `ALTER TYPE ${displayName(name)} RENAME TO ${r.identifier() ?? "?"}: code and SQL that still name the old type break.`, HINTS.rename);
      }
      continue;
    }

    if (r.accept("alter", "table")) {
      r.accept("if", "exists");
      r.accept("only");
      const table = r.qualifiedName();
      if (!table) continue;
      if (isPunct(r.peek(), "*")) r.pos++;
      if (r.accept("rename")) {
        if (r.accept("to")) {
          const to = r.identifier();
          if (isNew(table)) {
            if (to !== undefined) newTables.add(tableKey({ ...table, name: to }));
          } else report(statement, "rename-table", `ALTER TABLE ${displayName(table)} RENAME TO "${to ?? "?"}": code still using the old name fails until it is deployed.`, HINTS.rename);
          continue;
        }
        if (r.accept("constraint")) continue;
        r.accept("column");
        const from = r.identifier();
        r.accept("to");
        const to = r.identifier();
        if (!isNew(table)) report(statement, "rename-column", `ALTER TABLE ${displayName(table)} RENAME COLUMN "${from ?? "?"}" TO "${to ?? "?"}": code still using the old column name fails until it is deployed.`, HINTS.rename);
        continue;
      }
      if (isNew(table)) continue;
      for (const action of splitTopLevel(r.rest())) {
        analyzeAlterTableAction(statement, table, action, inDance, report);
      }
      continue;
    }
  }

  for (const dance of dances.values()) {
    const statement = statements[dance.createIndex]!;
    const before = knownEnums.get(dance.enumName);
    const noted = removedValuesNoted.get(dance.enumName) ?? before?.filter((v) => !dance.kept.includes(v));
    const removed = noted ? `removes the value(s) ${noted.map((v) => `'${v}'`).join(", ")}` : "removes every value not in the new list";
    report(
      statement,
      "drop-enum-value",
      `The enum "${dance.enumName}" is recreated with only ${dance.kept.map((v) => `'${v}'`).join(", ")}: this ${removed}. The cast of ${dance.columns.map((c) => `${displayName(c.table)}."${c.column}"`).join(", ") || "its columns"} fails on rows still holding a removed value, and rewrites those tables.`,
      HINTS.dropEnumValue,
      dance.columns.map((c) => ({ kind: "enum-values-outside", table: c.table, column: c.column, enumName: dance.enumName, kept: dance.kept })),
    );
  }
  findings.sort((a, b) => a.statementIndex - b.statementIndex || a.line - b.line);
  return findings;

  function analyzeAlterTableAction(statement: SqlStatement, table: QualifiedName, action: Token[], inDance: boolean, reportAny: typeof report): void {
    // A multi-action ALTER TABLE is reported at the line of the offending action, not of ALTER.
    const reportFinding: typeof report = (st, ruleId, message, hint, impact) => reportAny(st, ruleId, message, hint, impact, action[0]?.line);
    const a = new TokenReader(action);
    const text = sourceOf(sql, action);
    if (a.accept("drop")) {
      if (a.acceptOneOf("constraint")) return;
      a.accept("column");
      a.accept("if", "exists");
      const column = a.identifier();
      if (column === undefined) return;
      reportFinding(statement, "drop-column", `DROP COLUMN "${column}" on ${displayName(table)} deletes the column's data in every row.`, HINTS.dropColumn, [{ kind: "non-null-values", table, column }]);
      return;
    }
    if (a.accept("add")) {
      if (a.accept("constraint")) a.identifier();
      const kind = a.peek();
      if (isWord(kind, "foreign") || isWord(kind, "check")) {
        if (findTopLevel(action, "not", "valid") >= 0) return;
        const fk = isWord(kind, "foreign");
        reportFinding(statement, fk ? "add-foreign-key-without-not-valid" : "add-check-without-not-valid", `${fk ? "FOREIGN KEY" : "CHECK"} constraint added to existing table ${displayName(table)} without NOT VALID: every row is validated while the table${fk ? " and the referenced table are" : " is"} locked against writes.`, HINTS.foreignKey);
        return;
      }
      if (isWord(kind, "primary") || isWord(kind, "unique") || isWord(kind, "exclude")) {
        // Without USING INDEX, PostgreSQL builds the index right here, blocking writes meanwhile.
        if (findTopLevel(action, "using", "index") >= 0) return;
        reportFinding(statement, "create-index-non-concurrently", `${sourceOf(sql, action)} on existing table ${displayName(table)} builds its index without CONCURRENTLY: writes are blocked until it is built${isWord(kind, "exclude") ? "" : ", and it fails if duplicates exist"}.`, "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (alone in its own migration file), then ADD CONSTRAINT ... UNIQUE USING INDEX <index> (or PRIMARY KEY USING INDEX).");
        return;
      }
      a.accept("column");
      a.accept("if", "not", "exists");
      const column = a.identifier();
      if (column === undefined) return;
      analyzeAddColumn(statement, table, column, a.rest(), text, reportFinding);
      return;
    }
    if (a.accept("alter")) {
      a.accept("column");
      const column = a.identifier();
      if (column === undefined) return;
      if (a.accept("type") || a.accept("set", "data", "type")) {
        if (inDance) return; // reported once as drop-enum-value
        const rest = a.rest();
        const typeEnd = [findTopLevel(rest, "collate"), findTopLevel(rest, "using")].filter((i) => i >= 0);
        const typeTokens = rest.slice(0, typeEnd.length ? Math.min(...typeEnd) : rest.length);
        const impact: ImpactTarget[] = [{ kind: "non-null-values", table, column }];
        // With USING the conversion is an arbitrary expression: only the plain cast can be checked.
        if (findTopLevel(rest, "using") < 0 && typeTokens.length > 0) impact.push({ kind: "invalid-for-type", table, column, type: sourceOf(sql, typeTokens) });
        reportFinding(statement, "column-type-change", `The type of ${displayName(table)}."${column}" changes (${text}): the cast can fail or lose data (precision, length, time zone), and running code may read the old type.`, HINTS.typeChange, impact);
        reportFinding(statement, "table-rewrite", `Changing the type of "${column}" rewrites ${displayName(table)} and its indexes under an ACCESS EXCLUSIVE lock (unless the types are binary-compatible, e.g. varchar(n) to text).`, HINTS.rewrite);
        return;
      }
      if (a.accept("set", "not", "null")) {
        reportFinding(statement, "set-not-null", `SET NOT NULL on ${displayName(table)}."${column}": fails if any row is NULL, and scans the whole table under an ACCESS EXCLUSIVE lock.`, HINTS.setNotNull, [{ kind: "null-values", table, column }]);
      }
      return;
    }
    if (a.accept("set", "logged") || a.accept("set", "unlogged")) {
      reportFinding(statement, "table-rewrite", `${text} rewrites ${displayName(table)} under an ACCESS EXCLUSIVE lock.`, HINTS.rewrite);
    }
  }

  function analyzeAddColumn(statement: SqlStatement, table: QualifiedName, column: string, definition: Token[], text: string, reportFinding: typeof report): void {
    const typeWord = definition[0]?.kind === "word" ? definition[0].value : "";
    const serial = SERIAL_TYPES.has(typeWord);
    const identity = findTopLevel(definition, "generated") >= 0 && findTopLevel(definition, "identity") >= 0;
    const storedGenerated = findTopLevel(definition, "generated") >= 0 && findTopLevel(definition, "stored") >= 0;
    const defaultAt = findTopLevel(definition, "default");
    const notNull = findTopLevel(definition, "not", "null") >= 0 || findTopLevel(definition, "primary", "key") >= 0;
    const volatileCall = defaultAt >= 0 ? volatileFunctionIn(defaultExpression(definition, defaultAt)) : undefined;

    if (notNull && defaultAt < 0 && !serial && !identity && !storedGenerated) {
      reportFinding(statement, "add-required-column-without-default", `Required column "${column}" added to existing table ${displayName(table)} without a DEFAULT: PostgreSQL fails on every table that has rows ("column contains null values").`, HINTS.addRequired, [{ kind: "table-rows", table }]);
    }
    const rewriteCause = volatileCall ? `its DEFAULT calls the volatile ${volatileCall}()` : serial ? `${typeWord} takes its default from nextval(), which is volatile` : identity ? "an identity column is filled for every existing row" : storedGenerated ? "a stored generated column is computed for every existing row" : undefined;
    if (rewriteCause) {
      reportFinding(statement, "table-rewrite", `Adding "${column}" rewrites ${displayName(table)} under an ACCESS EXCLUSIVE lock: ${rewriteCause}. (${text})`, HINTS.rewrite);
    }
    if (volatileCall) {
      reportFinding(statement, "volatile-default", `DEFAULT ${volatileCall}() on a column added to existing table ${displayName(table)}: every existing row gets its own value computed now, during the migration${volatileCall === "clock_timestamp" || volatileCall === "timeofday" ? " (the migration's time, not the row's real time)" : ""}.`, HINTS.volatile);
    }
  }
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
    if ((t.kind === "word" || t.kind === "ident") && VOLATILE_FUNCTIONS.has(t.value.toLowerCase()) && isPunct(tokens[i + 1], "(")) return t.value.toLowerCase();
  }
  return undefined;
}

/**
 * Prisma removes enum values by recreating the type: CREATE TYPE "E_new" AS ENUM (...kept...),
 * ALTER COLUMN ... TYPE "E_new" USING (...), ALTER TYPE "E" RENAME TO "E_old",
 * ALTER TYPE "E_new" RENAME TO "E", DROP TYPE "E_old". The dance is reported once, as
 * drop-enum-value, instead of as type changes, renames and a dropped type.
 */
function findEnumDances(statements: SqlStatement[]): Map<string, EnumDance & { statementIndexes: number[] }> {
  const dances = new Map<string, EnumDance & { statementIndexes: number[] }>();
  for (const statement of statements) {
    const r = new TokenReader(statement.tokens);
    if (!r.accept("create", "type")) continue;
    const name = r.qualifiedName();
    if (!name || !name.name.endsWith("_new") || !r.accept("as", "enum")) continue;
    const enumName = name.name.slice(0, -"_new".length);
    const kept = r.rest().filter((t) => t.kind === "string").map((t) => t.value);
    dances.set(enumName, { enumName, kept, createIndex: statement.index, columns: [], statementIndexes: [] });
  }
  if (dances.size === 0) return dances;
  for (const statement of statements) {
    const r = new TokenReader(statement.tokens);
    if (r.accept("alter", "type")) {
      const name = r.qualifiedName();
      if (!name || !r.accept("rename", "to")) continue;
      const to = r.identifier() ?? "";
      for (const dance of dances.values()) {
        if ((name.name === dance.enumName && to === `${dance.enumName}_old`) || (name.name === `${dance.enumName}_new` && to === dance.enumName)) dance.statementIndexes.push(statement.index);
      }
    } else if (r.accept("drop", "type")) {
      r.accept("if", "exists");
      const name = r.qualifiedName();
      for (const dance of dances.values()) if (name?.name === `${dance.enumName}_old`) dance.statementIndexes.push(statement.index);
    } else if (r.accept("alter", "table")) {
      r.accept("if", "exists");
      r.accept("only");
      const table = r.qualifiedName();
      if (!table) continue;
      for (const action of splitTopLevel(r.rest())) {
        const a = new TokenReader(action);
        if (!a.accept("alter")) continue;
        a.accept("column");
        const column = a.identifier();
        if (column === undefined || !(a.accept("type") || a.accept("set", "data", "type"))) continue;
        const type = a.qualifiedName();
        const dance = type && type.name.endsWith("_new") ? dances.get(type.name.slice(0, -"_new".length)) : undefined;
        if (!dance) continue;
        dance.columns.push({ table, column });
        dance.statementIndexes.push(statement.index);
      }
    }
  }
  return dances;
}

/** Prisma's warning block names the removed values: "The values [A,B] on the enum `E` will be removed". */
function prismaRemovedEnumValues(comments: Token[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pattern = /The values? \[([^\]]*)\] on the enum `([^`]+)` (?:will|would) be removed/g;
  for (const c of comments) {
    for (const m of c.value.matchAll(pattern)) {
      out.set(m[2]!, m[1]!.split(",").map((v) => v.trim()).filter(Boolean));
    }
  }
  return out;
}
