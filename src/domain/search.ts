/**
 * Case-insensitive substring search, the rule every implementation applies: the user's text is a
 * literal substring, so LIKE's own metacharacters in it are escaped first.
 */

/**
 * `text` with `%`, `_` and the escape character `\` escaped. Statements rely on LIKE's default
 * escape character, the backslash, which holds whatever `standard_conforming_strings` says (an
 * `ESCAPE '\'` literal would not). Prisma's `contains` takes this text and adds the `%` itself.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** An ILIKE pattern matching `text` as a literal substring: "100%" finds "100%", not "1000". */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
