import type { Page, User } from "../domain/types.ts";

export interface CreateUserInput {
  /** Valid address, at most 254 characters; stored trimmed and lower-cased. */
  email: string;
  /** 1 to 200 characters after trimming. */
  name: string;
}

export interface UpdateUserInput {
  email?: string;
  name?: string;
}

export interface ListUsersInput {
  /** Case-insensitive substring of name or email, matched literally (`%` and `_` are not wildcards). */
  search?: string;
  /** 1 to 100; default 20. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

/**
 * What an implementation's `list` receives: with-validation.ts has filled the defaults, so
 * implementations do not apply them again (one place decides them).
 */
export interface ListUsersQuery extends ListUsersInput {
  limit: number;
  cursor: string | null;
}

/** Users: identity and the case-insensitive email rule. */
export interface UserRepository {
  /**
   * Creates a user with a new cuid id.
   * @throws VALIDATION bad email or name; CONFLICT the email is taken (case-insensitively).
   */
  create(input: CreateUserInput): Promise<User>;
  /** The user, or null. @throws VALIDATION malformed id. */
  findById(id: string): Promise<User | null>;
  /** The user. @throws NOT_FOUND no such user; VALIDATION malformed id. */
  getById(id: string): Promise<User>;
  /** The user with this email, compared case-insensitively, or null. @throws VALIDATION malformed email. */
  findByEmail(email: string): Promise<User | null>;
  /**
   * Changes the given fields and bumps `updatedAt` (even when the values are unchanged).
   * @throws NOT_FOUND; CONFLICT the new email is taken; VALIDATION bad values or an empty patch.
   */
  update(id: string, patch: UpdateUserInput): Promise<User>;
  /**
   * Deletes the user with their memberships and sessions; their tasks become unassigned.
   * @throws NOT_FOUND; CONFLICT the user still owns projects.
   */
  delete(id: string): Promise<void>;
  /**
   * Users ordered by id ascending, keyset-paginated: each row that exists for the whole walk is
   * returned exactly once, whatever is inserted meanwhile.
   * @throws VALIDATION limit out of 1..100, malformed cursor.
   */
  list(input?: ListUsersInput): Promise<Page<User>>;
}
