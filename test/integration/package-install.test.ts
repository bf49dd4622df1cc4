/**
 * The package a team installs: `npm pack` (which builds dist/recorder.js through prepack), the
 * tarball installed into a scratch project in the system's temporary folder (from npm's cache when
 * it holds every dependency, else the registry), and from there: `npx orm-switch --help`, a subcommand's help,
 * an unknown command, `orm-switch inventory` on a fixture app, the recorder imported by plain Node
 * and the facade, backend switch and dual-run imported through tsx.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
// Outside this repository: inside it, Node would resolve a package the tarball fails to depend on
// from the repo's own node_modules, and the test would pass where a team's install fails.
const WORK = path.join(os.tmpdir(), `orm-switch-package-install-${process.pid}`);
const APP = path.join(WORK, "app");

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function inApp(file: string, args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd: APP, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("the packed orm-switch package, installed in a scratch project", () => {
  beforeAll(async () => {
    fs.rmSync(WORK, { recursive: true, force: true });
    fs.mkdirSync(APP, { recursive: true });
    const { stdout } = await run("npm", ["pack", "--pack-destination", WORK, "--silent"], { cwd: ROOT });
    const tarball = path.join(WORK, stdout.trim().split("\n").pop()!);
    fs.writeFileSync(
      path.join(APP, "package.json"),
      JSON.stringify({ name: "scratch-app", version: "1.0.0", private: true, type: "module" }),
    );
    fs.cpSync(path.join(ROOT, "test/fixtures/apps/untyped"), path.join(APP, "fixture-app"), { recursive: true });
    await run("npm", ["install", tarball, "--prefer-offline", "--no-audit", "--no-fund", "--silent"], { cwd: APP });
  }, 300_000);
  afterAll(() => {
    // The scratch install is a few hundred MB of node_modules.
    fs.rmSync(WORK, { recursive: true, force: true });
  });

  it("has an orm-switch bin listing the commands; subcommands answer --help; an unknown one exits 2", async () => {
    const help = await inApp("npx", ["orm-switch", "--help"]);
    expect(help.code).toBe(0);
    for (const command of [
      "evaluate",
      "inventory",
      "replay",
      "db:migrate:status",
      "db:backup",
      "db:restore",
      "schema:drizzle",
      "schema:parity",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}$`, "m"));
    }
    expect(help.stdout).not.toMatch(/^ {2}build$/m);
    const replay = await inApp("npx", ["orm-switch", "replay", "--help"]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^Usage: replay --workload/);
    const status = await inApp("npx", ["orm-switch", "db:migrate:status", "--help"]);
    expect(status.code).toBe(0);
    const unknown = await inApp("npx", ["orm-switch", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('orm-switch: unknown command "nope" (orm-switch --help lists them)');
  }, 120_000);

  it("runs the inventory on a fixture app from the team's working directory", async () => {
    const result = await inApp("npx", ["orm-switch", "inventory", "fixture-app", "--out", "inventory-out"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(APP, "inventory-out", "inventory.json"), "utf8")) as {
      summary?: unknown;
    };
    expect(report.summary).toBeDefined();
  }, 120_000);

  it("turns a schema into Drizzle with schema:drizzle from the team's working directory", async () => {
    fs.copyFileSync(path.join(ROOT, "test/fixtures/schemas/relations.prisma"), path.join(APP, "schema.prisma"));
    const result = await inApp("npx", [
      "orm-switch",
      "schema:drizzle",
      "--schema",
      "schema.prisma",
      "--out",
      "drizzle-out",
    ]);
    expect(result.stderr).not.toMatch(/Cannot find (package|module)/);
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(APP, "drizzle-out", "schema.ts"), "utf8")).toMatch(/pgTable\(/);
  }, 120_000);

  it("exports the recorder as plain JavaScript, and the facade, backend switch and dual-run through tsx", async () => {
    const recorder = await inApp("node", [
      "-e",
      "const [m, e] = await Promise.all([import('orm-switch/recorder'), import('orm-switch')]); console.log(typeof m.recordWorkload, typeof m.appendResetMarker, e.recordWorkload === m.recordWorkload)",
    ]);
    expect(recorder.stdout.trim()).toBe("function function true");
    const library = await inApp("node", [
      "--import",
      "tsx",
      "-e",
      "const [c, s, d] = await Promise.all([import('orm-switch/compat'), import('orm-switch/backend-switch'), import('orm-switch/dual-run')]); console.log(typeof c.createPrismaCompatClient, typeof s.createRepositories, typeof d.DualRunMonitor)",
    ]);
    expect(library.stderr).toBe("");
    expect(library.stdout.trim()).toBe("function function function");
  }, 120_000);
});
