/**
 * A program, not a test: an application that imports its generated Prisma client AND the facade,
 * as a team mid-migration does. It prints (JSON) whether the facade's runtime values are the very
 * objects the generated client exports, and what application code observes through them:
 * `instanceof Prisma.PrismaClientKnownRequestError` on a facade error, `Prisma.DbNull` and
 * `Prisma.JsonNull` recognised by the facade, and the Prisma repositories on the facade
 * (prisma-on-drizzle) translating the facade's unique violation through their own `instanceof`.
 *
 * test/integration/compat-runtime-identity.test.ts runs it under tsx and as an esbuild bundle.
 * Usage: runtime-identity-probe <database url> <unique suffix>
 */
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { createPrismaCompatClient } from "../../src/compat/index.ts";
import { createPrismaOnDrizzleRepositories } from "../../src/compat/prisma-on-drizzle.ts";
import * as runtime from "../../src/compat/prisma-runtime.ts";
import { Prisma } from "../../src/prisma/generated/client.ts";

const [url, suffix] = process.argv.slice(2);
if (!url || !suffix) throw new Error("usage: runtime-identity-probe <database url> <unique suffix>");

/** Each runtime value the facade uses, compared by identity with the generated client's. */
function identities(): Record<string, boolean> {
  return {
    Decimal: runtime.Decimal === Prisma.Decimal,
    Sql: runtime.Sql === Prisma.Sql,
    PrismaClientKnownRequestError: runtime.PrismaClientKnownRequestError === Prisma.PrismaClientKnownRequestError,
    PrismaClientUnknownRequestError: runtime.PrismaClientUnknownRequestError === Prisma.PrismaClientUnknownRequestError,
    PrismaClientValidationError: runtime.PrismaClientValidationError === Prisma.PrismaClientValidationError,
    isDbNull: runtime.isDbNull(Prisma.DbNull),
    isJsonNull: runtime.isJsonNull(Prisma.JsonNull),
    isAnyNull: runtime.isAnyNull(Prisma.AnyNull),
  };
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail");
}

async function facadeObservations(pool: pg.Pool): Promise<Record<string, unknown>> {
  const facade = createPrismaCompatClient(drizzle(pool));
  const slug = `probe-${suffix}`;
  await facade.organization.create({ data: { slug, name: "Probe" } });
  const duplicate = await caught(() => facade.organization.create({ data: { slug, name: "Probe again" } }));
  const invalid = await caught(() => facade.organization.findMany({ where: { noSuchField: 1 } } as never));
  const entityId = `probe-${suffix}`;
  await facade.auditLog.create({
    data: { entityType: "probe", entityId, action: "probe", before: Prisma.DbNull, after: Prisma.JsonNull },
  });
  const { rows } = await pool.query<{ before_is_sql_null: boolean; after_text: string | null }>(
    "SELECT before IS NULL AS before_is_sql_null, after::text AS after_text FROM audit_logs WHERE entity_id = $1",
    [entityId],
  );
  return {
    knownRequestError: duplicate instanceof Prisma.PrismaClientKnownRequestError,
    knownRequestErrorCode: (duplicate as { code?: unknown }).code,
    validationError: invalid instanceof Prisma.PrismaClientValidationError,
    dbNullStoredAsSqlNull: rows[0]?.before_is_sql_null,
    jsonNullStoredAsJsonNull: rows[0]?.after_text,
  };
}

async function repositoryObservations(): Promise<Record<string, unknown>> {
  const repos = createPrismaOnDrizzleRepositories({ url });
  try {
    const owner = await repos.users.create({ email: `probe-${suffix}@example.com`, name: "Probe" });
    const slug = `repo-${suffix}`;
    await repos.organizations.createWithOwner({ slug, name: "Probe", ownerId: owner.id });
    const conflict = await caught(() =>
      repos.organizations.createWithOwner({ slug, name: "Probe", ownerId: owner.id }),
    );
    return {
      code: (conflict as { code?: unknown }).code,
      // The P2002 branch of src/prisma/errors.ts keeps the Prisma error as the cause; any other
      // branch (the driver-error fallback) does not: this is what tells the instanceof held.
      causeIsKnownRequestError: (conflict as { cause?: unknown }).cause instanceof Prisma.PrismaClientKnownRequestError,
    };
  } finally {
    await repos.close();
  }
}

const pool = new pg.Pool({ connectionString: url, max: 2 });
try {
  const result = {
    identities: identities(),
    facade: await facadeObservations(pool),
    repositories: await repositoryObservations(),
  };
  process.stdout.write(JSON.stringify(result));
} finally {
  await pool.end();
}
