/** Sessions through Drizzle: the authentication hot path is one indexed join. */
import { and, count, eq, gt, lte, sql } from "drizzle-orm";
import { newId } from "../domain/ids.ts";
import { notFound } from "../domain/errors.ts";
import type { SessionRepository } from "../repositories/sessions.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toSession, toUser } from "./mappers.ts";
import { sessions, users } from "./schema.ts";
import { placeholderOf } from "./sql-helpers.ts";

/** The session repository on `ctx`. A session is active while `expiresAt > now`. */
export function drizzleSessions({ db, prepared }: DrizzleContext): SessionRepository {
  // Prepared once (DrizzleContext.prepared); id and createdAt passed explicitly, not by $defaultFn.
  const insert = () =>
    prepared("sessions.create", (name) =>
      db
        .insert(sessions)
        .values({
          id: sql.placeholder("id"),
          userId: sql.placeholder("userId"),
          tokenHash: sql.placeholder("tokenHash"),
          expiresAt: sql.placeholder("expiresAt"),
          createdAt: sql.placeholder("now"),
        })
        .returning()
        .prepare(name),
    );
  const active = () =>
    prepared("sessions.findActiveByTokenHash", (name) =>
      db
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.tokenHash, sql.placeholder("tokenHash")),
            gt(sessions.expiresAt, placeholderOf(sessions.expiresAt, "now")),
          ),
        )
        .prepare(name),
    );
  return {
    create: (input) =>
      translateErrors(async () => {
        const [row] = await insert().execute({
          id: newId(),
          userId: input.userId,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          now: new Date(),
        });
        return toSession(row!);
      }),

    findActiveByTokenHash: (tokenHash, now = new Date()) =>
      translateErrors(async () => {
        const [row] = await active().execute({ tokenHash, now });
        return row ? { ...toSession(row.session), user: toUser(row.user) } : null;
      }),

    revoke: (sessionId) =>
      translateErrors(async () => {
        const deleted = await db.delete(sessions).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
        if (deleted.length === 0) throw notFound("Session", { id: sessionId });
      }),

    // The count comes back from the same statement (a data-modifying CTE), not as a list of ids,
    // and without relying on a driver-specific row count.
    deleteExpired: (now = new Date()) =>
      translateErrors(async () => {
        const expired = db
          .$with("expired")
          .as(db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id }));
        const [row] = await db.with(expired).select({ n: count() }).from(expired);
        return row!.n;
      }),
  };
}
