/**
 * `npm run schema:parity -- --schema <schema.prisma> [--migrations <dir>] --drizzle <dir>/schema.ts`:
 * proves a generated Drizzle schema builds the database Prisma builds. Logic in src/schema/parity.ts.
 */
import { parseArgs } from "node:util";
import { exitWith } from "../src/cli/exit.ts";
import { withCommandServer } from "../src/cli/server.ts";
import { type SchemaParityResult, checkGeneratedSchemaParity } from "../src/schema/parity.ts";

const HELP = `Usage: npm run schema:parity -- --schema <path/schema.prisma | folder> [--migrations <dir>] --drizzle <dir>/schema.ts

Builds two scratch databases and compares their catalogs (tables, columns in order with types,
nullability and defaults, constraints with their names and actions, indexes with method, order and
operator classes, enum labels in order, sequences; every schema, for multiSchema):
  Prisma:  the migration history in --migrations when given, else Prisma's own SQL for --schema
           from an empty database (the schema engine's diff, as prisma migrate diff --from-empty)
  Drizzle: drizzle-kit's SQL for the --drizzle module from an empty snapshot (what drizzle-kit
           generate writes as a first migration)
With --migrations, a third database is built from Prisma's own SQL for --schema: where your
migrations build what the schema itself does not describe (functions, triggers, CHECK constraints,
leftover indexes, columns placed last by a later ALTER TABLE) and the Drizzle schema agrees with
the schema, that is drift in your app (prisma migrate diff shows it too), printed apart and not
counted as a difference; columns whose only difference is position are listed by name.
Prints "identical" or every difference (prisma -> drizzle). With DATABASE_URL unset it runs on a
throwaway embedded PostgreSQL; with it set, in orm_switch_schema_parity_test_* databases it
creates on that server and drops again. Nothing else is read or written.

Exit codes: 0 identical, 1 different, 2 usage error or could not run.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schema: { type: "string" },
      migrations: { type: "string" },
      drizzle: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { schema: schemaPath, drizzle: drizzlePath, migrations: migrationsDir } = values;
  if (!schemaPath || !drizzlePath) {
    console.error("schema:parity: --schema <path> and --drizzle <schema.ts> are required (see --help)");
    return 2;
  }
  return withCommandServer(process.env.DATABASE_URL, async (server) => {
    console.error(
      `schema:parity: scratch databases on ${server.kind === "embedded" ? "a throwaway embedded PostgreSQL" : server.description}`,
    );
    const result = await checkGeneratedSchemaParity({ schemaPath, migrationsDir, drizzlePath, serverUrl: server.url });
    const compared = Object.entries(result.counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ");
    printDrift(result);
    if (result.identical) {
      console.log(`schema:parity: identical (${compared} compared)`);
      return 0;
    }
    console.log(`schema:parity: ${result.differences.length} difference(s) (prisma -> drizzle):`);
    for (const line of result.differences) console.log(`  ${line}`);
    return 1;
  });
}

/** Where the migrations build what the Prisma schema does not describe: told, not counted against. */
function printDrift(result: SchemaParityResult): void {
  if (result.drift.length > 0) {
    console.log(
      `schema:parity: drift: your migrations build ${result.drift.length} object(s) your Prisma schema does not describe; the Drizzle schema follows the schema (migrations -> drizzle):`,
    );
    for (const line of result.drift) console.log(`  ${line}`);
  }
  if (result.columnOrderDrift.length > 0)
    console.log(
      `schema:parity: drift: ${result.columnOrderDrift.length} column(s) in another position than the schema's order (harmless: both ORMs name every column): ${result.columnOrderDrift.join(", ")}`,
    );
}

main().then(exitWith, async (error: unknown) => {
  console.error(
    `schema:parity: could not run: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  await exitWith(2);
});
