/**
 * compat:fuzz's proof: on a scratch database built with Prisma's own SQL for a schema and seeded
 * with synthetic rows (views created over backing tables of their own: views.ts), random reads and writes derived from the schema run through real Prisma
 * Client (generated for that schema) and through the facade (on the generated Drizzle schema), and
 * must give the same results, errors and database state. Writes run in transactions that roll
 * back, so every operation sees the same data. The facade's documented refusals ("not supported
 * yet") are counted apart. Each mismatch is minimized with fast-check's shrinking.
 */
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { type NodePgDatabase, drizzle } from "drizzle-orm/node-postgres";
import fc from "fast-check";
import pg from "pg";
import { withScratchDatabase } from "../cli/server.ts";
import { openPgPool } from "../db/pool.ts";
import { createPrismaCompatClient } from "../compat/index.ts";
import { type CompatSchema, describeSchema } from "../compat/model-meta.ts";
import { loadSchema } from "../schema/dmmf.ts";
import { neededExtensions, prismaSqlFromEmpty } from "../schema/parity.ts";
import { type Comparison, type StateTable, createComparison, stateQuery } from "./compare.ts";
import { type ModelSpec, describeModels } from "./model-spec.ts";
import { documentedRefusal } from "./refusal.ts";
import { generatePrismaClient } from "./prisma-client.ts";
import { type FuzzCase, type FuzzContext, readArb } from "./read-arbitraries.ts";
import { type AnyClient, describeCall, expectedStateAfter, rethrowSeen, rolledBack } from "./rollback.ts";
import { SYNTHETIC_DATES_BEFORE } from "./values.ts";
import { isViewModel, seedModelsAndViews } from "./views.ts";
import { writeArb } from "./write-arbitraries.ts";

export interface FuzzOptions {
  /** schema.prisma (or a folder of .prisma files). */
  readonly schemaPath: string;
  /** schema:drizzle's schema.ts; its compat.ts is read from the same folder. */
  readonly drizzlePath: string;
  /** A database on the server to create the scratch database on. */
  readonly serverUrl: string;
  readonly runs: number;
  readonly seed: number;
  /** Rows seeded per model (default 6). */
  readonly rowsPerModel?: number;
  /** Mismatches minimized (the first of each model, operation and kind; default 5). */
  readonly minimize?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** One operation on which the clients disagreed, minimized. */
export interface Mismatch {
  /** `model.op: result | error | state`. */
  readonly signature: string;
  /** The minimized call (as first found when it could not be minimized). */
  readonly call: string;
  readonly prisma: unknown;
  readonly facade: unknown;
  /** The errors' messages, when there were errors (not compared; they say why). */
  readonly messages: readonly string[];
}

export interface FuzzReport {
  /** Operations run through both clients (refusals excluded). */
  readonly compared: number;
  /** Operations compared per model (client property, e.g. `customerTotal`), views included. */
  readonly comparedByModel: ReadonlyMap<string, number>;
  readonly equal: number;
  /** Operations that differed (every one, not only the minimized). */
  readonly mismatchCount: number;
  /** Every kind of mismatch seen (`model.op: result | state`), sorted. */
  readonly signatures: readonly string[];
  /** The first mismatch of each signature, minimized (up to `minimize` of them). */
  readonly mismatches: readonly Mismatch[];
  /** Operations the facade refused, per reason. */
  readonly refusals: ReadonlyMap<string, number>;
  readonly seededRows: number;
  /** Seed rows or links the database refused (see seed.ts). */
  readonly seedSkipped: readonly string[];
  /** Models real Prisma Client cannot read on this schema (left out of the fuzz), with its error. */
  readonly unreadable: ReadonlyMap<string, string>;
}

type Verdict =
  | { kind: "equal" }
  | { kind: "refused"; reason: string }
  | { kind: "mismatch"; what: "result" | "state"; prisma: unknown; facade: unknown; messages: string[] };

/**
 * Implicit many-to-many relations of the schema the facade's schema does not have (the facade does
 * not traverse them yet: it answers "Unknown field"/"Unknown argument", and `_count: true` leaves
 * them out). A case that names one, or asks for `_count` while there are any, is counted as a
 * refusal with that reason instead of a mismatch. The check is by name over the whole argument
 * tree, so it can over-count; it disappears by itself once the facade knows these relations.
 */
function unknownManyToMany(
  models: readonly ModelSpec[],
  facade: ReturnType<typeof describeSchema>,
): Map<string, string> {
  const unknown = new Map<string, string>();
  for (const model of models) {
    const known = new Set(facade.model(model.name).relations.map((r) => r.name));
    for (const r of model.relations)
      if (r.manyToMany && !known.has(r.name)) unknown.set(r.name, `${model.name}.${r.name}`);
  }
  return unknown;
}

function keysOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysOf(inner, into);
    }
  }
  return into;
}

/** The reason a case is out of the facade's reach today, when it is (see unknownManyToMany). */
function manyToManyRefusal(unknown: ReadonlyMap<string, string>, c: FuzzCase): string | undefined {
  if (unknown.size === 0) return undefined;
  const keys = keysOf(c.args);
  const named = [...keys].filter((k) => unknown.has(k)).map((k) => unknown.get(k)!);
  if (named.length > 0) return `implicit many-to-many relation not known to the facade yet: ${named.sort().join(", ")}`;
  if (keys.has("_count"))
    return "implicit many-to-many relation not known to the facade yet: _count in a schema that has them";
  return undefined;
}

interface Clients {
  /** Implicit many-to-many relation names the facade lacks → `Model.field`. */
  readonly unknownRelations: ReadonlyMap<string, string>;
  readonly prisma: AnyClient;
  readonly facade: AnyClient;
  readonly compare: Comparison;
  readonly stateSql: string;
  readonly initialState: unknown;
}

async function runCase(clients: Clients, c: FuzzCase): Promise<Verdict> {
  const { compare, prisma, facade } = clients;
  const outOfReach = manyToManyRefusal(clients.unknownRelations, c);
  if (outOfReach) return { kind: "refused", reason: outOfReach };
  // Error messages are not compared (Prisma's carry a code frame) but tell a reader why.
  const messages: string[] = [];
  const seen = (side: string) => (error: unknown) => void messages.push(`${side}: ${firstLines(error)}`);
  if (!c.write) {
    const expected = await compare.outcome(() => prisma[c.model]![c.op]!(c.args).catch(rethrowSeen(seen("prisma"))));
    const actual = await compare.outcome(() => facade[c.model]![c.op]!(c.args).catch(rethrowSeen(seen("facade"))));
    const reason = documentedRefusal(actual);
    if (reason) return { kind: "refused", reason };
    const [e, a] = [compare.typed(expected, !c.ordered), compare.typed(actual, !c.ordered)];
    return sameJson(e, a) ? { kind: "equal" } : { kind: "mismatch", what: "result", prisma: e, facade: a, messages };
  }
  const expected = await rolledBack(compare, prisma, c, clients.stateSql, seen("prisma"));
  const actual = await rolledBack(compare, facade, c, clients.stateSql, seen("facade"));
  const reason = documentedRefusal(actual.outcome);
  if (reason) return { kind: "refused", reason };
  const [e, a] = [compare.typed(expected.outcome), compare.typed(actual.outcome)];
  if (!sameJson(e, a)) return { kind: "mismatch", what: "result", prisma: e, facade: a, messages };
  const state = expectedStateAfter(expected.state, actual.state, clients.initialState);
  return sameJson(state, actual.state)
    ? { kind: "equal" }
    : { kind: "mismatch", what: "state", prisma: state, facade: actual.state, messages };
}

/** An error's message without Prisma's code frame: its last non-empty line (where Prisma says what is wrong). */
function firstLines(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error))
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.length > 1 ? lines[lines.length - 1]! : (lines[0] ?? "")).slice(0, 300);
}

/** Typed values are plain JSON-able data: equal when their JSON is. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const signatureOf = (c: FuzzCase, v: Verdict & { kind: "mismatch" }): string => `${c.model}.${c.op}: ${v.what}`;

/** Reads and writes over every model (reads only on views), each model's generators built on first use. */
function caseArb(ctx: FuzzContext, models: readonly ModelSpec[], views: ReadonlySet<string>): fc.Arbitrary<FuzzCase> {
  const cache = new Map<string, fc.Arbitrary<FuzzCase>>();
  const forModel = (model: ModelSpec): fc.Arbitrary<FuzzCase> => {
    let arb = cache.get(model.name);
    if (!arb) {
      arb = views.has(model.name)
        ? readArb(ctx, model)
        : fc.oneof({ weight: 3, arbitrary: readArb(ctx, model) }, { weight: 2, arbitrary: writeArb(ctx, model) });
      cache.set(model.name, arb);
    }
    return arb;
  };
  return fc.constantFrom(...models).chain(forModel);
}

async function execute(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

async function userTables(url: string): Promise<StateTable[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string; name: string }>(
      `SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    return rows.map((r) => (r.schema === "public" ? r.name : r));
  } finally {
    await client.end();
  }
}

/** The facade's schema: the generated schema.ts and the bindings of the compat.ts beside it. */
async function loadFacadeSchema(drizzlePath: string): Promise<ReturnType<typeof describeSchema>> {
  const schemaModule = (await import(pathToFileURL(resolve(drizzlePath)).href)) as Record<string, unknown>;
  const compatPath = join(dirname(resolve(drizzlePath)), "compat.ts");
  const compat = (await import(pathToFileURL(compatPath).href)) as { MODELS?: Record<string, { table: string }> };
  if (!compat.MODELS) throw new Error(`${compatPath} has no MODELS (write it with npm run schema:drizzle)`);
  return describeSchema(schemaModule, compat.MODELS);
}

/** Runs the fuzz; see the module comment. */
export async function runCompatFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => {});
  const { datamodel } = await loadSchema(options.schemaPath);
  const models = describeModels(datamodel).filter((m) => m.uniques.length > 0);
  const facadeSchema = await loadFacadeSchema(options.drizzlePath);
  const extensions = await neededExtensions(options.drizzlePath);
  log(`generating Prisma Client for ${options.schemaPath}`);
  const generated = await generatePrismaClient(options.schemaPath);
  try {
    const { PrismaClient } = await generated.load();
    const prepare = async (url: string): Promise<void> => {
      await execute(
        url,
        extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS "${e}"`),
      );
      await execute(url, [await prismaSqlFromEmpty(resolve(options.schemaPath), url)]);
    };
    return await withScratchDatabase(
      options.serverUrl,
      { prefix: "orm_switch_compat_fuzz_test", prepare },
      async (url) => {
        // Both pools are ours (an idle-client error handler, a full close), so none is left holding a
        // connection when the scratch database is dropped (its terminated connections would
        // otherwise surface as an unhandled 57P01).
        const prismaPool = openPgPool(url, { max: 4 });
        const facadePool = openPgPool(url, { max: 4 });
        const prisma = new PrismaClient({ adapter: new PrismaPg(prismaPool.pool) }) as AnyClient & {
          $disconnect(): Promise<void>;
        };
        try {
          const facade = createPrismaCompatClient(drizzle(facadePool.pool), {
            schema: facadeSchema,
          }) as unknown as AnyClient;
          return await fuzzOn({
            prisma,
            facade,
            db: drizzle(facadePool.pool),
            facadeSchema,
            models,
            url,
            options,
            log,
            unknownRelations: unknownManyToMany(models, facadeSchema),
          });
        } finally {
          await prisma.$disconnect();
          await prismaPool.close();
          await facadePool.close();
        }
      },
    );
  } finally {
    await generated.cleanup();
  }
}

interface FuzzRun {
  readonly prisma: AnyClient;
  readonly facade: AnyClient;
  /** The facade's database: views are created and seeded through it (see views.ts). */
  readonly db: NodePgDatabase;
  readonly facadeSchema: CompatSchema;
  readonly models: readonly ModelSpec[];
  readonly url: string;
  readonly options: FuzzOptions;
  readonly log: (line: string) => void;
  readonly unknownRelations: ReadonlyMap<string, string>;
}

async function fuzzOn(run: FuzzRun): Promise<FuzzReport> {
  const { options, log } = run;
  const seeded = await seedModelsAndViews(run.prisma, run.db, run.facadeSchema, run.models, options.rowsPerModel ?? 6);
  const seededRows = [...seeded.rows.values()].reduce((n, rows) => n + rows.length, 0);
  log(
    `seeded ${seededRows} rows in ${run.models.length} models${seeded.skipped.length > 0 ? ` (${seeded.skipped.length} refused by the database, skipped)` : ""}`,
  );
  // Seeded dates are all earlier: a later one was set by the operation under test ("now").
  const compare = createComparison({ nowAfter: SYNTHETIC_DATES_BEFORE, seedIds: new Set() });
  const stateSql = stateQuery(await userTables(run.url));
  const clients: Clients = {
    unknownRelations: run.unknownRelations,
    prisma: run.prisma,
    facade: run.facade,
    compare,
    stateSql,
    initialState: compare.digestState(await run.prisma.$queryRawUnsafe!(stateSql)),
  };
  for (const [model, message] of seeded.unreadable)
    log(`Prisma Client cannot read ${model} back (left out): ${message}`);
  const models = run.models.filter((m) => !seeded.unreadable.has(m.name));
  if (models.length === 0)
    return {
      compared: 0,
      comparedByModel: new Map(),
      equal: 0,
      mismatchCount: 0,
      signatures: [],
      mismatches: [],
      refusals: new Map(),
      seededRows,
      seedSkipped: seeded.skipped,
      unreadable: seeded.unreadable,
    };
  const ctx: FuzzContext = { models: new Map(run.models.map((m) => [m.name, m])), rows: seeded.rows };
  const views = new Set(models.filter((m) => isViewModel(run.facadeSchema, m)).map((m) => m.name));
  const arb = caseArb(ctx, models, views);

  let index = 0;
  let equal = 0;
  const refusals = new Map<string, number>();
  const comparedByModel = new Map<string, number>();
  const firstOf = new Map<string, { index: number; call: string; verdict: Verdict & { kind: "mismatch" } }>();
  let mismatchCount = 0;
  await fc.check(
    fc.asyncProperty(arb, async (c) => {
      const verdict = await runCase(clients, c);
      if (verdict.kind !== "refused") comparedByModel.set(c.model, (comparedByModel.get(c.model) ?? 0) + 1);
      if (verdict.kind === "equal") equal++;
      else if (verdict.kind === "refused") refusals.set(verdict.reason, (refusals.get(verdict.reason) ?? 0) + 1);
      else {
        mismatchCount++;
        const signature = signatureOf(c, verdict);
        if (!firstOf.has(signature)) firstOf.set(signature, { index, call: describeCall(c), verdict });
      }
      index++;
      if (index % 50 === 0)
        log(
          `${index}/${options.runs} operations: ${equal} equal, ${mismatchCount} mismatches, ${[...refusals.values()].reduce((a, b) => a + b, 0)} refused`,
        );
      return true;
    }),
    { numRuns: options.runs, seed: options.seed },
  );

  const mismatches: Mismatch[] = [];
  for (const [signature, first] of [...firstOf].slice(0, options.minimize ?? 5)) {
    log(`minimizing ${signature}`);
    mismatches.push(await minimize(clients, arb, options.seed, first.index, signature, first));
  }
  return {
    compared: equal + mismatchCount,
    comparedByModel,
    equal,
    mismatchCount,
    signatures: [...firstOf.keys()].sort(),
    mismatches,
    refusals,
    seededRows,
    seedSkipped: seeded.skipped,
    unreadable: seeded.unreadable,
  };
}

/** Replays run `index` of `seed` and shrinks it while the same kind of mismatch persists. */
async function minimize(
  clients: Clients,
  arb: fc.Arbitrary<FuzzCase>,
  seed: number,
  index: number,
  signature: string,
  first: { call: string; verdict: Verdict & { kind: "mismatch" } },
): Promise<Mismatch> {
  let last: Mismatch = {
    signature,
    call: first.call,
    prisma: first.verdict.prisma,
    facade: first.verdict.facade,
    messages: first.verdict.messages,
  };
  await fc.check(
    fc.asyncProperty(arb, async (c) => {
      const verdict = await runCase(clients, c);
      if (verdict.kind !== "mismatch" || signatureOf(c, verdict) !== signature) return true;
      last = {
        signature,
        call: describeCall(c),
        prisma: verdict.prisma,
        facade: verdict.facade,
        messages: verdict.messages,
      };
      return false;
    }),
    { seed, path: String(index), numRuns: 1, endOnFailure: false },
  );
  return last;
}
