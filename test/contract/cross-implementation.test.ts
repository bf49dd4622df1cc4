/**
 * Rows written by one implementation read identically through every other: the promise that lets a
 * team move call sites one at a time while both ORMs share one database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSessionToken } from "../../src/domain/tokens.ts";
import { openRepositories } from "../../src/implementations.ts";
import type { ImplementationName, Repositories } from "../../src/repositories/index.ts";
import { useTestDatabase } from "../support/database.ts";
import { unique } from "./fixtures.ts";
import { CONTRACT_IMPLEMENTATIONS } from "./implementations.ts";

describe("cross-implementation reads", () => {
  const db = useTestDatabase();
  const opened = new Map<ImplementationName, Repositories>();

  beforeAll(async () => {
    for (const name of CONTRACT_IMPLEMENTATIONS) opened.set(name, await openRepositories(name, { url: db.url }));
  });
  afterAll(async () => {
    for (const repos of opened.values()) await repos.close();
  });

  const pairs = CONTRACT_IMPLEMENTATIONS.flatMap((writer) =>
    CONTRACT_IMPLEMENTATIONS.filter((r) => r !== writer).map((reader) => [writer, reader] as const),
  );

  it.each(pairs)("rows written by %s read identically through %s", async (writerName, readerName) => {
    const writer = opened.get(writerName)!;
    const reader = opened.get(readerName)!;

    const owner = await writer.users.create({ email: `${unique("x")}@example.com`, name: "Zoë Writer" });
    const { organization } = await writer.organizations.createWithOwner({
      slug: unique("cross"),
      name: "Cross",
      plan: "ENTERPRISE",
      ownerId: owner.id,
    });
    const project = await writer.projects.create({
      organizationId: organization.id,
      ownerId: owner.id,
      name: "Shared",
      metadata: { n: 1.5, list: ["a", null], deep: { ok: true } },
      tags: ["x", "y z"],
    });
    await writer.tasks.createMany(project.id, [{ title: "one" }, { title: "two", status: "DONE" }]);
    const tokenHash = hashSessionToken(unique("token"));
    const session = await writer.sessions.create({
      userId: owner.id,
      tokenHash,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const release = await writer.downloads.upsertRelease({
      version: "1.0.0",
      platform: unique("platform"),
      url: "https://example.com/x",
      releasedAt: new Date("2026-03-04T05:06:07.089Z"),
    });
    const entry = await writer.audit.append({
      entityType: "cross",
      entityId: project.id,
      action: "written",
      before: { a: [1, 2] },
      after: { b: "ü" },
    });

    expect(await reader.users.getById(owner.id)).toEqual(owner);
    expect(await reader.organizations.findBySlug(organization.slug)).toEqual(organization);
    expect(await reader.projects.getDetail(project.id)).toEqual(await writer.projects.getDetail(project.id));
    expect(await reader.tasks.listForProject(project.id)).toEqual(await writer.tasks.listForProject(project.id));
    expect(await reader.sessions.findActiveByTokenHash(tokenHash)).toEqual({ ...session, user: owner });
    expect((await reader.downloads.latestPerPlatform()).find((d) => d.id === release.id)).toEqual(release);
    expect((await reader.audit.listForEntity({ entityType: "cross", entityId: project.id })).items).toEqual([entry]);
    expect(await reader.organizations.listForUser(owner.id)).toEqual(await writer.organizations.listForUser(owner.id));
  });
});
