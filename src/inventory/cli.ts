/** `npm run inventory` argument parsing, help, and the run; scripts/inventory.ts only calls it. */
import { existsSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderMarkdown, runInventory } from "./index.ts";

const INVENTORY_HELP = `Usage: npm run inventory -- <dir> [options]

Lists every Prisma Client call site of a TypeScript or JavaScript codebase and whether the compat
facade runs it today (movable / blocked / review). Writes inventory.json (format documented in
docs/inventory.md) and inventory.md to the output directory and prints a one-line summary.

Options:
  --out <dir>          output directory (default report/inventory)
  --exclude <glob>     leave matching files or folders out entirely; repeatable
                       (e.g. --exclude "scripts/**" --exclude "*.stories.tsx")
  --schema <path>      schema.prisma file or folder (default: every .prisma file under <dir>)
  --json               print inventory.json to stdout instead of the summary line
  -h, --help           this help

Test, spec and e2e files are scanned but counted apart from application code.

Exit codes: 0 inventory written; 1 the scan failed unexpectedly; 2 bad usage or input
(unknown option, <dir> missing or not a folder, --schema not found).`;

/** Parsed command line. */
export interface InventoryArgs {
  help: boolean;
  dir?: string;
  out: string;
  exclude: string[];
  schema?: string;
  json: boolean;
}

/** A usage error: reported in one line with exit code 2. */
export class UsageError extends Error {}

/** Parses the arguments; throws {@link UsageError} with a readable message on bad input. */
function parseInventoryArgs(argv: string[]): InventoryArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h", default: false },
        out: { type: "string", default: "report/inventory" },
        exclude: { type: "string", multiple: true, default: [] },
        schema: { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, out: values.out, exclude: values.exclude, json: values.json };
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? "which folder? give the codebase to scan: npm run inventory -- <dir>"
        : `one folder at a time (got ${positionals.join(", ")})`,
    );
  const dir = positionals[0]!;
  if (!existsSync(dir)) throw new UsageError(`${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder`);
  if (values.schema !== undefined && !existsSync(values.schema))
    throw new UsageError(`--schema ${values.schema} does not exist`);
  return { help: false, dir, out: values.out, exclude: values.exclude, schema: values.schema, json: values.json };
}

/** Runs the command; returns the exit code. Output goes to the given streams. */
export async function inventoryMain(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  let args: InventoryArgs;
  try {
    args = parseInventoryArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`inventory: ${error.message} (see --help)\n`);
    return 2;
  }
  if (args.help) {
    io.out(`${INVENTORY_HELP}\n`);
    return 0;
  }
  try {
    const inventory = runInventory(args.dir!, { exclude: args.exclude, schema: args.schema });
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const json = `${JSON.stringify(inventory, null, 2)}\n`;
    await writeFile(join(out, "inventory.json"), json);
    await writeFile(join(out, "inventory.md"), renderMarkdown(inventory));
    const s = inventory.summary;
    if (args.json) io.out(json);
    else {
      io.out(
        `${s.movable}/${s.total} Prisma call sites movable (${(s.movableShare * 100).toFixed(1)} %), ${s.blocked} blocked, ${s.review} to review; tests apart: ${s.tests.total}; types resolved: ${s.typesResolved}\n`,
      );
      io.out(`wrote ${join(out, "inventory.json")} and ${join(out, "inventory.md")}\n`);
    }
    return 0;
  } catch (error) {
    io.err(`inventory: scan failed: ${(error as Error).message}\n`);
    return 1;
  }
}
