/** Row ids, made in the application as Prisma's `@default(cuid())` makes them (the columns have no default). */
import cuid from "@bugsnag/cuid";

/** A new cuid v1: `c` followed by 24 lower-case letters and digits. */
export function newId(): string {
  return cuid();
}
