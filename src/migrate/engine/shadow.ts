/**
 * Shadow databases: where the schema engine replays the migration history to learn what schema it
 * produces. Prisma's `migrate dev` creates one on the target's server, which most hosted databases
 * do not allow and which puts a scratch database next to production. Here the default is a
 * throwaway embedded PostgreSQL on this machine; `SHADOW_DATABASE_URL` names a server of the
 * user's instead, judged like every target (shadow-guard.ts): never production-like, never the
 * target database itself.
 */
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedServer } from "../../db/embedded.ts";
import { createDatabase, dropTestDatabase, uniqueTestDatabaseName } from "../../db/test-database.ts";
import type { TargetInfo } from "../target.ts";
import { describeShadow, guardShadowUrl } from "./shadow-guard.ts";
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

/**
 * The database `SHADOW_DATABASE_URL` names, after {@link guardShadowUrl} judged it (not production-like,
 * not the target), emptied before each use the way Prisma resets a shadow database (its `public`
 * schema is dropped and re-created).
 */
function urlShadow(shadow: TargetInfo): ClosableShadowProvider {
  return {
    description: describeShadow(shadow),
    async acquire() {
      const client = new pg.Client({ connectionString: shadow.url });
      client.on("error", () => {});
      await client.connect();
      try {
        await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
      } finally {
        await client.end();
      }
      return { url: shadow.url, release: async () => {} };
    },
    async close() {},
  };
}

/**
 * `SHADOW_DATABASE_URL` when set (guarded: see shadow-guard.ts; `targetUrl` is the database the
 * command works on, when it has one), else the embedded default. Prints which shadow is used as
 * `<command>: shadow: ...`; throws `TargetRefusedError` for a shadow it must not empty.
 */
export async function shadowFromEnv(
  env: NodeJS.ProcessEnv,
  options: { command: string; targetUrl?: string; out: (line: string) => void },
): Promise<ClosableShadowProvider> {
  const provider = env.SHADOW_DATABASE_URL
    ? urlShadow(await guardShadowUrl(env.SHADOW_DATABASE_URL, env, options.targetUrl))
    : embeddedShadow();
  options.out(`${options.command}: shadow: ${provider.description}`);
  return provider;
}
