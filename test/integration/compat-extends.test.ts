/**
 * Differential tests of client extensions and query events: each extension definition is applied
 * to real Prisma Client 7.10 and to the facade, the same calls run on both from the same seeded
 * data, and the results (types kept: Date, bigint, Decimal), the errors, what the extension code
 * observed (its log) and the rows left in the database must be identical. The cases are the
 * extensions public Prisma apps write: soft delete, tenant scoping, logging/timing, computed fields,
 * model and client methods, read-replica routing.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaCompatClient } from "../../src/compat/index.ts";
import { Decimal, Sql } from "../../src/compat/prisma-runtime.ts";
import type { PrismaClient } from "../../src/prisma/generated/client.ts";
import { Prisma } from "../../src/prisma/generated/client.ts";
import { useTestDatabase } from "../support/database.ts";
import { type ModelKey, type ReadCase, SPECS, readCaseArb } from "./compat-arbitraries.ts";
import { SEED_IDS, T0, seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

type Log = unknown[];
/** A scenario runs against a client typed as PrismaClient: the facade is cast, the code is the same. */
type Scenario = (client: PrismaClient, log: Log, replica: PrismaClient) => Promise<unknown>;

/** Values made comparable across two runs: generated ids and "now" timestamps masked, types kept. */
function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() > T0 + 86_400_000 ? "<now>" : value;
  if (typeof value === "string" && /^c[a-z0-9]{20,}$/.test(value) && !SEED_IDS.has(value)) return "<new id>";
  if (typeof value === "bigint" || value instanceof Decimal || value === null || typeof value !== "object")
    return value;
  if (value instanceof Sql) return { sql: value.sql, values: normalize(value.values) };
  if (Array.isArray(value)) return value.map(normalize);
  if (value instanceof Error) return errorShape(value);
  // Reads every property (computed fields included), so laziness cannot hide a difference.
  return Object.fromEntries(Object.keys(value).map((key) => [key, normalize((value as Record<string, unknown>)[key])]));
}

function errorShape(error: Error): Record<string, unknown> {
  const e = error as Error & { code?: string; meta?: { modelName?: string } };
  if (e.code !== undefined) return { name: e.name, code: e.code, modelName: e.meta?.modelName };
  // Validation errors' text differs between the clients, their class does not.
  return e.name === "PrismaClientValidationError" ? { name: e.name } : { name: e.name, message: e.message };
}

/** Generated cases per run; COMPAT_DIFF_RUNS runs more, as for the differential test. */
const GENERATED_RUNS = Number(process.env.COMPAT_DIFF_RUNS ?? 0) || 300;

const TABLES = ["users", "organizations", "memberships", "projects", "tasks", "audit_logs"];

describe("compat $extends and $on, differential against Prisma Client", () => {
  const db = useTestDatabase();
  let pair: ClientPair;
  let replicas: ClientPair;

  beforeAll(() => {
    pair = openClientPair(db.url);
    replicas = openClientPair(db.url);
  });
  afterAll(async () => {
    await pair?.close();
    await replicas?.close();
  });

  async function state(): Promise<unknown> {
    const out: Record<string, unknown> = {};
    for (const table of TABLES) out[table] = await db.query(`SELECT * FROM ${table} ORDER BY id`);
    return normalize(out);
  }

  async function runOn(client: PrismaClient, replica: PrismaClient, scenario: Scenario): Promise<unknown> {
    await seed(db);
    const log: Log = [];
    let outcome: unknown;
    try {
      outcome = { ok: normalize(await scenario(client, log, replica)) };
    } catch (error) {
      outcome = { error: normalize(error) };
    }
    return { outcome, log: normalize(log), state: await state() };
  }

  /** Runs the scenario on Prisma, then on the facade, each from the seeded data; everything must match. */
  async function same(scenario: Scenario): Promise<unknown> {
    const facade = (client: PrismaCompatClient): PrismaClient => client as unknown as PrismaClient;
    const expected = await runOn(pair.prisma, replicas.prisma, scenario);
    const actual = await runOn(facade(pair.facade), facade(replicas.facade), scenario);
    if (process.env.DUMP_EXTENDS)
      console.log(JSON.stringify(expected, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)));
    expect(actual).toEqual(expected);
    // Scenarios catch the errors they expect; an error escaping one would make both sides agree vacuously.
    expect(expected).toHaveProperty("outcome.ok");
    return expected;
  }

  describe("query component", () => {
    it("soft delete: findMany/count hide archived projects, delete and deleteMany archive instead", async () => {
      const softDelete = Prisma.defineExtension((client) =>
        client.$extends({
          name: "soft-delete",
          query: {
            project: {
              async findMany({ args, query }) {
                args.where = { ...args.where, status: { not: "ARCHIVED" } };
                return query(args);
              },
              async count({ args, query }) {
                args.where = { ...args.where, status: { not: "ARCHIVED" } };
                return query(args);
              },
              async delete({ args }) {
                return client.project.update({ where: args.where, data: { status: "ARCHIVED" } });
              },
              async deleteMany({ args }) {
                return client.project.updateMany({ where: args.where, data: { status: "ARCHIVED" } });
              },
            },
          },
        }),
      );
      const expected = await same(async (client) => {
        const x = client.$extends(softDelete);
        const before = await x.project.findMany({ select: { id: true }, orderBy: { id: "asc" } });
        const deleted = await x.project.delete({ where: { id: "p1" }, select: { id: true, status: true } });
        const many = await x.project.deleteMany({ where: { organizationId: "o2" } });
        const after = await x.project.findMany({ select: { id: true }, orderBy: { id: "asc" } });
        return { before, deleted, many, after, count: await x.project.count(), all: await client.project.count() };
      });
      expect(expected).toMatchObject({
        outcome: {
          ok: {
            before: [{ id: "p1" }, { id: "p2" }, { id: "p4" }, { id: "p5" }],
            after: [{ id: "p2" }],
            count: 1,
            all: 5,
          },
        },
      });
    });

    it("tenant scoping through $allModels.$allOperations, also inside both transaction forms", async () => {
      const scoped = new Set(["Membership", "Project", "AuditLog"]);
      const tenant = (organizationId: string) =>
        Prisma.defineExtension({
          name: "tenant",
          query: {
            $allModels: {
              async $allOperations({ model, operation, args, query }) {
                if (!scoped.has(model)) return query(args);
                const a = args as Record<string, unknown>;
                if (operation === "create") a.data = { ...(a.data as object), organizationId };
                else a.where = { ...(a.where as object), organizationId };
                return query(a);
              },
            },
          },
        });
      await same(async (client) => {
        const x = client.$extends(tenant("o1"));
        const projects = await x.project.findMany({ select: { id: true }, orderBy: { id: "asc" } });
        const members = await x.membership.count();
        const audit = await x.auditLog.findMany({ select: { action: true }, orderBy: { id: "asc" } });
        const outside = await x.project.findFirst({ where: { id: "p4" } });
        const renamed = await x.project.updateMany({ data: { name: "renamed" } });
        const created = await x.project.create({
          data: { name: "New", ownerId: "u1" } as unknown as Prisma.ProjectUncheckedCreateInput,
          select: { organizationId: true, name: true },
        });
        const users = await x.user.count();
        const batch = await x.$transaction([
          x.project.count(),
          x.membership.findMany({ select: { id: true }, orderBy: { id: "asc" } }),
        ]);
        const interactive = await x.$transaction(async (tx) => ({
          projects: await tx.project.count(),
          groups: await tx.project.groupBy({ by: ["status"], _count: true, orderBy: { status: "asc" } }),
        }));
        return { projects, members, audit, outside, renamed, created, users, batch, interactive };
      });
    });

    it("logging and timing via top-level $allOperations: model operations and raw queries, args as Prisma passes them", async () => {
      const logging = (log: Log) =>
        Prisma.defineExtension({
          query: {
            async $allOperations({ model, operation, args, query }): Promise<unknown> {
              const started = performance.now();
              try {
                return (await query(args)) as unknown;
              } finally {
                log.push({ model, operation, args: args as unknown, timed: typeof (performance.now() - started) });
              }
            },
          },
        });
      await same(async (client, log) => {
        const x = client.$extends(logging(log));
        const results = [
          await x.user.findMany({
            where: { name: "Ada" },
            include: { memberships: { select: { role: true } } },
            orderBy: { id: "asc" },
          }),
          await x.task.aggregate({ _max: { position: true }, where: { status: "TODO" } }),
          await x.task.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } }),
          await x.user.count({ where: { email: { endsWith: ".org" } } }),
          await x.download.update({
            where: { version_platform: { version: "1.0.0", platform: "linux-x64" } },
            data: { count: { increment: 1 } },
            select: { count: true },
          }),
          await x.$queryRaw`SELECT count(*)::int AS n FROM users WHERE name = ${"Ada"}`,
          await x.$executeRawUnsafe("UPDATE tasks SET position = position + $1 WHERE status = 'DONE'", 10),
          await x.$transaction([
            x.user.findUnique({ where: { id: "u2" }, select: { email: true } }),
            x.session.count(),
          ]),
          await x.user
            .findUnique({ where: { id: "u1" } })
            .memberships({ select: { organizationId: true }, orderBy: { organizationId: "asc" } }),
        ];
        return results;
      });
    });

    it("chains extensions in Prisma's order and passes rewritten args and results along", async () => {
      const tracer = (name: string, log: Log) =>
        Prisma.defineExtension({
          query: {
            user: {
              async findMany({ args, query }) {
                log.push(`${name}:user.findMany`, args);
                return query({ ...args, take: 2, orderBy: { id: "desc" } });
              },
              async $allOperations({ operation, args, query }) {
                log.push(`${name}:user.$allOperations:${operation}`, args);
                const result = await query(args);
                return Array.isArray(result) ? [...result, { injectedBy: name }] : result;
              },
            },
            $allModels: {
              async $allOperations({ model, operation, args, query }) {
                log.push(`${name}:$allModels:${model}.${operation}`);
                return query(args);
              },
            },
          },
        });
      await same(async (client, log) => {
        const x = client.$extends(tracer("A", log)).$extends(tracer("B", log));
        return {
          many: await x.user.findMany({ select: { id: true } }),
          one: await x.user.findFirst({ where: { id: "u3" }, select: { name: true } }),
        };
      });
    });

    it("rejects with the callback's own error, and with Prisma's when the query fails", async () => {
      const guard = Prisma.defineExtension({
        query: {
          task: {
            deleteMany({ args, query }) {
              if (!args.where) throw new Error("refusing deleteMany without where");
              return query(args);
            },
          },
        },
      });
      await same(async (client) => {
        const x = client.$extends(guard);
        const outcomes: unknown[] = [];
        for (const work of [
          () => x.task.deleteMany(),
          () => x.user.findUniqueOrThrow({ where: { id: "nobody" } }),
          () => x.task.deleteMany({ where: { id: "t1" } }),
        ]) {
          outcomes.push(
            await work().then(
              (ok) => ({ ok }),
              (error: unknown) => ({ error }),
            ),
          );
        }
        return outcomes;
      });
    });
  });

  it("edge cases: callbacks owning their args, answering without querying, raw hooks by name, $parent, upsert and *AndReturn", async () => {
    await same(async (client, log) => {
      const x = client
        .$extends({
          result: {
            task: { label: { needs: { title: true, status: true }, compute: (t) => `${t.status}:${t.title}` } },
          },
        })
        .$extends({
          name: "edges",
          query: {
            task: {
              findFirst({ args }) {
                // Answers from a "cache" without querying: result extensions still apply, with the caller's args.
                log.push(args);
                return Promise.resolve({ id: "cached", title: "Cached", status: "TODO" });
              },
              findMany({ args, query }) {
                (args.where as Record<string, unknown>).title = { not: "Zap" };
                return query(args);
              },
            },
            $executeRaw({ args, query }) {
              log.push(["$executeRaw", args]);
              return query(args);
            },
          },
        });
      const callerArgs = {
        where: { status: "TODO" as const },
        select: { id: true, label: true },
        orderBy: { id: "asc" as const },
      };
      const many = await x.task.findMany(callerArgs);
      return {
        many,
        callerArgsUntouched: callerArgs,
        cached: await x.task.findFirst({ where: { id: "t1" } }),
        executed: await x.$executeRaw`UPDATE tasks SET position = ${3} WHERE id = ${"t4"}`,
        // A malformed template (two strings, no value) rejects when run; it does not throw at the call.
        malformed: await x.$queryRaw(["SELECT ", ""] as unknown as TemplateStringsArray).then(
          (ok) => ({ ok }),
          (error: unknown) => ({ error }),
        ),
        upserted: await x.task.upsert({
          where: { id: "t7" },
          create: { id: "t7", projectId: "p1", title: "New", position: 9 },
          update: {},
          select: { label: true },
        }),
        updatedMany: await x.task.updateManyAndReturn({
          where: { projectId: "p2" },
          data: { status: "DONE" },
          select: { id: true, label: true },
        }),
        parents: [
          (x as unknown as { $parent: unknown }).$parent === client,
          (x.task as unknown as { $parent: unknown }).$parent === client,
          (client as unknown as { $parent: unknown }).$parent === client,
        ],
        names: [(x.task as unknown as { $name: string }).$name, (x.task as unknown as { name: string }).name],
      };
    });
  });

  describe("result component", () => {
    const computed = Prisma.defineExtension({
      result: {
        user: {
          display: { needs: { name: true, email: true }, compute: (u) => `${u.name} <${u.email}>` },
          domain: { needs: { email: true }, compute: (u) => u.email.split("@")[1] },
        },
        $allModels: {
          kind: { needs: {}, compute: () => "record" },
        },
        task: {
          late: { needs: { status: true, position: true }, compute: (t) => t.status !== "DONE" && t.position > 0 },
        },
      },
    });

    it("computes fields whose needs are selected, at every depth, and only those selected under select", async () => {
      await same(async (client) => {
        const x = client.$extends(computed);
        return {
          plain: await x.user.findFirst({ where: { id: "u1" } }),
          selectedOnly: await x.user.findMany({ select: { display: true }, orderBy: { id: "asc" } }),
          selectedWithNeed: await x.user.findUnique({ where: { id: "u2" }, select: { display: true, email: true } }),
          needMissing: await x.user.findUnique({ where: { id: "u2" }, select: { name: true } }),
          omitNeed: await x.user.findUnique({ where: { id: "u3" }, omit: { email: true } }),
          omitComputed: await x.user.findUnique({ where: { id: "u3" }, omit: { display: true } }),
          nested: await x.project.findMany({
            where: { organizationId: "o1" },
            select: {
              name: true,
              owner: { select: { domain: true } },
              tasks: { select: { late: true, title: true }, orderBy: { id: "asc" } },
            },
            orderBy: { id: "asc" },
          }),
          included: await x.membership.findMany({
            include: { user: true },
            where: { organizationId: "o2" },
            orderBy: { id: "asc" },
          }),
          fluent: await x.user.findUnique({ where: { id: "u1" } }).assignedTasks({ orderBy: { id: "asc" } }),
          grouped: await x.task.groupBy({
            by: ["status", "position"],
            orderBy: [{ status: "asc" }, { position: "asc" }],
          }),
          counted: await x.user.count(),
          created: await x.user.create({
            data: { id: "u9", email: "new@example.com", name: "New" },
            select: { display: true, id: true },
          }),
          updated: await x.task.update({ where: { id: "t3" }, data: { position: 0 } }),
          deleted: await x.task.delete({ where: { id: "t5" }, select: { late: true } }),
          createdMany: await x.task.createManyAndReturn({
            data: [{ id: "t9", projectId: "p2", title: "More", position: 4 }],
            select: { late: true, id: true },
          }),
        };
      });
    });

    it("computes on first access and once per record; a field named in select is computed by the query itself", async () => {
      await same(async (client, log) => {
        const x = client.$extends({
          result: {
            user: {
              traced: { needs: { id: true }, compute: (u) => (log.push(`compute ${u.id}`), u.id.toUpperCase()) },
            },
          },
        });
        const users = await x.user.findMany({ where: { id: { in: ["u1", "u2"] } }, orderBy: { id: "asc" } });
        log.push("fetched");
        const lazy = [users[1]!.traced, users[1]!.traced, users[0]!.traced];
        const selected = await x.user.findMany({
          where: { id: { in: ["u3", "u4"] } },
          select: { traced: true },
          orderBy: { id: "asc" },
        });
        log.push("fetched with select");
        return { lazy, selected };
      });
    });

    it("chains result extensions: fields needing computed fields, redefinitions, and query callbacks rewriting args", async () => {
      await same(async (client, log) => {
        const x = client
          .$extends(computed)
          .$extends({
            result: {
              user: {
                shout: { needs: { display: true }, compute: (u) => u.display.toUpperCase() },
                domain: { needs: { email: true }, compute: (u) => `@${(u as typeof u & { domain: string }).domain}` },
              },
            },
          })
          .$extends({
            query: {
              user: {
                findFirst({ args, query }) {
                  log.push(args);
                  return query(args.select ? { ...args, select: { ...args.select, email: true } } : args);
                },
              },
            },
          });
        return {
          all: await x.user.findFirst({ where: { id: "u4" } }),
          // Prisma resolves `shout`'s needs to name/email and, under select, leaves `display` out of
          // what compute sees: the compute throws, from the query itself (the field is selected).
          shoutOnly: await x.user.findFirst({ where: { id: "u4" }, select: { shout: true } }).then(
            (ok) => ({ ok }),
            (error: unknown) => ({ error }),
          ),
          domainOnly: await x.user.findFirst({ where: { id: "u4" }, select: { domain: true } }),
        };
      });
    });

    it("resolves name clashes as Prisma does: a model beats $allModels, a later extension beats an earlier one", async () => {
      await same(async (client) => {
        const x = client
          .$extends({
            result: {
              $allModels: { tag: { needs: {}, compute: () => "all" } },
              user: {
                tag: { needs: { id: true }, compute: (u) => `user ${u.id}` },
                initial: { needs: { name: true }, compute: (u) => u.name[0] },
              },
            },
            model: { $allModels: { where: () => "all" }, user: { where: () => "user" } },
            client: { $who: () => "first" },
          })
          .$extends({
            result: {
              user: {
                initial: { needs: { name: true }, compute: (u) => `${(u as typeof u & { initial: string }).initial}.` },
              },
            },
            client: { $who: () => "second" },
          });
        return {
          user: await x.user.findFirst({ where: { id: "u2" }, select: { tag: true, initial: true } }),
          task: await x.task.findFirst({ where: { id: "t1" }, select: { tag: true, title: true } }),
          // A select of nothing but fields without needs selects nothing: Prisma's validation error.
          emptySelect: await x.task.findFirst({ where: { id: "t1" }, select: { tag: true } }).then(
            (ok) => ({ ok }),
            (error: unknown) => ({ error }),
          ),
          nested: await x.membership.findFirst({
            where: { id: "m1" },
            include: {
              user: { select: { initial: true, tag: true } },
              organization: { omit: { createdAt: true, updatedAt: true } },
            },
          }),
          methods: [
            (x.user as unknown as { where(): string }).where(),
            (x.task as unknown as { where(): string }).where(),
            x.$who(),
          ],
        };
      });
    });

    it("gives extended transaction clients, in both transaction forms", async () => {
      await same(async (client) => {
        const x = client.$extends(computed);
        const interactive = await x.$transaction(async (tx) =>
          tx.user.findUnique({ where: { id: "u5" }, select: { display: true } }),
        );
        const batch = await x.$transaction([
          x.user.findMany({ where: { id: "u6" }, select: { domain: true } }),
          x.task.findFirst({ where: { id: "t2" } }),
        ]);
        return { interactive, batch };
      });
    });
  });

  describe("result component, generated", () => {
    /** Computed fields on every model: one from $allModels, one with several needs per model. */
    const everywhere = Prisma.defineExtension({
      result: {
        // Prisma types `needs` of $allModels as empty (no field is known to exist everywhere); at run time it works.
        $allModels: {
          ref: { needs: { id: true } as never, compute: (r) => `ref:${String((r as { id: unknown }).id)}` },
        },
        user: { display: { needs: { name: true, email: true }, compute: (u) => `${u.name} <${u.email}>` } },
        organization: { tag: { needs: { slug: true, plan: true }, compute: (o) => `${o.slug}/${o.plan}` } },
        membership: {
          key: { needs: { organizationId: true, userId: true }, compute: (m) => `${m.organizationId}:${m.userId}` },
        },
        project: { label: { needs: { name: true, status: true }, compute: (p) => `${p.status} ${p.name}` } },
        task: {
          late: { needs: { status: true, position: true }, compute: (t) => t.status !== "DONE" && t.position > 0 },
        },
        auditLog: {
          what: { needs: { entityType: true, action: true }, compute: (a) => `${a.entityType} ${a.action}` },
        },
      },
    });
    const own: Record<ModelKey, string> = {
      user: "display",
      organization: "tag",
      membership: "key",
      project: "label",
      task: "late",
      auditLog: "what",
    };

    /** Adds computed fields to every `select` of the generated arguments, at every depth, as `pick` says. */
    function withComputed(model: ModelKey, args: Record<string, unknown>, pick: number): Record<string, unknown> {
      const out = { ...args };
      for (const key of ["select", "include"] as const) {
        const selection = args[key];
        if (!selection || typeof selection !== "object") continue;
        const next: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(selection)) {
          const relation = SPECS[model].relations[field];
          next[field] =
            relation && value && typeof value === "object"
              ? withComputed(relation.target, value as Record<string, unknown>, pick >> 2)
              : value;
        }
        if (key === "select") {
          if (pick & 1) next[own[model]] = true;
          if (pick & 2) next.ref = true;
        }
        out[key] = next;
      }
      return out;
    }

    it(
      "gives the same records, computed fields included, for generated reads with select/include/omit",
      async () => {
        await seed(db);
        const prismaX = pair.prisma.$extends(everywhere) as unknown as Record<
          ModelKey,
          Record<string, (a: unknown) => Promise<unknown>>
        >;
        const facadeX = (pair.facade as unknown as PrismaClient).$extends(everywhere) as unknown as typeof prismaX;
        const reads = readCaseArb.filter((c: ReadCase) => c.op.startsWith("find"));
        await fc.assert(
          fc.asyncProperty(reads, fc.nat(255), async (c, pick) => {
            const args = withComputed(c.model, c.args, pick);
            const run = (x: typeof prismaX): Promise<unknown> =>
              x[c.model][c.op]!(args).then(normalize, (error: unknown) => ({ error: normalize(error) }));
            const expected = await run(prismaX);
            const actual = await run(facadeX);
            const sorted = (v: unknown): unknown =>
              c.ordered || !Array.isArray(v)
                ? v
                : v.map((r) => JSON.stringify(r, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))).sort();
            expect(
              sorted(actual),
              `${c.model}.${c.op}(${JSON.stringify(args, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))})`,
            ).toEqual(sorted(expected));
          }),
          { numRuns: GENERATED_RUNS },
        );
      },
      Math.max(120_000, GENERATED_RUNS * 150),
    );
  });

  describe("model and client components", () => {
    const methods = Prisma.defineExtension({
      model: {
        user: {
          async findByEmail(email: string) {
            const ctx = Prisma.getExtensionContext(this);
            return ctx.findFirst({ where: { email }, select: { id: true, name: true } });
          },
          describe() {
            const ctx = Prisma.getExtensionContext(this);
            return { name: ctx.$name, parentHasUser: typeof (ctx.$parent as { user?: unknown }).user };
          },
        },
        $allModels: {
          async exists<T>(this: T, where: Prisma.Args<T, "findFirst">["where"]): Promise<boolean> {
            const ctx = Prisma.getExtensionContext(this) as unknown as { findFirst(args: unknown): Promise<unknown> };
            return (await ctx.findFirst({ where })) !== null;
          },
        },
      },
      client: {
        async $userCount() {
          const ctx = Prisma.getExtensionContext(this);
          return ctx.user.count();
        },
        async $ping() {
          const ctx = Prisma.getExtensionContext(this);
          return ctx.$queryRaw<{ ok: number }[]>`SELECT 1::int AS ok`;
        },
      },
    });

    it("adds model methods with Prisma.getExtensionContext(this), on every model for $allModels", async () => {
      await same(async (client) => {
        const x = client.$extends(methods);
        return {
          found: await x.user.findByEmail("bob_b@example.com"),
          missing: await x.user.findByEmail("nobody@example.com"),
          described: x.user.describe(),
          projectExists: await x.project.exists({ name: { startsWith: "Apollo" } }),
          taskExists: await x.task.exists({ position: { gt: 100 } }),
        };
      });
    });

    it("adds client methods, keeps them on transaction clients, and leaves the base client unchanged", async () => {
      await same(async (client) => {
        const x = client.$extends(methods);
        const inTx = await x.$transaction(async (tx) => ({
          count: await tx.$userCount(),
          found: await tx.user.findByEmail("ada@example.com"),
          exists: await tx.membership.exists({ role: "ADMIN" }),
        }));
        const base = client as unknown as Record<string, unknown>;
        return {
          count: await x.$userCount(),
          ping: await x.$ping(),
          inTx,
          baseUntouched: [typeof base.$userCount, typeof (base.user as Record<string, unknown>).findByEmail],
        };
      });
    });

    it("routes reads to a replica read-replica style, keeping transactions and writes on the primary", async () => {
      const reads = new Set([
        "findUnique",
        "findUniqueOrThrow",
        "findFirst",
        "findFirstOrThrow",
        "findMany",
        "count",
        "aggregate",
        "groupBy",
        "$queryRawUnsafe",
      ]);
      const readReplica = (replica: PrismaClient, log: Log) =>
        Prisma.defineExtension((client) =>
          client.$extends({
            client: {
              $primary() {
                return client;
              },
            },
            query: {
              $allOperations(params) {
                const { model, operation, query } = params;
                const args = params.args as unknown;
                const { transaction } = (params as unknown as { __internalParams: { transaction?: unknown } })
                  .__internalParams;
                if (transaction || !reads.has(operation)) {
                  log.push(["primary", model, operation]);
                  return query(args);
                }
                log.push(["replica", model, operation]);
                const target = replica as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>> &
                  Record<string, (...a: unknown[]) => Promise<unknown>>;
                return model ? target[model]![operation]!(args) : target[operation]!(...(args as unknown[]));
              },
            },
          }),
        );
      await same(async (client, log, replica) => {
        const x = client.$extends(readReplica(replica, log));
        return {
          read: await x.user.findMany({ where: { name: "Ada" }, select: { id: true }, orderBy: { id: "asc" } }),
          raw: await x.$queryRawUnsafe('SELECT count(*)::int AS n FROM tasks WHERE status = $1::"TaskStatus"', "TODO"),
          write: await x.task.update({ where: { id: "t1" }, data: { title: "Redesign" }, select: { title: true } }),
          inTx: await x.$transaction(async (tx) => tx.task.count()),
          primary: await x.$primary().task.findUnique({ where: { id: "t1" }, select: { title: true } }),
        };
      });
    });
  });

  describe("$on('query') and $use", () => {
    function openLogging(): { prisma: PrismaClient; facade: PrismaClient; close(): Promise<void> } {
      const pair = openClientPair(db.url, [{ emit: "event", level: "query" }]);
      return { prisma: pair.prisma, facade: pair.facade as unknown as PrismaClient, close: () => pair.close() };
    }

    it("emits one event per statement with Prisma's shape, and a COMMIT for an interactive transaction", async () => {
      const clients = openLogging();
      try {
        await seed(db);
        const shapes: unknown[] = [];
        for (const client of [clients.prisma, clients.facade]) {
          const events: Prisma.QueryEvent[] = [];
          (client as PrismaClient<"query">).$on("query", (e) => events.push(e));
          await client.user.findMany({ where: { email: "ada@example.com" } });
          const afterRead = events.length;
          await client.$transaction(async (tx) => tx.task.count());
          const typed = events.map((e) => ({
            keys: Object.keys(e).sort(),
            timestamp: e.timestamp instanceof Date,
            duration: typeof e.duration,
            params: Array.isArray(JSON.parse(e.params)),
          }));
          shapes.push({
            typed,
            readMentionsTable: events
              .slice(0, afterRead)
              .some((e) => e.query.includes("users") && e.params.includes("ada@example.com")),
            last: events.at(-1)?.query,
            extendedOn: typeof (client.$extends({}) as unknown as Record<string, unknown>).$on,
          });
        }
        expect(shapes[1]).toEqual(shapes[0]);
        expect(shapes[0]).toMatchObject({ readMentionsTable: true, last: "COMMIT", extendedOn: "undefined" });
      } finally {
        await clients.close();
      }
    });

    it("reports transaction ends as Prisma does (COMMIT/ROLLBACK, no BEGIN) and no event for a failed statement", async () => {
      const clients = openLogging();
      try {
        await seed(db);
        const verbs: string[][] = [];
        for (const client of [clients.prisma, clients.facade]) {
          const seen: string[] = [];
          (client as PrismaClient<"query">).$on("query", (e) => seen.push(e.query.split(" ")[0]!.toUpperCase()));
          await client.$transaction([client.user.count(), client.task.findMany({ where: { id: "t1" } })]);
          await client
            .$transaction(async (tx) => {
              await tx.user.count();
              throw new Error("give up");
            })
            .catch(() => undefined);
          await client.user
            .create({ data: { id: "u1", email: "dup@example.com", name: "Dup" } })
            .catch(() => undefined);
          await client.task.update({ where: { id: "t2" }, data: { position: 7 }, select: { id: true } });
          verbs.push(seen);
        }
        expect(verbs[1]).toEqual(verbs[0]);
        expect(verbs[0]).toEqual(["SELECT", "SELECT", "COMMIT", "SELECT", "ROLLBACK", "UPDATE"]);
      } finally {
        await clients.close();
      }
    });

    it("emits nothing without the query log level; $use does not exist (Prisma 7)", async () => {
      const observed: unknown[] = [];
      for (const client of [pair.prisma, pair.facade as unknown as PrismaClient]) {
        const events: unknown[] = [];
        (client as unknown as { $on(level: string, cb: (e: unknown) => void): void }).$on("query", (e) =>
          events.push(e),
        );
        await client.user.count();
        const use = (client as unknown as { $use?: unknown }).$use;
        let useError: unknown;
        try {
          (client as unknown as { $use(fn: unknown): void }).$use(() => undefined);
        } catch (error) {
          useError = { name: (error as Error).name, message: (error as Error).message };
        }
        observed.push({ events: events.length, use: typeof use, useError });
      }
      expect(observed[1]).toEqual(observed[0]);
      expect(observed[0]).toMatchObject({ events: 0, use: "undefined", useError: { name: "TypeError" } });
    });
  });
});
