/**
 * Records a workload with recordWorkload on any fixture schema's real Prisma Client: the client is
 * generated offline, a scratch database is built with Prisma's SQL for the schema and seeded with
 * compat:fuzz's synthetic rows (the data `replay --rows <n>` loads), and `work` runs on the client
 * with the recorder on. The client, the database and the temporary folders are gone afterwards.
 */
import pg from "pg";
import { withScratchDatabase } from "../../src/cli/server.ts";
import { describeModels } from "../../src/fuzz/model-spec.ts";
import { generatePrismaClient } from "../../src/fuzz/prisma-client.ts";
import type { AnyClient } from "../../src/fuzz/rollback.ts";
import { seedSynthetic } from "../../src/fuzz/seed.ts";
import { recordWorkload } from "../../src/replay/recorder.ts";
import { advanceSequences } from "../../src/replay/scratch.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { prismaSqlFromEmpty } from "../../src/schema/parity.ts";
import { ownedPrismaAdapter } from "./prisma-adapter.ts";

/** A generated client's delegates, loosely typed (the fixture's types are not known here). */
export type RecordingClient = Record<string, Record<string, (args?: unknown) => Promise<unknown>>>;

async function buildSchema(schemaPath: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(await prismaSqlFromEmpty(schemaPath, url));
  } finally {
    await client.end();
  }
}

/** Runs `work` on `schemaPath`'s Prisma Client with the recorder writing `file`. */
export async function recordOnSchema(options: {
  schemaPath: string;
  serverUrl: string;
  file: string;
  rowsPerModel: number;
  work: (client: RecordingClient) => Promise<void>;
}): Promise<void> {
  const { datamodel } = await loadSchema(options.schemaPath);
  const models = describeModels(datamodel).filter((m) => m.uniques.length > 0);
  const generated = await generatePrismaClient(options.schemaPath);
  try {
    const { PrismaClient } = await generated.load();
    await withScratchDatabase(
      options.serverUrl,
      { prefix: "orm_switch_record_test", prepare: (url) => buildSchema(options.schemaPath, url) },
      async (url) => {
        const owned = ownedPrismaAdapter(url);
        const client = new PrismaClient({ adapter: owned.adapter }) as AnyClient & {
          $disconnect(): Promise<void>;
          $extends(extension: unknown): unknown;
        };
        try {
          await seedSynthetic(client, models, options.rowsPerModel);
          await advanceSequences(url); // as replay does after seeding: creates then draw fresh ids
          const recorded = client.$extends(recordWorkload({ file: options.file, redact: false }));
          await options.work(recorded as RecordingClient);
        } finally {
          await client.$disconnect();
          await owned.close();
        }
      },
    );
  } finally {
    await generated.cleanup();
  }
}
