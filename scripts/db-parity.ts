/**
 * `npm run db:parity`: builds one database from prisma/migrations and one from drizzle/ on a scratch
 * server (embedded PostgreSQL, or DATABASE_URL's server in databases of its own) and compares their
 * catalogs. Exit 0: identical; 1: they differ (each difference printed); 2: the check could not run.
 */
import { parseArgs } from "node:util";
import { runCommand } from "../src/cli/command.ts";
import { withCommandServer, withScratchDatabase } from "../src/cli/server.ts";
import { checkSchemaParity } from "../src/migrate/parity.ts";
import { applyMigrationsPlain } from "../src/migrate/apply-sql.ts";

const HELP = `Usage: npm run db:parity

Checks that the Drizzle schema's migrations (drizzle/) build exactly the database that Prisma's
migrations (prisma/migrations/) build: tables, columns in order with types, nullability and
defaults, constraints (primary, unique, check, foreign keys with their actions), indexes and enum
labels in order. Nothing is read from or written to any existing database: with DATABASE_URL unset
it starts a throwaway embedded PostgreSQL; with it set, it creates two orm_switch_parity_test_*
databases on that server and drops them again.

Exit codes: 0 identical, 1 different, 2 could not run.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  return withCommandServer(process.env.DATABASE_URL, async (server) => {
    console.error(
      `db:parity: scratch databases on ${server.kind === "embedded" ? "a throwaway embedded PostgreSQL" : server.description}`,
    );
    return withScratchDatabase(
      server.url,
      { prefix: "orm_switch_parity_test", prepare: applyMigrationsPlain },
      async (prismaUrl) => {
        const result = await checkSchemaParity(server.url, prismaUrl);
        const compared = Object.entries(result.counts)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(", ");
        if (result.equal) {
          console.log(`db:parity: identical (${compared} compared)`);
          return 0;
        }
        console.log(`db:parity: ${result.differences.length} difference(s) (prisma -> drizzle):`);
        for (const line of result.differences) console.log(`  ${line}`);
        return 1;
      },
    );
  });
}

await runCommand("db:parity", main);
