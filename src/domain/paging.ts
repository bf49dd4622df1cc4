/** Keyset paging, the rule every implementation applies to `list`-style operations. */
import type { Page } from "./types.ts";

/** Rows to fetch for a page of `limit`: one more, which only proves that a next page exists. */
export function keysetFetchSize(limit: number): number {
  return limit + 1;
}

/**
 * The page from rows fetched with {@link keysetFetchSize}: the first `limit` rows, mapped, and
 * the id of the last one returned as the cursor when the extra row came back.
 */
export function keysetPage<R, T extends { id: string }>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit).map(map);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
}
