/**
 * drizzle-kit configuration. `npm run drizzle:generate` writes drizzle/ from src/drizzle/schema.ts;
 * that output must stay catalog-identical to prisma/migrations (the Prisma migrations remain the
 * schema's source of truth; drizzle/ is kept in parity with them).
 */
import { defineConfig } from "drizzle-kit";

// Like prisma.config.ts: schema changes go to the direct (unpooled) URL, never through PgBouncer.
const databaseUrl = process.env.DIRECT_DATABASE_URL ?? process.env.DATABASE_URL;

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/drizzle/schema.ts",
  out: "./drizzle",
  // Only used by commands that talk to a database (migrate, pull, check against a live schema).
  ...(databaseUrl ? { dbCredentials: { url: databaseUrl } } : {}),
  // Prisma Migrate's history table is not part of the schema Drizzle describes: without this filter
  // `drizzle-kit push` proposes `DROP TABLE "_prisma_migrations"` and `pull` writes it into the schema.
  tablesFilter: ["!_prisma_migrations"],
  strict: true,
  verbose: true,
});
