/**
 * What CI runs on every fixture schema schema:drizzle accepts: schema:drizzle → schema:parity →
 * compat:fuzz (fixed seed). The fuzz must compare operations on every fixture and find exactly the
 * mismatch kinds listed in KNOWN_MISMATCHES (each one a facade divergence documented in
 * docs/your-schema.md): a new mismatch fails the test, and so does a listed one that is gone (then
 * the list and the docs are updated). Runs are bounded (fewer on large.prisma) to keep the file
 * within a few minutes on two cores; COMPAT_FUZZ_RUNS overrides the count.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generatePrismaClient } from "../../src/fuzz/prisma-client.ts";
import { runCompatFuzz } from "../../src/fuzz/run.ts";
import { loadSchema } from "../../src/schema/dmmf.ts";
import { generateDrizzleSchema, readPrismaBuilt, writeDrizzleSchema } from "../../src/schema/generate.ts";
import { checkGeneratedSchemaParity } from "../../src/schema/parity.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/schemas");
const SEED = 20261125;
const RUNS = Number(process.env.COMPAT_FUZZ_RUNS ?? 0);

interface FixtureRun {
  readonly path: string;
  readonly runs: number;
  /** Mismatch kinds (`model.op: result | state`) the fixed seed finds today; see docs/your-schema.md. */
  readonly known: readonly string[];
  /** Models real Prisma Client itself cannot read (left out of the fuzz). */
  readonly unreadable?: readonly string[];
  /** Views (client properties) the fuzz must have compared reads on. */
  readonly views?: readonly string[];
}

const FIXTURE_RUNS: Record<string, FixtureRun> = {
  relations: { path: join(FIXTURES, "relations.prisma"), runs: 150, known: [] },
  // Every scalar and native type, lists and Json nulls: the fuzz finds no mismatch.
  types: { path: join(FIXTURES, "types.prisma"), runs: 150, known: [] },
  keys: { path: join(FIXTURES, "keys.prisma"), runs: 150, known: [] },
  // Prisma Client itself cannot read a column whose name is longer than 63 bytes.
  edge: { path: join(FIXTURES, "edge.prisma"), runs: 50, known: [], unreadable: ["Edge"] },
  "multi-file": { path: join(FIXTURES, "multi-file"), runs: 150, known: [] },
  // Reads only on the view with keys (the keyless one is left out, as every model without a key).
  views: { path: join(FIXTURES, "views.prisma"), runs: 120, known: [], views: ["customerTotal"] },
  // relationMode = "prisma", its referential actions emulated; an upsert whose update changes a
  // referenced key is refused by the facade (counted apart).
  "relation-mode": { path: join(FIXTURES, "relation-mode.prisma"), runs: 150, known: [] },
  large: { path: join(FIXTURES, "large.prisma"), runs: 80, known: [] },
  // @ignore'd and Unsupported columns, an @@ignore'd table and a key to it: hidden from both clients.
  ignore: { path: join(FIXTURES, "ignore.prisma"), runs: 150, known: [] },
};

describe("CI on each fixture schema: schema:drizzle → schema:parity → compat:fuzz", () => {
  let outRoot = "";
  beforeAll(async () => {
    await mkdir(join(ROOT, ".tmp"), { recursive: true }); // .tmp/ is git-ignored: absent on a clean clone
    outRoot = await mkdtemp(join(ROOT, ".tmp/fuzz-test-"));
  });
  afterAll(async () => {
    if (outRoot) await rm(outRoot, { recursive: true, force: true });
  });

  for (const [name, fixture] of Object.entries(FIXTURE_RUNS)) {
    it(`${name}: the generated schema is catalog-identical, and the fuzz finds only the known mismatches`, async () => {
      const out = join(outRoot, name);
      const serverUrl = inject("pgServerUrl");
      const schema = await loadSchema(fixture.path);
      await writeDrizzleSchema(generateDrizzleSchema(schema, await readPrismaBuilt(schema, serverUrl)), out);
      const drizzlePath = join(out, "schema.ts");
      const parity = await checkGeneratedSchemaParity({ schemaPath: fixture.path, drizzlePath, serverUrl });
      expect(parity.differences).toEqual([]);

      const report = await runCompatFuzz({
        schemaPath: fixture.path,
        drizzlePath,
        serverUrl,
        runs: RUNS || fixture.runs,
        seed: SEED,
        minimize: 1,
      });
      expect([...report.unreadable.keys()]).toEqual(fixture.unreadable ?? []);
      if (fixture.unreadable === undefined) {
        expect(report.seededRows).toBeGreaterThan(0);
        // Refusals are counted apart, never compared: what was compared is most of the run.
        expect(report.compared).toBeGreaterThan((RUNS || fixture.runs) / 3);
        expect(report.equal + report.mismatchCount).toBe(report.compared);
      }
      for (const view of fixture.views ?? []) expect(report.comparedByModel.get(view) ?? 0).toBeGreaterThan(0);
      if (RUNS === 0) expect(report.signatures).toEqual(fixture.known);
      // The first kind seen is minimized: a call that still shows that kind, with both sides.
      if (report.signatures.length > 0) {
        expect(report.mismatches).toHaveLength(1);
        expect(report.signatures).toContain(report.mismatches[0]!.signature);
        expect(report.mismatches[0]!.call.startsWith(report.mismatches[0]!.signature.split(":")[0]!)).toBe(true);
      }
    }, 300_000);
  }
});

describe("compat:fuzz, the command", () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    run(process.execPath, ["--import", "tsx", join(ROOT, "scripts/compat-fuzz.ts"), ...args], {
      cwd: ROOT,
      env,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("--help exits 0 and documents the exit codes; a missing or bad option exits 2 with one line", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes");
    const missing = await cli(["--schema", join(FIXTURES, "keys.prisma")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const bad = await cli(["--schema", join(FIXTURES, "keys.prisma"), "--drizzle", "x.ts", "--runs", "ten"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('compat:fuzz: --runs must be a positive integer, not "ten"');
  }, 60_000);

  it("prints the counts and exits 0 with no mismatch, 1 with mismatches, on a DATABASE_URL server", async () => {
    const out = await mkdtemp(join(ROOT, ".tmp/fuzz-cli-"));
    try {
      const schema = join(FIXTURES, "multi-file");
      await writeDrizzleSchema(generateDrizzleSchema(await loadSchema(schema)), out);
      const result = await cli(
        ["--schema", schema, "--drizzle", join(out, "schema.ts"), "--runs", "30", "--seed", String(SEED)],
        { ...process.env, DATABASE_URL: inject("pgServerUrl") },
      );
      const counts = /compat:fuzz: (\d+) compared, (\d+) equal, (\d+) mismatches, (\d+) refused by the facade/.exec(
        result.stdout,
      );
      expect(counts, result.stdout + result.stderr).not.toBeNull();
      const [compared, equal, mismatches] = counts!.slice(1, 4).map(Number);
      expect(compared).toBe(equal! + mismatches!);
      expect(result.code).toBe(mismatches === 0 ? 0 : 1);
      if (mismatches! > 0) expect(result.stdout).toContain("mismatch ");
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("generatePrismaClient", () => {
  it("generates a loadable Prisma Client for any schema in a temporary folder, and removes it", async () => {
    const generated = await generatePrismaClient(join(FIXTURES, "keys.prisma"));
    try {
      const module = await generated.load();
      expect(typeof module.PrismaClient).toBe("function");
      expect(Object.keys(module.Prisma)).toContain("ModelName");
      expect((module.Prisma as { ModelName: Record<string, string> }).ModelName).toHaveProperty("Grant", "Grant");
    } finally {
      await generated.cleanup();
    }
    await expect(run("test", ["-e", generated.dir])).rejects.toThrow();
  }, 60_000);
});
