import type { Session, SessionWithUser } from "../domain/types.ts";

export interface CreateSessionInput {
  userId: string;
  /** SHA-256 hex of the bearer token (see `hashSessionToken`); the token itself never reaches the database. */
  tokenHash: string;
  expiresAt: Date;
}

/** Sessions: the authentication hot path. */
export interface SessionRepository {
  /**
   * Stores a session for the user.
   * @throws VALIDATION tokenHash not 64 hex characters, invalid date; NOT_FOUND no such user;
   *   CONFLICT the token hash already exists.
   */
  create(input: CreateSessionInput): Promise<Session>;
  /**
   * The session with this token hash and its user, in one query, when it has not expired at `now`
   * (default: the current time); null for an unknown or expired token.
   */
  findActiveByTokenHash(tokenHash: string, now?: Date): Promise<SessionWithUser | null>;
  /** Deletes the session. @throws NOT_FOUND no such session. */
  revoke(sessionId: string): Promise<void>;
  /** Deletes every session expired at `now` (default: the current time) and returns how many. */
  deleteExpired(now?: Date): Promise<number>;
}
