/**
 * `npm run inventory -- <dir> [--out <dir>]`: lists the Prisma Client call sites of a TypeScript
 * codebase and whether the compat facade supports each. Writes inventory.json and inventory.md to
 * the output directory (default report/inventory) and prints the Markdown summary.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runCommand } from "../src/cli/command.ts";
import { renderMarkdown, runInventory } from "../src/inventory/index.ts";

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: "report/inventory" } } });
  if (positionals.length !== 1) {
    process.stderr.write("usage: npm run inventory -- <dir> [--out <dir>]\n");
    return 2;
  }
  const inventory = runInventory(positionals[0]!);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const markdown = renderMarkdown(inventory);
  await writeFile(join(out, "inventory.json"), `${JSON.stringify(inventory, null, 2)}\n`);
  await writeFile(join(out, "inventory.md"), markdown);
  const s = inventory.summary;
  process.stdout.write(`${s.movable}/${s.total} Prisma call sites movable (${(s.movableShare * 100).toFixed(1)} %), ${s.blocked} blocked, ${s.review} to review\n`);
  process.stdout.write(`wrote ${join(out, "inventory.json")} and ${join(out, "inventory.md")}\n`);
  return 0;
}

await runCommand("inventory", main);
