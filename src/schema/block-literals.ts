/**
 * Reads one string literal from a block of a schema Prisma has already parsed and validated, for
 * the few things Prisma's DMMF omits (an enum's `@@schema`, the datasource's `relationMode`). The
 * block and the attribute are found on the lines with comments and strings blanked (so nothing in a
 * comment or string matches); the literal is read from the same columns of the original line.
 */
import { blankedLines } from "./blanked-lines.ts";

/** Where to look: `enum Role { … }` and `@@schema(`, or `datasource db { … }` and `relationMode`. */
export interface BlockLiteral {
  readonly keyword: string;
  readonly name: string;
  /** Text that starts the attribute or property on its line (blanked), e.g. `@@schema(`. */
  readonly attribute: string;
}

/** The literal of `attribute` inside the block, or undefined when the block has no such attribute. */
export function readBlockLiteral(text: string, where: BlockLiteral): string | undefined {
  const original = text.split("\n");
  const blanked = blankedLines(text);
  const start = blanked.findIndex((line) => {
    const words = line.trim().split(/[\s{]+/);
    return words[0] === where.keyword && words[1] === where.name;
  });
  if (start < 0) return undefined;
  for (let i = start + 1; i < blanked.length; i++) {
    const line = blanked[i]!;
    if (line.trim().startsWith("}")) break;
    const at = line.indexOf(where.attribute);
    // An attribute starts its token: `relationMode` must not match `myrelationMode`.
    if (at < 0 || (at > 0 && /[A-Za-z0-9_]/.test(line[at - 1]!))) continue;
    const open = line.indexOf('"', at);
    const close = open < 0 ? -1 : line.indexOf('"', open + 1);
    if (close < 0) return undefined;
    return JSON.parse(original[i]!.slice(open, close + 1)) as string;
  }
  return undefined;
}
