/** `npm run serve`: the health endpoint over HTTP (GET /health/db -> 200 or 503). Ctrl-C stops it. */
import { parseArgs } from "node:util";
import { HealthChecker } from "../src/health/check.ts";
import { startHealthServer } from "../src/health/server.ts";
import { resolveHealthTargets } from "../src/health/targets.ts";
import { parseImplementations } from "../src/cli/args.ts";
import { runCommand } from "../src/cli/command.ts";
import { exitWith } from "../src/cli/exit.ts";

const HELP = `Usage: npm run serve [-- --port 3000 --impls prisma,drizzle,sql]

Serves GET /health/db: 200 with a JSON report when the database answers, migrations are applied and
every implementation reads; 503 otherwise. Same environment as db:health (DATABASE_URL,
DIRECT_DATABASE_URL; unset DATABASE_URL starts a throwaway embedded PostgreSQL). PORT also sets the port.`;

/** Serves until SIGINT or SIGTERM; returns nothing, so runCommand leaves the process running. */
async function main(): Promise<number | void> {
  const { values } = parseArgs({ options: { port: { type: "string" }, impls: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${values.port}" is not a port number`);
  const targets = await resolveHealthTargets(parseImplementations(values.impls) ?? ["prisma", "drizzle", "sql"]);
  const checker = new HealthChecker(targets);
  const { server, port: bound } = await startHealthServer(checker, port);
  console.log(`serve: http://127.0.0.1:${bound}/health/db checks ${targets.description}`);
  const shutdown = () => {
    server.close();
    void checker.close().then(() => targets.dispose()).then(() => exitWith(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

await runCommand("serve", main);
