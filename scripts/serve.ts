/** `npm run serve`: the health endpoint over HTTP (GET /health/db -> 200 or 503). Ctrl-C stops it. */
import { parseArgs } from "node:util";
import { HealthChecker } from "../src/health/check.ts";
import { listenAddress, startHealthServer } from "../src/health/server.ts";
import { resolveHealthTargets } from "../src/health/targets.ts";
import { parseImplementations } from "../src/cli/args.ts";
import { runCommand } from "../src/cli/command.ts";
import { exitWith } from "../src/cli/exit.ts";

const HELP = `Usage: npm run serve [-- --host 127.0.0.1 --port 3000 --impls prisma,drizzle,sql]

Serves GET /health/db: 200 with a JSON report when the database answers, migrations are applied and
every implementation reads; 503 otherwise. What newer code's expand migrations added (tables,
nullable columns, enum labels, migrations this code does not have) is reported under "expand" and
stays 200, so old instances pass their health check during a rolling deploy. Same environment as
db:health (DATABASE_URL, DIRECT_DATABASE_URL; unset DATABASE_URL starts a throwaway embedded
PostgreSQL).

Listening address: --host, else HOST, else 127.0.0.1 (this machine only; use 0.0.0.0 in a container
so the orchestrator's probe can reach it). --port, else PORT, else 3000 (0: any free port).`;

/** Serves until SIGINT or SIGTERM; returns nothing, so runCommand leaves the process running. */
async function main(): Promise<number | void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      impls: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { host, port } = listenAddress(values, process.env);
  const targets = await resolveHealthTargets(parseImplementations(values.impls) ?? ["prisma", "drizzle", "sql"]);
  const checker = new HealthChecker(targets);
  const { server, port: bound } = await startHealthServer(checker, port, host);
  console.log(
    `serve: http://${host.includes(":") ? `[${host}]` : host}:${bound}/health/db checks ${targets.description}`,
  );
  const shutdown = () => {
    server.close();
    void checker
      .close()
      .then(() => targets.dispose())
      .then(() => exitWith(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

await runCommand("serve", main);
