/** LIKE patterns built from user input. */

/**
 * An ILIKE pattern matching `text` as a literal substring. `%`, `_` and the escape character `\`
 * are escaped; statements rely on LIKE's default escape character, the backslash, which holds
 * whatever `standard_conforming_strings` says (an `ESCAPE '\'` literal would not).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}
