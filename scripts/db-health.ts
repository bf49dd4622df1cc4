/** `npm run db:health`: one health check, printed as JSON; exit 0 healthy, 1 unhealthy, 2 bad usage. */
import { parseArgs } from "node:util";
import { HealthChecker } from "../src/health/check.ts";
import { resolveHealthTargets } from "../src/health/targets.ts";
import { parseImplementations } from "../src/cli/args.ts";
import { runCommand } from "../src/cli/command.ts";

const HELP = `Usage: npm run db:health [-- --impls prisma,drizzle,sql]

Checks the database the application uses: SELECT 1 with latency (retried with backoff on transient
errors), migrations all applied and unchanged, enum types present, and one read per implementation.

Environment:
  DATABASE_URL         the application's URL (may be pooled). Unset: a throwaway embedded PostgreSQL.
  DIRECT_DATABASE_URL  unpooled URL for the schema checks (as migrations use). Default: DATABASE_URL.

Exit codes: 0 healthy, 1 unhealthy, 2 bad usage.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { impls: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const implementations = parseImplementations(values.impls) ?? ["prisma", "drizzle", "sql"];
  const targets = await resolveHealthTargets(implementations);
  console.error(`db:health: checking ${targets.description}`);
  const checker = new HealthChecker(targets);
  try {
    const report = await checker.check();
    console.log(JSON.stringify(report, null, 2));
    return report.status === "ok" ? 0 : 1;
  } finally {
    await checker.close();
    await targets.dispose();
  }
}

await runCommand("db:health", main);
