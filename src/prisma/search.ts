/**
 * `contains` with `mode: "insensitive"` becomes `ILIKE '%' || $1 || '%'`. The search is promised to be
 * a literal substring, so LIKE's own metacharacters in the user's text are escaped first.
 */
export function containsInsensitive(text: string): { contains: string; mode: "insensitive" } {
  return { contains: text.replace(/[\\%_]/g, (c) => `\\${c}`), mode: "insensitive" };
}
