/**
 * Users in hand-written SQL. Every operation is one statement. Emails arrive trimmed and lower-cased
 * (boundary validation), so plain equality on the unique index is the case-insensitive comparison.
 */
import { keysetFetchSize, keysetPage } from "../domain/paging.ts";
import { notFound } from "../domain/errors.ts";
import type { ListUsersQuery, UserRepository } from "../repositories/users.ts";
import { translateErrors } from "./errors.ts";
import { named, type SqlExecutor } from "./executor.ts";
import { newId } from "../domain/ids.ts";
import { containsPattern } from "../domain/search.ts";
import { onlyRow, toUser, type UserRow } from "./rows.ts";

const INSERT_USER = named(
  "orm_switch.sql.users.insert_user",
  `
  INSERT INTO users (id, email, name, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $4)
  RETURNING id, email, name, created_at, updated_at`,
);

const SELECT_USER_BY_ID = named(
  "orm_switch.sql.users.select_user_by_id",
  `
  SELECT id, email, name, created_at, updated_at
  FROM users
  WHERE id = $1`,
);

const SELECT_USER_BY_EMAIL = named(
  "orm_switch.sql.users.select_user_by_email",
  `
  SELECT id, email, name, created_at, updated_at
  FROM users
  WHERE email = $1`,
);

// NULL means "keep": the boundary guarantees at least one field is set. updated_at moves even when
// the values do not change, as Prisma's @updatedAt does.
const UPDATE_USER = named(
  "orm_switch.sql.users.update_user",
  `
  UPDATE users
  SET email      = COALESCE($2, email),
      name       = COALESCE($3, name),
      updated_at = $4
  WHERE id = $1
  RETURNING id, email, name, created_at, updated_at`,
);

// Memberships and sessions go by ON DELETE CASCADE, task assignments by ON DELETE SET NULL; owned
// projects (ON DELETE RESTRICT) make the statement fail with 23503, which is the CONFLICT.
const DELETE_USER = named(
  "orm_switch.sql.users.delete_user",
  `
  DELETE FROM users
  WHERE id = $1`,
);

// Keyset pagination on the primary key. The optional filters are `$n IS NULL OR ...`, so this
// statement is sent unnamed: PostgreSQL plans it with the actual values and a NULL filter folds away.
// One row more than the page is read to know whether another page exists.
const LIST_USERS = `
  SELECT id, email, name, created_at, updated_at
  FROM users
  WHERE ($1::text IS NULL OR name ILIKE $1 OR email ILIKE $1)
    AND ($2::text IS NULL OR id > $2)
  ORDER BY id
  LIMIT $3`;

/** The user repository on `db`. */
export function sqlUsers(db: SqlExecutor): UserRepository {
  const findById = async (id: string) => {
    const { rows } = await db.query<UserRow>(SELECT_USER_BY_ID, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  };

  return {
    create: (input) =>
      translateErrors(async () => {
        const { rows } = await db.query<UserRow>(INSERT_USER, [newId(), input.email, input.name, new Date()]);
        return toUser(onlyRow(rows));
      }),

    findById: (id) => translateErrors(() => findById(id)),

    getById: (id) =>
      translateErrors(async () => {
        const user = await findById(id);
        if (!user) throw notFound("User", { id });
        return user;
      }),

    findByEmail: (email) =>
      translateErrors(async () => {
        const { rows } = await db.query<UserRow>(SELECT_USER_BY_EMAIL, [email]);
        return rows[0] ? toUser(rows[0]) : null;
      }),

    update: (id, patch) =>
      translateErrors(async () => {
        const { rows } = await db.query<UserRow>(UPDATE_USER, [
          id,
          patch.email ?? null,
          patch.name ?? null,
          new Date(),
        ]);
        if (!rows[0]) throw notFound("User", { id });
        return toUser(rows[0]);
      }),

    delete: (id) =>
      translateErrors(async () => {
        const { rowCount } = await db.query(DELETE_USER, [id]);
        if (rowCount === 0) throw notFound("User", { id });
      }, "delete"),

    list: (input: ListUsersQuery) =>
      translateErrors(async () => {
        const { limit } = input;
        const search = input.search === undefined ? null : containsPattern(input.search);
        const { rows } = await db.query<UserRow>(LIST_USERS, [search, input.cursor, keysetFetchSize(limit)]);
        return keysetPage(rows, limit, toUser);
      }),
  };
}
