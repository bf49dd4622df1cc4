/**
 * The facade without Prisma's engine (issue #16, item 4). Two properties:
 * - the facade's and prisma-on-drizzle's bundles carry no generated Prisma client and no query
 *   compiler (its Wasm), judged from esbuild's metafile of a bundle built as the benchmark builds it;
 * - an application importing both its generated client and the facade still sees one set of
 *   Prisma runtime values (`instanceof Prisma.PrismaClientKnownRequestError`, `Prisma.DbNull`,
 *   ...), under plain Node (tsx) and inside an esbuild bundle of that application.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bundleForNode } from "../../src/bench/cold-start.ts";
import { useTestDatabase } from "../support/database.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const OUT = join(ROOT, ".tmp", "runtime-identity");
const PROBE = join(ROOT, "test/support/runtime-identity-probe.ts");

/** Input files of a bundle that belong to Prisma's engine side: the generated client, the client runtime, the compiler. */
function engineInputs(inputs: string[]): string[] {
  return inputs.filter((path) => /prisma\/generated\/|@prisma\/client\/|query_compiler/.test(path));
}

async function bundleInputs(name: string, source: string): Promise<string[]> {
  await mkdir(OUT, { recursive: true });
  const entry = join(OUT, `${name}-entry.ts`);
  await writeFile(entry, source);
  const metafile = await bundleForNode(entry, join(OUT, `${name}.mjs`));
  return Object.keys(metafile.inputs);
}

const EXPECTED = {
  identities: {
    Decimal: true,
    Sql: true,
    PrismaClientKnownRequestError: true,
    PrismaClientUnknownRequestError: true,
    PrismaClientValidationError: true,
    isDbNull: true,
    isJsonNull: true,
    isAnyNull: true,
  },
  facade: {
    knownRequestError: true,
    knownRequestErrorCode: "P2002",
    validationError: true,
    dbNullStoredAsSqlNull: true,
    jsonNullStoredAsJsonNull: "null",
  },
  repositories: { code: "CONFLICT", causeIsKnownRequestError: true },
};

describe("the facade's bundle", () => {
  it.each([
    ["facade", "compat/index.ts", "createPrismaCompatClient"],
    ["prisma-on-drizzle", "compat/prisma-on-drizzle.ts", "createPrismaOnDrizzleRepositories"],
  ])("%s carries no generated client and no query compiler", async (name, module, factory) => {
    const inputs = await bundleInputs(
      name,
      `import { ${factory} } from ${JSON.stringify(join(ROOT, "src", module))};\nconsole.log(typeof ${factory});\n`,
    );
    expect(inputs.some((path) => path.includes("src/compat/"))).toBe(true);
    expect(engineInputs(inputs)).toEqual([]);
  });
});

describe("one set of Prisma runtime values for the application and the facade", () => {
  const db = useTestDatabase();

  it("under plain Node (tsx)", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", PROBE, db.url, "tsx"], {
      cwd: ROOT,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });

  it("inside an esbuild bundle of the application", async () => {
    await mkdir(OUT, { recursive: true });
    const bundle = join(OUT, "application.mjs");
    const metafile = await bundleForNode(PROBE, bundle);
    // The application imports its generated client, so its bundle has the client runtime: the
    // property under test is that the facade shares it rather than carrying a second copy.
    expect(Object.keys(metafile.inputs).some((path) => path.includes("@prisma/client/runtime/client"))).toBe(true);
    const { stdout } = await run(process.execPath, [bundle, db.url, "bundle"], { cwd: OUT, timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual(EXPECTED);
  });
});
