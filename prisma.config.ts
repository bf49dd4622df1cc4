// Prisma 7 reads the datasource URL from here, not from schema.prisma.
// Migrations always go to the direct (unpooled) URL: advisory locks do not survive PgBouncer's
// transaction pooling. The fallback keeps `prisma generate` working with no database configured.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DIRECT_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://localhost:5432/orm_switch_unset",
  },
});
