/**
 * The backend switch: configuration from the environment (defaults, per-aggregate overrides,
 * rejection of unknown values and settings at start-up) and repositories assembled from several
 * implementations on one pool, with units of work on one implementation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AGGREGATES,
  DataLayerConfigError,
  type SwitchedRepositories,
  createRepositories,
  dataLayerConfigFromEnv,
  resolveLayout,
} from "../../src/rollout/backend-switch.ts";
import { useTestDatabase } from "../support/database.ts";

describe("backend switch: configuration", () => {
  it("defaults every aggregate to prisma when nothing is set", () => {
    const layout = resolveLayout(dataLayerConfigFromEnv({}));
    expect(layout.default).toBe("prisma");
    expect(Object.values(layout.aggregates)).toEqual(AGGREGATES.map(() => "prisma"));
    expect(layout.unitOfWork).toBe("prisma");
  });

  it("reads DATA_LAYER, DATA_LAYER_<AGGREGATE> and the dual-run settings", () => {
    const config = dataLayerConfigFromEnv({
      DATA_LAYER: "drizzle",
      DATA_LAYER_PROJECTS: "sql",
      DATA_LAYER_AUDIT: "prisma-on-drizzle",
      DUAL_RUN_USERS: "sql",
      DUAL_RUN_SAMPLE_RATE: "0.25",
      DUAL_RUN_TIMEOUT_MS: "150",
      UNRELATED: "ignored",
    });
    const layout = resolveLayout(config);
    expect(layout.aggregates).toEqual({
      users: "drizzle",
      sessions: "drizzle",
      organizations: "drizzle",
      projects: "sql",
      tasks: "drizzle",
      downloads: "drizzle",
      audit: "prisma-on-drizzle",
    });
    expect(layout.dualRun).toEqual({ users: "sql" });
    expect(layout.unitOfWork).toBe("drizzle");
    expect(config.dualRunOptions).toEqual({ sampleRate: 0.25, timeoutMs: 150 });
    expect(
      resolveLayout(dataLayerConfigFromEnv({ DATA_LAYER: "drizzle", DATA_LAYER_USERS: "drizzle" })).unitOfWork,
    ).toBe("drizzle");
    expect(
      resolveLayout({ default: "prisma", aggregates: Object.fromEntries(AGGREGATES.map((a) => [a, "sql"])) })
        .unitOfWork,
    ).toBe("sql");
  });

  it.each([
    [
      { DATA_LAYER: "mongoose" },
      /DATA_LAYER="mongoose" is not an implementation; expected one of prisma, drizzle, sql, prisma-on-drizzle/,
    ],
    [{ DATA_LAYER_PROJECTS: "Drizzle" }, /DATA_LAYER_PROJECTS="Drizzle" is not an implementation/],
    [{ DATA_LAYER_PROJECT: "drizzle" }, /unknown setting DATA_LAYER_PROJECT/],
    [{ DUAL_RUN_TASKZ: "sql" }, /unknown setting DUAL_RUN_TASKZ/],
    [{ DUAL_RUN_SAMPLE_RATE: "1.5" }, /DUAL_RUN_SAMPLE_RATE="1.5" is not a number between 0 and 1/],
    [{ DUAL_RUN_TIMEOUT_MS: "soon" }, /DUAL_RUN_TIMEOUT_MS="soon" is not a positive number/],
    [{ DATA_LAYER: "drizzle", DUAL_RUN_USERS: "drizzle" }, /candidate "drizzle" is already the primary/],
  ])("rejects %j at start-up", (env, message) => {
    expect(() => dataLayerConfigFromEnv(env)).toThrow(DataLayerConfigError);
    expect(() => dataLayerConfigFromEnv(env)).toThrow(message);
  });

  it("rejects unknown aggregates and implementations in a programmatic configuration", () => {
    expect(() => resolveLayout({ aggregates: { project: "sql" } as never })).toThrow(/unknown aggregate "project"/);
    expect(() => resolveLayout({ default: "typeorm" as never })).toThrow(/default="typeorm"/);
  });
});

describe("backend switch: repositories", () => {
  const db = useTestDatabase();
  let repos: SwitchedRepositories;

  beforeAll(async () => {
    repos = await createRepositories(
      { default: "drizzle", aggregates: { projects: "sql", tasks: "sql" } },
      { url: db.url },
    );
  });
  afterAll(async () => {
    await repos?.close();
  });
  beforeEach(async () => {
    await db.reset();
  });

  it("serves each aggregate from its configured implementation, each opened once", () => {
    expect([...repos.opened.keys()].sort()).toEqual(["drizzle", "sql"]);
    expect(repos.projects).toBe(repos.opened.get("sql")!.projects);
    expect(repos.tasks).toBe(repos.opened.get("sql")!.tasks);
    expect(repos.users).toBe(repos.opened.get("drizzle")!.users);
    expect(repos.implementation).toBe("drizzle");
    expect(repos.dualRun).toBeUndefined();
  });

  it("mixes implementations on one database: rows written by one are read by the other", async () => {
    const owner = await repos.users.create({ email: "mix@example.com", name: "Mix" });
    const { organization } = await repos.organizations.createWithOwner({ slug: "mix", name: "Mix", ownerId: owner.id });
    const project = await repos.projects.create({
      organizationId: organization.id,
      ownerId: owner.id,
      name: "Mixed",
      tags: ["a"],
    });
    await repos.tasks.createMany(project.id, [{ title: "t" }]);
    expect(await repos.projects.getDetail(project.id)).toMatchObject({
      id: project.id,
      owner: { id: owner.id },
      taskCounts: { TODO: 1, IN_PROGRESS: 0, DONE: 0 },
    });
    expect(await repos.opened.get("drizzle")!.projects.getDetail(project.id)).toEqual(
      await repos.projects.getDetail(project.id),
    );
  });

  it("runs a unit of work in one transaction on the default implementation", async () => {
    const failure = await repos
      .transaction(async (tx) => {
        const owner = await tx.users.create({ email: "tx@example.com", name: "Tx" });
        await tx.organizations.createWithOwner({ slug: "tx", name: "Tx", ownerId: owner.id });
        throw new Error("roll back");
      })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe("roll back");
    expect(await db.query("SELECT 1 FROM users")).toHaveLength(0);
    expect(await db.query("SELECT 1 FROM organizations")).toHaveLength(0);
  });

  it("dual-runs a configured aggregate and exposes the counters", async () => {
    const dual = await createRepositories(
      { default: "drizzle", dualRun: { users: "sql" }, dualRunOptions: { timeoutMs: 5000, onReport: () => {} } },
      { url: db.url },
    );
    try {
      const user = await dual.users.create({ email: "dual@example.com", name: "Dual" });
      expect(await dual.users.getById(user.id)).toEqual(user);
      expect(await dual.users.findByEmail("DUAL@example.com")).toEqual(user);
      expect(dual.dualRun!.stats().total).toMatchObject({
        calls: 2,
        sampled: 2,
        matches: 2,
        mismatches: 0,
        candidateErrors: 0,
      });
    } finally {
      await dual.close();
    }
  });
});
