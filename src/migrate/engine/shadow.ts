/**
 * Shadow databases: where the schema engine replays the migration history to learn what schema it
 * produces. Prisma's `migrate dev` creates one on the target's server, which most hosted databases
 * do not allow and which puts a scratch database next to production. Here the default is a
 * throwaway embedded PostgreSQL on this machine; `SHADOW_DATABASE_URL` names a server of the
 * user's instead. The target database is never used as a shadow.
 */
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../db/test-database.ts";
import { describeTarget } from "../../db/urls.ts";
import type { ShadowDatabaseProvider } from "./pg-migration-adapter.ts";

/** A shadow provider that also owns resources (a server) to release at the end. */
export interface ClosableShadowProvider extends ShadowDatabaseProvider {
  /** What the shadow is, for the command's banner. */
  readonly description: string;
  close(): Promise<void>;
}

/** Fresh databases on the server at `serverUrl` (created per use, dropped after). */
export function serverShadow(
  serverUrl: string,
  description = "fresh databases on the given server",
): ClosableShadowProvider {
  return {
    description,
    async acquire() {
      const name = uniqueTestDatabaseName("orm_switch_shadow_tmp");
      const url = await createDatabase(serverUrl, name);
      return { url, release: () => dropTestDatabase(serverUrl, name) };
    },
    async close() {},
  };
}

/**
 * Fresh databases on a throwaway embedded server, started on first use (about 1.5 s) and deleted
 * by `close()`.
 */
function embeddedShadow(): ClosableShadowProvider {
  let server: Promise<EmbeddedServer> | undefined;
  return {
    description: "throwaway embedded PostgreSQL on this machine",
    async acquire() {
      server ??= startEmbeddedPostgres();
      return serverShadow((await server).url).acquire();
    },
    async close() {
      if (server) await (await server).stop();
    },
  };
}

function sameDatabase(a: string, b: string): boolean {
  const x = describeTarget(a);
  const y = describeTarget(b);
  const local = (h: string) => (h === "localhost" || h === "::1" || h === "[::1]" ? "127.0.0.1" : h);
  return local(x.host) === local(y.host) && x.port === y.port && x.database === y.database;
}

/**
 * The database at `shadowUrl`, emptied before each use the way Prisma resets a shadow database
 * (its `public` schema is dropped and re-created). Refuses to be the target itself.
 */
function urlShadow(shadowUrl: string, targetUrl: string | undefined): ClosableShadowProvider {
  if (targetUrl && sameDatabase(shadowUrl, targetUrl)) {
    throw new Error(
      "SHADOW_DATABASE_URL points at the target database; a shadow database is emptied before use, so it must be a different, disposable database",
    );
  }
  const { host, port, database } = describeTarget(shadowUrl);
  return {
    description: `SHADOW_DATABASE_URL (${host}:${port}/${database}, emptied before use)`,
    async acquire() {
      const client = new pg.Client({ connectionString: shadowUrl });
      await client.connect();
      try {
        await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
      } finally {
        await client.end();
      }
      return { url: shadowUrl, release: async () => {} };
    },
    async close() {},
  };
}

/** `SHADOW_DATABASE_URL` when set, else the embedded default. */
export function shadowFromEnv(env: NodeJS.ProcessEnv, targetUrl?: string): ClosableShadowProvider {
  return env.SHADOW_DATABASE_URL ? urlShadow(env.SHADOW_DATABASE_URL, targetUrl) : embeddedShadow();
}
