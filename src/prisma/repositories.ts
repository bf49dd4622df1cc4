/**
 * The Prisma implementation of the repositories: idiomatic Prisma Client (include/select/_count,
 * nested writes, interactive transactions, upsert, increment, groupBy) over a driver adapter.
 */
import type { ConnectionOptions } from "../db/connection.ts";
import type { Repositories, RepositorySet } from "../repositories/index.ts";
import { withValidation } from "../repositories/with-validation.ts";
import { prismaAudit } from "./audit.ts";
import { createPrismaClientOnPool, prismaClientFor, releasePrismaClient } from "./client.ts";
import { type PrismaContext, rootContext, TRANSACTION_OPTIONS, transactionContext } from "./context.ts";
import { prismaDownloads } from "./downloads.ts";
import type { PrismaClient } from "./generated/client.ts";
import { prismaOrganizations } from "./organizations.ts";
import { prismaProjects } from "./projects.ts";
import { prismaSessions } from "./sessions.ts";
import { prismaTasks } from "./tasks.ts";
import { prismaUsers } from "./users.ts";

function repositorySet(ctx: PrismaContext): RepositorySet {
  return {
    users: prismaUsers(ctx),
    sessions: prismaSessions(ctx),
    organizations: prismaOrganizations(ctx),
    projects: prismaProjects(ctx),
    tasks: prismaTasks(ctx),
    downloads: prismaDownloads(ctx),
    audit: prismaAudit(ctx),
  };
}

/**
 * The repositories on any PrismaClient-shaped client (a real PrismaClient on any adapter, or the
 * compat facade over Drizzle). `close` is what `Repositories.close()` does; default: nothing.
 */
export function createPrismaRepositoriesOnClient(
  client: PrismaClient,
  options: { close?: () => Promise<void>; implementation?: Repositories["implementation"] } = {},
): Repositories {
  return withValidation({
    ...repositorySet(rootContext(client)),
    implementation: options.implementation ?? "prisma",
    transaction: (work) => client.$transaction((tx) => work(repositorySet(transactionContext(tx))), TRANSACTION_OPTIONS),
    close: options.close ?? (async () => {}),
  });
}

/** The Prisma implementation over adapter-pg: the process-wide client for `url`, or a client on `pool`. */
export function createPrismaRepositories(options: ConnectionOptions): Repositories {
  if (options.pool) {
    const client = createPrismaClientOnPool(options.pool);
    return createPrismaRepositoriesOnClient(client, { close: () => client.$disconnect() });
  }
  if (!options.url) throw new Error("prisma: pass a url or a pool");
  const url = options.url;
  return createPrismaRepositoriesOnClient(prismaClientFor(url), { close: () => releasePrismaClient(url) });
}
