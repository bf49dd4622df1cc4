/**
 * `npm run db:migrate:lint`: argument parsing, reading the migration files, optional row counts
 * on a live database, and the report (text or JSON). Exit codes: 0 clean / only warnings /
 * everything acknowledged, 1 unacknowledged errors, 2 could not run.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeTarget } from "../../db/urls.ts";
import { DEFAULT_MIGRATIONS_DIR, readMigrationsDir } from "../migrations-dir.ts";
import { enumsAfterAll, type EnumLabels } from "./enum-history.ts";
import { formatFindings, lintMigrationSql, lintSummary, type LintSummary } from "./index.ts";
import { RULES } from "./rules.ts";
import { countRowImpact } from "./row-impact.ts";
import type { LintFinding } from "./types.ts";

const RULE_LINES = RULES.map((r) => `  ${r.id.padEnd(36)} ${r.severity.padEnd(7)} ${r.summary}`).join("\n");

const LINT_HELP = `Usage: npm run db:migrate:lint -- [files or migration folders...] [options]

Reviews PostgreSQL migration SQL (Prisma's prisma/migrations/<timestamp>_<name>/migration.sql) for
statements that lose data, fail on a non-empty table, lock a table for long, or break code that is
still running. Without files it lints every migration in prisma/migrations, in order. Statements
on tables created earlier in the same file are not flagged (the table is new and empty).

Options:
  --json              print the findings and the summary as JSON (nothing else on stdout)
  --max-warnings N    also fail (exit 1) when more than N unacknowledged warnings remain
                      (--max-warnings 0 in CI: every warning fixed or acknowledged). Default: no limit
  --database [url]    count the rows each destructive statement would lose or that would make it
                      fail, on the database at url (default: DATABASE_URL). Read-only queries in a
                      READ ONLY transaction that is rolled back; the migration is never run.
  -h, --help          this help

Acknowledging a finding (write it in the migration file, with a reason; the reason is required):
  -- orm-switch-lint: allow <rule-id>[,<rule-id>...] <reason>
        on its own comment line between the previous statement and the statement it accepts
  -- orm-switch-lint: allow-file <rule-id>[,<rule-id>...] <reason>
        anywhere between statements: accepts that rule for every statement in the file
Acknowledged findings are still shown, marked "acknowledged", and do not fail the run. A marker
with no reason, an unknown rule id or an unknown directive is itself an error; a marker that
acknowledges nothing is a warning. Add markers before the migration is applied: Prisma checksums
applied migration files, so a later edit shows as "edited after apply". Details: docs/migrate-lint.md.

Rules:
${RULE_LINES}

Exit codes: 0 clean, only warnings (up to --max-warnings), or every error acknowledged;
1 unacknowledged errors, or more warnings than --max-warnings;
2 could not run (bad arguments, unreadable file, database unreachable).`;

/** Parsed command line. */
export interface LintCliOptions {
  files: string[];
  json: boolean;
  help: boolean;
  /** undefined: no --database; "" : --database without a URL (use DATABASE_URL). */
  database?: string;
  /** Fail when unacknowledged warnings exceed this; undefined: warnings never fail. */
  maxWarnings?: number;
}

/** Raised for bad input; the CLI prints the message and exits 2. */
class LintUsageError extends Error {
  override name = "LintUsageError";
}

const URL_PATTERN = /^postgres(ql)?:\/\//i;

/**
 * Parses arguments. `--database` takes an optional value: the next argument is its URL only when
 * it looks like one (postgres:// or postgresql://), so `--database prisma/migrations/x` still
 * reads x as a file.
 */
export function parseLintArgs(argv: string[]): LintCliOptions {
  const args: string[] = [];
  let database: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--database") {
      const next = argv[i + 1];
      if (next !== undefined && URL_PATTERN.test(next)) {
        database = next;
        i++;
      } else database = "";
      continue;
    }
    if (arg.startsWith("--database=")) {
      database = arg.slice("--database=".length);
      if (!URL_PATTERN.test(database)) throw new LintUsageError(`--database=${database}: expected a postgresql:// URL`);
      continue;
    }
    args.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        "max-warnings": { type: "string" },
      },
    });
  } catch (error) {
    throw new LintUsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const maxWarnings = parseMaxWarnings(parsed.values["max-warnings"]);
  return {
    files: parsed.positionals,
    json: parsed.values.json,
    help: parsed.values.help,
    ...(database === undefined ? {} : { database }),
    ...(maxWarnings === undefined ? {} : { maxWarnings }),
  };
}

function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new LintUsageError(`--max-warnings must be a whole number of warnings (0 or more), got "${value}"`);
  return Number(value);
}

/** A migration script to lint, with the label findings carry and the enum labels before it. */
interface ScriptToLint {
  label: string;
  sql: string;
  knownEnums: EnumLabels;
}

/**
 * Reads the named files (a folder means its migration.sql), or every migration in
 * prisma/migrations. Each script gets the enum labels the migrations before it leave: for a file
 * inside prisma/migrations, the folders that sort before its own; for any other file, all of them.
 */
async function readScripts(files: string[], cwd: string): Promise<ScriptToLint[]> {
  const label = (path: string): string => relative(cwd, path) || path;
  if (files.length === 0) {
    let migrations;
    try {
      migrations = await readMigrationsDir(DEFAULT_MIGRATIONS_DIR);
    } catch (error) {
      throw new LintUsageError(
        `cannot read ${label(DEFAULT_MIGRATIONS_DIR)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return migrations.map((m, i) => ({
      label: label(m.path),
      sql: m.sql,
      knownEnums: enumsAfterAll(migrations.slice(0, i).map((p) => p.sql)),
    }));
  }
  // The history only improves messages: a project without prisma/migrations still gets linted.
  const history = await readMigrationsDir(DEFAULT_MIGRATIONS_DIR).catch(() => []);
  const out: ScriptToLint[] = [];
  for (const file of files) {
    let path = resolve(cwd, file);
    let sql: string;
    try {
      if ((await stat(path)).isDirectory()) path = join(path, "migration.sql");
      sql = await readFile(path, "utf8");
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such file"
          : error instanceof Error
            ? error.message
            : String(error);
      throw new LintUsageError(`cannot read ${file}: ${reason}`);
    }
    const inHistory = dirname(dirname(path)) === DEFAULT_MIGRATIONS_DIR;
    const folder = basename(dirname(path));
    const earlier = history.filter((m) => m.path !== path && (!inHistory || m.name < folder));
    out.push({ label: label(path), sql, knownEnums: enumsAfterAll(earlier.map((m) => m.sql)) });
  }
  return out;
}

/** What a lint run produced (what `--json` prints). */
export interface LintRunResult {
  files: string[];
  findings: LintFinding[];
  summary: LintSummary;
  /** Where rows were counted (no password), when --database was given. */
  database?: { host: string; port: string; database: string; user: string };
}

/** Lints the scripts and, with a URL, counts the affected rows. */
async function runLint(options: LintCliOptions, cwd = process.cwd()): Promise<LintRunResult> {
  const scripts = await readScripts(options.files, cwd);
  let findings = scripts.flatMap((s) => lintMigrationSql(s.sql, { file: s.label, knownEnums: s.knownEnums }));
  let database: LintRunResult["database"];
  if (options.database !== undefined) {
    const url = options.database || process.env.DATABASE_URL;
    if (!url)
      throw new LintUsageError(
        "--database needs a database: pass --database postgresql://user@host:port/db or set DATABASE_URL",
      );
    try {
      database = describeTarget(url);
    } catch {
      throw new LintUsageError("--database: the URL is not a valid postgresql:// URL");
    }
    findings = await countRowImpact(findings, url);
  }
  return {
    files: scripts.map((s) => s.label),
    findings,
    summary: lintSummary(findings, options.maxWarnings),
    ...(database ? { database } : {}),
  };
}

/** The whole command: returns the exit code; writes the report to stdout and problems to stderr. */
export async function runLintCli(argv: string[]): Promise<number> {
  let options: LintCliOptions;
  try {
    options = parseLintArgs(argv);
  } catch (error) {
    console.error(`db:migrate:lint: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (options.help) {
    console.log(LINT_HELP);
    return 0;
  }
  let result: LintRunResult;
  try {
    if (options.database !== undefined && !options.json) {
      const url = options.database || process.env.DATABASE_URL;
      if (url && URL_PATTERN.test(url)) {
        const t = describeTarget(url);
        console.error(
          `db:migrate:lint: counting affected rows on ${t.user}@${t.host}:${t.port}/${t.database} (read-only)`,
        );
      }
    }
    result = await runLint(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`db:migrate:lint: could not run: ${message}`);
    return 2;
  }
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    if (result.findings.length > 0) console.log(`${formatFindings(result.findings)}\n`);
    const s = result.summary;
    const tooMany = s.maxWarnings !== undefined && s.warnings > s.maxWarnings;
    const why =
      s.errors > 0
        ? " — FAILED (acknowledge with a marker and a reason, or fix the migration)"
        : tooMany
          ? ` — FAILED: more than --max-warnings ${s.maxWarnings} warning(s) (fix them or acknowledge them with a marker)`
          : " — ok";
    console.log(
      `db:migrate:lint: ${result.files.length} file(s): ${s.errors} error(s), ${s.warnings} warning(s), ${s.acknowledged} acknowledged${why}`,
    );
  }
  return result.summary.failed ? 1 : 0;
}
