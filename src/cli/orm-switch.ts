/**
 * `orm-switch <command> [options]`: the installed package's one command. Every `npm run` command of
 * this package that is a TypeScript script (`tsx scripts/<name>.ts` in package.json, the single list)
 * is a subcommand with the same name and options: `orm-switch inventory src`,
 * `orm-switch replay --workload w.jsonl`, `orm-switch db:migrate:status`. The script runs in this
 * process with the caller's working directory, and exits with its own documented codes.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { exitWith } from "./exit.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCRIPT = /^tsx (scripts\/[\w.-]+\.ts)$/;
/** Scripts that are the package's own build, not commands for its users. */
const NOT_COMMANDS = new Set(["build"]);

interface PackageJson {
  version: string;
  scripts: Record<string, string>;
}

const packageJson = (): PackageJson =>
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

/** Subcommand name → script path, from package.json's scripts. */
export function packageCommands(pkg: PackageJson = packageJson()): Map<string, string> {
  const commands = new Map<string, string>();
  for (const [name, command] of Object.entries(pkg.scripts)) {
    const match = SCRIPT.exec(command);
    if (match && !NOT_COMMANDS.has(name)) commands.set(name, path.join(ROOT, match[1]!));
  }
  return commands;
}

function help(pkg: PackageJson): string {
  const names = [...packageCommands(pkg).keys()].sort();
  return `Usage: orm-switch <command> [options]     (orm-switch <command> --help for each)

Evaluate and move a Prisma + PostgreSQL data layer to Drizzle. Commands:
  ${names.join("\n  ")}

Library (import from the package): orm-switch and orm-switch/recorder (recordWorkload), orm-switch/compat (the
Prisma facade over Drizzle), orm-switch/backend-switch, orm-switch/dual-run.

Exit codes: the command's own (see its --help); 2 for an unknown command.`;
}

async function main(argv: string[]): Promise<void> {
  const pkg = packageJson();
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(help(pkg));
    return exitWith(command === undefined ? 2 : 0);
  }
  if (command === "--version" || command === "-v") {
    console.log(pkg.version);
    return exitWith(0);
  }
  const script = packageCommands(pkg).get(command);
  if (!script) {
    console.error(`orm-switch: unknown command "${command}" (orm-switch --help lists them)`);
    return exitWith(2);
  }
  // The script reads process.argv.slice(2) and exits through src/cli/exit.ts itself.
  process.argv = [process.argv[0]!, script, ...rest];
  await import(pathToFileURL(script).href);
}

await main(process.argv.slice(2));
