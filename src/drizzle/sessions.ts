/** Sessions through Drizzle: the authentication hot path is one indexed join. */
import { and, count, eq, gt, lte } from "drizzle-orm";
import { notFound } from "../domain/errors.ts";
import type { SessionRepository } from "../repositories/sessions.ts";
import type { DrizzleContext } from "./context.ts";
import { translateErrors } from "./errors.ts";
import { toSession, toUser } from "./mappers.ts";
import { sessions, users } from "./schema.ts";

/** The session repository on `ctx`. A session is active while `expiresAt > now`. */
export function drizzleSessions({ db }: DrizzleContext): SessionRepository {
  return {
    create: (input) =>
      translateErrors(async () => {
        const [row] = await db.insert(sessions).values({ userId: input.userId, tokenHash: input.tokenHash, expiresAt: input.expiresAt }).returning();
        return toSession(row!);
      }),

    findActiveByTokenHash: (tokenHash, now = new Date()) =>
      translateErrors(async () => {
        const [row] = await db
          .select({ session: sessions, user: users })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
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
        const expired = db.$with("expired").as(db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id }));
        const [row] = await db.with(expired).select({ n: count() }).from(expired);
        return row!.n;
      }),
  };
}
