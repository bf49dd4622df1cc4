/**
 * The Prisma implementation of the repositories on any PrismaClient-shaped client. Apart from
 * repositories.ts (which opens a real PrismaClient) so that the facade's use of it
 * (src/compat/prisma-on-drizzle.ts) brings no PrismaClient, hence no query compiler, into a bundle:
 * this module and everything it imports take the generated client for types only.
 */
import type { Repositories, RepositorySet } from "../repositories/index.ts";
import { withValidation } from "../repositories/with-validation.ts";
import { prismaAudit } from "./audit.ts";
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
    transaction: (work) =>
      client.$transaction((tx) => work(repositorySet(transactionContext(tx))), TRANSACTION_OPTIONS),
    close: options.close ?? (async () => {}),
  });
}
