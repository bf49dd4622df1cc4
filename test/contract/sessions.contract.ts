import { describe, expect, it } from "vitest";
import { hashSessionToken, newSessionToken } from "../../src/domain/tokens.ts";
import { type ContractContext, countRows, expectCode, expectNotFound } from "./context.ts";
import { makeUser } from "./fixtures.ts";

const HOUR = 3_600_000;

export function sessionsContract(ctx: ContractContext): void {
  describe("sessions", () => {
    it("stores the token's hash and never the token", async () => {
      const user = await makeUser(ctx.repos);
      const token = newSessionToken();
      const session = await ctx.repos.sessions.create({
        userId: user.id,
        tokenHash: hashSessionToken(token),
        expiresAt: new Date(Date.now() + HOUR),
      });
      expect(session).toMatchObject({ userId: user.id, tokenHash: hashSessionToken(token) });
      const rows = await ctx.db.query("SELECT * FROM sessions");
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it("findActiveByTokenHash returns the session with its user", async () => {
      const user = await makeUser(ctx.repos);
      const tokenHash = hashSessionToken(newSessionToken());
      const expiresAt = new Date(Date.now() + HOUR);
      const session = await ctx.repos.sessions.create({ userId: user.id, tokenHash, expiresAt });
      const found = await ctx.repos.sessions.findActiveByTokenHash(tokenHash);
      expect(found).toEqual({ ...session, user });
      expect(found!.expiresAt.getTime()).toBe(expiresAt.getTime());
    });

    it("findActiveByTokenHash ignores expired and unknown tokens", async () => {
      const user = await makeUser(ctx.repos);
      const tokenHash = hashSessionToken(newSessionToken());
      await ctx.repos.sessions.create({ userId: user.id, tokenHash, expiresAt: new Date(Date.now() - 1000) });
      expect(await ctx.repos.sessions.findActiveByTokenHash(tokenHash)).toBeNull();
      expect(await ctx.repos.sessions.findActiveByTokenHash(hashSessionToken("unknown"))).toBeNull();
      const later = new Date(Date.now() + 2 * HOUR);
      const fresh = hashSessionToken(newSessionToken());
      await ctx.repos.sessions.create({ userId: user.id, tokenHash: fresh, expiresAt: new Date(Date.now() + HOUR) });
      expect(await ctx.repos.sessions.findActiveByTokenHash(fresh, later)).toBeNull();
    });

    it("revoke deletes the session; an unknown session is NOT_FOUND", async () => {
      const user = await makeUser(ctx.repos);
      const tokenHash = hashSessionToken(newSessionToken());
      const session = await ctx.repos.sessions.create({
        userId: user.id,
        tokenHash,
        expiresAt: new Date(Date.now() + HOUR),
      });
      await ctx.repos.sessions.revoke(session.id);
      expect(await ctx.repos.sessions.findActiveByTokenHash(tokenHash)).toBeNull();
      await expectNotFound(ctx.repos.sessions.revoke(session.id), "Session");
    });

    it("deleteExpired removes only expired sessions and returns the count", async () => {
      const user = await makeUser(ctx.repos);
      for (let i = 0; i < 3; i++) {
        await ctx.repos.sessions.create({
          userId: user.id,
          tokenHash: hashSessionToken(`old-${i}`),
          expiresAt: new Date(Date.now() - (i + 1) * HOUR),
        });
      }
      const active = hashSessionToken("active");
      await ctx.repos.sessions.create({ userId: user.id, tokenHash: active, expiresAt: new Date(Date.now() + HOUR) });
      expect(await ctx.repos.sessions.deleteExpired()).toBe(3);
      expect(await ctx.repos.sessions.deleteExpired()).toBe(0);
      expect(await ctx.repos.sessions.findActiveByTokenHash(active)).not.toBeNull();
    });

    it("create fails with NOT_FOUND for an unknown user, CONFLICT for a reused hash, VALIDATION for a bad hash", async () => {
      const user = await makeUser(ctx.repos);
      const expiresAt = new Date(Date.now() + HOUR);
      const tokenHash = hashSessionToken("reused");
      await expectNotFound(
        ctx.repos.sessions.create({ userId: "cunknownunknownunknown000", tokenHash, expiresAt }),
        "User",
      );
      await ctx.repos.sessions.create({ userId: user.id, tokenHash, expiresAt });
      await expectCode(ctx.repos.sessions.create({ userId: user.id, tokenHash, expiresAt }), "CONFLICT");
      await expectCode(
        ctx.repos.sessions.create({ userId: user.id, tokenHash: "plain-token", expiresAt }),
        "VALIDATION",
      );
      await expectCode(
        ctx.repos.sessions.create({ userId: user.id, tokenHash: hashSessionToken("x"), expiresAt: new Date("nope") }),
        "VALIDATION",
      );
      expect(await countRows(ctx.db, "sessions")).toBe(1);
    });
  });
}
