import type { SessionRepository } from "../repositories/sessions.ts";
import type { PrismaContext } from "./context.ts";
import { translating } from "./errors.ts";

export function prismaSessions({ db }: PrismaContext): SessionRepository {
  return {
    create: (input) => translating("Session", "write", () => db.session.create({ data: input })),
    findActiveByTokenHash: (tokenHash, now = new Date()) =>
      translating("Session", "write", () =>
        db.session.findFirst({ where: { tokenHash, expiresAt: { gt: now } }, include: { user: true } }),
      ),
    revoke: (sessionId) =>
      translating("Session", "delete", async () => {
        await db.session.delete({ where: { id: sessionId } });
      }),
    deleteExpired: (now = new Date()) =>
      translating(
        "Session",
        "delete",
        async () => (await db.session.deleteMany({ where: { expiresAt: { lte: now } } })).count,
      ),
  };
}
