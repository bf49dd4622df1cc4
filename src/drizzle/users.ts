/** Users through Drizzle: single statements, keyset pagination on the primary key. */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { newId } from "../domain/ids.ts";
import { and, asc, eq, gt, ilike, or, sql } from "drizzle-orm";
import { notFound } from "../domain/errors.ts";
import type { ListUsersQuery, UserRepository } from "../repositories/users.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toUser } from "./mappers.ts";
import { users } from "./schema.ts";
import { placeholderOf } from "./sql-helpers.ts";
import { containsPattern } from "../domain/search.ts";

/**
 * The user repository on `ctx` (input arrives validated and normalized: emails lower-cased). The
 * statements are prepared once (see `DrizzleContext.prepared`); values that $defaultFn/$onUpdate
 * would compute are passed explicitly, since in a prepared statement they would be computed once.
 */
export function drizzleUsers({ db, prepared }: DrizzleContext): UserRepository {
  const byId = () =>
    prepared("users.findById", (name) =>
      db
        .select()
        .from(users)
        .where(eq(users.id, sql.placeholder("id")))
        .prepare(name),
    );
  const byEmail = () =>
    prepared("users.findByEmail", (name) =>
      db
        .select()
        .from(users)
        .where(eq(users.email, sql.placeholder("email")))
        .prepare(name),
    );
  const insert = () =>
    prepared("users.create", (name) =>
      db
        .insert(users)
        .values({
          id: sql.placeholder("id"),
          email: sql.placeholder("email"),
          name: sql.placeholder("name"),
          createdAt: sql.placeholder("now"),
          updatedAt: sql.placeholder("now"),
        })
        .returning()
        .prepare(name),
    );
  // NULL keeps the current value, so one statement serves every patch.
  const update = () =>
    prepared("users.update", (name) =>
      db
        .update(users)
        .set({
          email: sql`coalesce(${sql.placeholder("email")}, ${users.email})`,
          name: sql`coalesce(${sql.placeholder("name")}, ${users.name})`,
          updatedAt: placeholderOf(users.updatedAt, "now"),
        })
        .where(eq(users.id, sql.placeholder("id")))
        .returning()
        .prepare(name),
    );
  // One statement per combination of the optional filters (each plans with its own shape).
  const page = (search: boolean, cursor: boolean) =>
    prepared(`users.list.${search ? "search" : "all"}.${cursor ? "after" : "first"}`, (name) =>
      db
        .select()
        .from(users)
        .where(
          and(
            cursor ? gt(users.id, sql.placeholder("cursor")) : undefined,
            search
              ? or(ilike(users.name, sql.placeholder("pattern")), ilike(users.email, sql.placeholder("pattern")))
              : undefined,
          ),
        )
        .orderBy(asc(users.id))
        .limit(sql.placeholder("limit"))
        .prepare(name),
    );

  const findById = (id: string) =>
    translateErrors(async () => {
      const [row] = await byId().execute({ id });
      return row ? toUser(row) : null;
    });

  return {
    create: (input) =>
      translateErrors(async () => {
        const [row] = await insert().execute({ id: newId(), email: input.email, name: input.name, now: new Date() });
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
        const [row] = await byEmail().execute({ email });
        return row ? toUser(row) : null;
      }),

    // `updatedAt` is set on every update, so it moves even when the values do not (as @updatedAt).
    update: (id, patch) =>
      translateErrors(async () => {
        const [row] = await update().execute({
          id,
          email: patch.email ?? null,
          name: patch.name ?? null,
          now: new Date(),
        });
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
        const rows = await page(pattern !== undefined, Boolean(input.cursor)).execute({
          pattern,
          cursor: input.cursor,
          limit: keysetFetchSize(limit),
        });
        return keysetPage(rows, limit, toUser);
      }),
  };
}
