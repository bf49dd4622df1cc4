/**
 * Sessions in hand-written SQL. The authentication hot path is one indexed join returning flat
 * columns: no JSON building, no second query. A session is active while `expires_at > now`.
 */
import { notFound } from "../domain/errors.ts";
import type { SessionRepository } from "../repositories/sessions.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { onlyRow, type SessionRow, toSession } from "./rows.ts";

const INSERT_SESSION = named(
  "orm_switch.sql.sessions.insert_session",
  `
  INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at)
  VALUES ($1, $2, $3, $4, $5)
  RETURNING id, user_id, token_hash, expires_at, created_at`,
);

const SELECT_ACTIVE_SESSION = named(
  "orm_switch.sql.sessions.select_active_session",
  `
  SELECT s.id, s.user_id, s.token_hash, s.expires_at, s.created_at,
         u.email      AS user_email,
         u.name       AS user_name,
         u.created_at AS user_created_at,
         u.updated_at AS user_updated_at
  FROM sessions AS s
  JOIN users    AS u ON u.id = s.user_id
  WHERE s.token_hash = $1
    AND s.expires_at > $2`,
);

const DELETE_SESSION = named(
  "orm_switch.sql.sessions.delete_session",
  `
  DELETE FROM sessions
  WHERE id = $1`,
);

const DELETE_EXPIRED_SESSIONS = named(
  "orm_switch.sql.sessions.delete_expired_sessions",
  `
  DELETE FROM sessions
  WHERE expires_at <= $1`,
);

interface SessionWithUserRow extends SessionRow {
  user_email: string;
  user_name: string;
  user_created_at: Date;
  user_updated_at: Date;
}

/** The session repository on `db`. */
export function sqlSessions(db: SqlExecutor): SessionRepository {
  return {
    create: (input) =>
      translateErrors(async () => {
        const { rows } = await db.query<SessionRow>(INSERT_SESSION, [
          newId(),
          input.userId,
          input.tokenHash,
          input.expiresAt,
          new Date(),
        ]);
        return toSession(onlyRow(rows));
      }),

    findActiveByTokenHash: (tokenHash, now = new Date()) =>
      translateErrors(async () => {
        const { rows } = await db.query<SessionWithUserRow>(SELECT_ACTIVE_SESSION, [tokenHash, now]);
        const row = rows[0];
        if (!row) return null;
        return {
          ...toSession(row),
          user: {
            id: row.user_id,
            email: row.user_email,
            name: row.user_name,
            createdAt: row.user_created_at,
            updatedAt: row.user_updated_at,
          },
        };
      }),

    revoke: (sessionId) =>
      translateErrors(async () => {
        const { rowCount } = await db.query(DELETE_SESSION, [sessionId]);
        if (rowCount === 0) throw notFound("Session", { id: sessionId });
      }),

    deleteExpired: (now = new Date()) =>
      translateErrors(async () => {
        const { rowCount } = await db.query(DELETE_EXPIRED_SESSIONS, [now]);
        return rowCount;
      }),
  };
}
