/**
 * The hand-written SQL implementation: the baseline every ORM is measured against. Each aggregate's
 * module holds its statements as constants; this module binds them to an executor (a pool, or one
 * connection inside a unit of work) and applies the shared boundary validation.
 */
import type { ConnectionOptions } from "../db/connection.ts";
import { openPgPool } from "../db/pool.ts";
import type { Repositories, RepositorySet } from "../repositories/index.ts";
import { runUnitOfWork } from "../repositories/unit-of-work.ts";
import { withValidation } from "../repositories/with-validation.ts";
import { sqlAudit } from "./audit.ts";
import { sqlDownloads } from "./downloads.ts";
import { toDataError } from "./errors.ts";
import { pgPoolExecutor, type SqlExecutor } from "./executor.ts";
import { sqlOrganizations } from "./organizations.ts";
import { sqlProjects } from "./projects.ts";
import { sqlSessions } from "./sessions.ts";
import { sqlTasks } from "./tasks.ts";
import { sqlUsers } from "./users.ts";

/** Every repository bound to `db`, without boundary validation. */
function createSqlRepositorySet(db: SqlExecutor): RepositorySet {
  return {
    users: sqlUsers(db),
    sessions: sqlSessions(db),
    organizations: sqlOrganizations(db),
    projects: sqlProjects(db),
    tasks: sqlTasks(db),
    downloads: sqlDownloads(db),
    audit: sqlAudit(db),
  };
}

/**
 * The SQL implementation on any {@link SqlExecutor} (a pg or Neon pool, or later postgres.js), with
 * boundary validation. `close` releases whatever the executor holds; by default nothing.
 */
export function createSqlRepositoriesOnExecutor(
  executor: SqlExecutor,
  close: () => Promise<void> = async () => {},
): Repositories {
  return withValidation({
    implementation: "sql",
    ...createSqlRepositorySet(executor),
    transaction: (work) =>
      runUnitOfWork(
        (body) => executor.transaction(body),
        (tx: SqlExecutor) => work(createSqlRepositorySet(tx)),
        toDataError,
      ),
    close,
  });
}

/**
 * The SQL implementation over node-postgres: on `options.pool` (left open by `close()`), or on a
 * pool of its own for `options.url` (ended by `close()`).
 */
export function createSqlRepositories(options: ConnectionOptions): Repositories {
  if (options.pool) return createSqlRepositoriesOnExecutor(pgPoolExecutor(options.pool));
  if (!options.url) throw new Error("createSqlRepositories needs a connection url or a pool");
  const { pool, close } = openPgPool(options.url);
  return createSqlRepositoriesOnExecutor(pgPoolExecutor(pool), close);
}
