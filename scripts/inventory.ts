/**
 * `npm run inventory -- <dir> [--out <dir>] [--exclude <glob>] [--schema <path>] [--json]`: lists
 * the Prisma Client call sites of a codebase and whether the compat facade supports each. See
 * `--help` and docs/inventory.md; the logic is in src/inventory.
 */
import { exitWith } from "../src/cli/exit.ts";
import { inventoryMain } from "../src/inventory/cli.ts";

const code = await inventoryMain(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
await exitWith(code);
