/** Users through Drizzle: single statements, keyset pagination on the primary key. */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { and, asc, eq, gt, ilike, or } from "drizzle-orm";
import { notFound } from "../domain/errors.ts";
import type { ListUsersQuery, UserRepository } from "../repositories/users.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toUser } from "./mappers.ts";
import { users } from "./schema.ts";
import { containsPattern } from "../domain/search.ts";

/** The user repository on `ctx` (input arrives validated and normalized: emails lower-cased). */
export function drizzleUsers({ db }: DrizzleContext): UserRepository {
  const findById = (id: string) =>
    translateErrors(async () => {
      const [row] = await db.select().from(users).where(eq(users.id, id));
      return row ? toUser(row) : null;
    });

  return {
    create: (input) =>
      translateErrors(async () => {
        const [row] = await db.insert(users).values({ email: input.email, name: input.name }).returning();
        return toUser(row!);
      }),

    findById,

    async getById(id) {
      const user = await findById(id);
      if (!user) throw notFound("User", { id });
      return user;
    },

    // Emails are stored lower-cased, so equality on the unique index is the case-insensitive match.
    findByEmail: (email) =>
      translateErrors(async () => {
        const [row] = await db.select().from(users).where(eq(users.email, email));
        return row ? toUser(row) : null;
      }),

    // `updatedAt` comes from the column's $onUpdate, so it moves even when the values do not.
    update: (id, patch) =>
      translateErrors(async () => {
        const [row] = await db.update(users).set({ email: patch.email, name: patch.name }).where(eq(users.id, id)).returning();
        if (!row) throw notFound("User", { id });
        return toUser(row);
      }),

    // Memberships and sessions cascade and tasks are unassigned by the foreign keys; owned projects
    // RESTRICT the delete, which arrives as a foreign-key violation and becomes CONFLICT.
    delete: (id) =>
      translateErrors(async () => {
        const deleted = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
        if (deleted.length === 0) throw notFound("User", { id });
      }, "delete"),

    list: (input: ListUsersQuery) =>
      translateErrors(async () => {
        const { limit } = input;
        const pattern = input.search === undefined ? undefined : containsPattern(input.search);
        const rows = await db
          .select()
          .from(users)
          .where(and(input.cursor ? gt(users.id, input.cursor) : undefined, pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined))
          .orderBy(asc(users.id))
          .limit(keysetFetchSize(limit));
        return keysetPage(rows, limit, toUser);
      }),
  };
}
