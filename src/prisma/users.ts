import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { notFound } from "../domain/errors.ts";
import type { ListUsersQuery, UserRepository } from "../repositories/users.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";
import { escapeLike } from "../domain/search.ts";

export function prismaUsers({ db }: PrismaContext): UserRepository {
  return {
    create: (input) => translating("User", "write", () => db.user.create({ data: input })),
    findById: (id) => translating("User", "write", () => db.user.findUnique({ where: { id } })),
    getById: (id) =>
      translating("User", "write", async () => {
        const user = await db.user.findUnique({ where: { id } });
        if (!user) throw notFound("User", { id });
        return user;
      }),
    // Emails are stored lower-cased (the boundary normalizes them), so equality is case-insensitive.
    findByEmail: (email) => translating("User", "write", () => db.user.findUnique({ where: { email } })),
    update: (id, patch) => translating("User", "write", () => db.user.update({ where: { id }, data: patch })),
    delete: (id) =>
      translating("User", "delete", async () => {
        await db.user.delete({ where: { id } });
      }),
    list: ({ search, limit, cursor }: ListUsersQuery) =>
      translating("User", "write", async () => {
        // Keyset on id (`id > cursor`) rather than Prisma's `cursor` option, which needs the cursor row
        // to still exist and costs an extra subquery.
        const rows = await db.user.findMany({
          where: {
            ...(cursor ? { id: { gt: cursor } } : {}),
            ...(search
              ? {
                  OR: [
                    { name: { contains: escapeLike(search), mode: "insensitive" as const } },
                    { email: { contains: escapeLike(search), mode: "insensitive" as const } },
                  ],
                }
              : {}),
          },
          orderBy: { id: "asc" },
          take: keysetFetchSize(limit),
        });
        return keysetPage(rows, limit, (user) => user);
      }),
  };
}
