/**
 * `npm run schema:drizzle -- --schema <schema.prisma> --out <dir>`: writes <dir>/schema.ts (the
 * Drizzle schema) and <dir>/compat.ts (the facade's bindings). Logic in src/schema/.
 */
import { parseArgs } from "node:util";
import { exitWith } from "../src/cli/exit.ts";
import { SchemaLoadError, loadSchema } from "../src/schema/dmmf.ts";
import { withCommandServer } from "../src/cli/server.ts";
import {
  RefusedSchemaError,
  generateDrizzleSchema,
  readPrismaBuilt,
  writeDrizzleSchema,
} from "../src/schema/generate.ts";
import { omitsBuiltObjects } from "../src/schema/refusals.ts";

const HELP = `Usage: npm run schema:drizzle -- --schema <path/schema.prisma | folder of .prisma files> --out <dir>

Reads schema.prisma with Prisma's own parser (prisma generate, offline, with a generator of
orm-switch's that receives Prisma's DMMF) and writes:
  <dir>/schema.ts   pgEnum/pgTable/relations(), column types for every Prisma scalar and @db.* type,
                    keys, indexes and foreign keys named as Prisma names them, client-side defaults
                    (cuid, uuid, nanoid, ulid, now, @updatedAt) as $defaultFn/$onUpdate
  <dir>/compat.ts   the Prisma-shaped facade's model bindings
Same input, byte-identical output. A construct not supported yet is refused with its name and
line, and nothing is written. Prove the output with: npm run schema:parity.

@ignore, @@ignore and Unsupported("…") are left out of Prisma's DMMF but not of its database:
for a schema using them, Prisma's SQL for the schema is run in a scratch database (on
DATABASE_URL's server, created and dropped, or a throwaway embedded PostgreSQL) and those columns
and tables are read back from it.

Exit codes: 0 written, 1 refused (unsupported construct) or invalid schema, 2 usage or I/O error.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { schema: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.schema || !values.out) {
    console.error("schema:drizzle: --schema <path> and --out <dir> are required (see --help)");
    return 2;
  }
  try {
    const schema = await loadSchema(values.schema);
    const built = omitsBuiltObjects(schema)
      ? await withCommandServer(process.env.DATABASE_URL, (server) => readPrismaBuilt(schema, server.url))
      : undefined;
    const generated = generateDrizzleSchema(schema, built);
    const paths = await writeDrizzleSchema(generated, values.out);
    console.log(`schema:drizzle: wrote ${paths.schema} and ${paths.compat}`);
    return 0;
  } catch (error) {
    if (error instanceof RefusedSchemaError) {
      for (const line of error.message.split("\n")) console.error(`schema:drizzle: ${line}`);
      return 1;
    }
    if (error instanceof SchemaLoadError) {
      console.error(`schema:drizzle: Prisma rejected the schema:\n${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then(exitWith, async (error: unknown) => {
  console.error(`schema:drizzle: could not run: ${error instanceof Error ? error.message : String(error)}`);
  await exitWith(2);
});
