/**
 * What every migrate command shares: argument parsing with a readable error, choosing the target
 * database, and the engine's error text without its Rust backtrace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded.ts";
import { pooledReason, selectTargetUrl } from "../../db/target-url.ts";
import { createDatabase, uniqueTestDatabaseName } from "../../db/test-database.ts";
import { engineErrorText as engineErrorTextOf } from "../engine/session.ts";
import { guardTarget } from "../guard.ts";
import { loadMigrationProject, type MigrationProject } from "../project.ts";
import { refusalLine, TargetRefusedError, type TargetInfo } from "../target.ts";

/** Where a command writes its lines: stderr by default, a buffer in tests. */
export type Out = (line: string) => void;
export const stderrOut: Out = (line) => process.stderr.write(`${line}\n`);

/** Thrown for bad usage; the command prints it with its help and exits 2. */
export class UsageError extends Error {}

/** node:util parseArgs, with its errors turned into {@link UsageError}s. */
export function parseCommandArgs<const T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export interface MigrateTarget {
  url: string;
  /** Where the URL came from: `DIRECT_DATABASE_URL`, `DATABASE_URL` or the embedded stand-in. */
  variable: string;
  /** Set when no URL was given and a throwaway embedded server stands in. */
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

/**
 * The database a migrate command works on: `DIRECT_DATABASE_URL`, else `DATABASE_URL`. Migrations
 * need a direct connection (session advisory locks, `SET` and DDL do not survive PgBouncer's
 * transaction pooling), so a pooled URL is refused with a hint. With neither set, a throwaway
 * embedded PostgreSQL stands in, and the command says its changes vanish at exit.
 */
export async function resolveMigrateTarget(env: NodeJS.ProcessEnv, out: Out): Promise<MigrateTarget> {
  const selected = selectTargetUrl(env);
  if (selected) {
    const pooled = pooledReason(selected.url, env);
    if (pooled) {
      throw new UsageError(
        `${selected.variable} goes through a connection pooler (${pooled}); migrations need a direct connection: set DIRECT_DATABASE_URL to the unpooled URL`,
      );
    }
    return { ...selected, close: async () => {} };
  }
  out(
    "DATABASE_URL is not set: using a throwaway embedded PostgreSQL. Everything this command does to it is deleted when it exits.",
  );
  const embedded = await startEmbeddedPostgres();
  const dbUrl = await createDatabase(embedded.url, uniqueTestDatabaseName("orm_switch_dev_tmp"));
  return { url: dbUrl, variable: "throwaway embedded PostgreSQL", embedded, close: () => embedded.stop() };
}

/** The options of a command that writes a migration project's history to a database. */
export interface ProjectCommandValues {
  schema?: string;
  migrations?: string;
  yes?: boolean;
}

/**
 * The start every command that changes a database's migration history shares: reads the project
 * (`--schema`, `--migrations`; a missing migrations folder is an error when `requireMigrationsDir`),
 * chooses the target ({@link resolveMigrateTarget}), passes it through the production guard (banner,
 * `--yes`), then runs `work` on the judged target, whose `url` every connection must use. The target
 * is closed afterwards, whatever happens (an embedded stand-in is stopped).
 */
export async function onGuardedTarget<T>(
  command: string,
  values: ProjectCommandValues,
  context: { env: NodeJS.ProcessEnv; out: Out; requireMigrationsDir: boolean },
  work: (target: TargetInfo, project: MigrationProject) => Promise<T>,
): Promise<T> {
  const { env, out } = context;
  const project = await loadMigrationProject({
    schemaPath: values.schema,
    migrationsDir: values.migrations,
    requireMigrationsDir: context.requireMigrationsDir,
  });
  const selected = await resolveMigrateTarget(env, out);
  try {
    const info = await guardTarget({ command, selected, yes: Boolean(values.yes), env, out });
    return await work(info, project);
  } finally {
    await selected.close();
  }
}

/**
 * Runs a command body with the shared conventions: `--help` prints `help` and exits 0; a
 * {@link UsageError} prints the message with the help and exits 2; a refused target prints
 * `<command>: refused: <why>`, and any other error `<command>: <message>`; both exit `failureCode`
 * (default 1; commands whose exit 1 means something else, such as status's "pending", pass theirs).
 */
export async function runCommand(
  command: string,
  help: string,
  out: Out,
  body: () => Promise<number>,
  failureCode = 1,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      out(`${command}: ${error.message}\n\n${help}`);
      return 2;
    }
    if (error instanceof TargetRefusedError) {
      out(refusalLine(command, error));
      return failureCode;
    }
    out(`${command}: ${engineErrorTextOf(error)}`);
    return failureCode;
  }
}

/** Quotes a path for a shell line printed as a hint (only when it needs it). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * ` --migrations dir --schema path` for the options the user gave (empty when defaults were used):
 * recovery hints repeat them, so a hint followed as printed acts on the same project.
 */
export function projectArgs(values: { migrations?: string; schema?: string }): string {
  return `${values.migrations ? ` --migrations ${shellWord(values.migrations)}` : ""}${values.schema ? ` --schema ${shellWord(values.schema)}` : ""}`;
}
