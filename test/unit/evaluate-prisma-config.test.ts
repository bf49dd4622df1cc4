/**
 * `evaluate --project` finds a Prisma 7 app's schema and migrations where Prisma does: in
 * prisma.config.ts first. A multi-file schema (prisma/schema.prisma holding only the generator,
 * the models in prisma/models/*.prisma, named by the config as the folder) was read as the lone
 * schema.prisma before: an app of 32 models evaluated as one of none.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readPrismaConfig } from "../../src/evaluate/prisma-config.ts";
import { resolveProject } from "../../src/evaluate/project.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder holding `files` (path → text). */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orm-switch-config-"));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const MULTI_FILE = {
  "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
  "prisma/models/user.prisma": "model User {\n  id Int @id\n}\n",
  "prisma/migrations/0_init/migration.sql": "CREATE TABLE x ();",
  "package.json": JSON.stringify({ prisma: { schema: "other/schema.prisma" } }),
};

describe("prisma.config.ts", () => {
  it("names the schema folder and migrations of a multi-file schema (path.join(__dirname, ...))", () => {
    const dir = project({
      ...MULTI_FILE,
      "prisma.config.ts": `import path from "node:path";
import { defineConfig } from "prisma/config";
try { process.loadEnvFile(path.join(__dirname, ".env")); } catch {}
export default defineConfig({
  schema: path.join(__dirname, "prisma"),
  migrations: { path: path.join(__dirname, "prisma/migrations"), seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL },
});
`,
    });
    const inputs = resolveProject({ dir });
    expect(inputs.schema).toBe(path.join(dir, "prisma"));
    expect(inputs.migrations).toBe(path.join(dir, "prisma/migrations"));
    expect(inputs.origins.schema).toBe("prisma.config.ts schema");
    expect(inputs.origins.migrations).toBe("prisma.config.ts migrations.path");
  });

  it("reads the usual spellings: strings relative to the config, resolve(), import.meta.dirname, a named const, satisfies", () => {
    const spellings: [string, string][] = [
      [`export default defineConfig({ schema: "prisma/" })`, "prisma"],
      [`export default { schema: \`prisma\` } satisfies PrismaConfig`, "prisma"],
      [
        `import { resolve } from "node:path";\nexport default defineConfig({ schema: resolve("prisma", "models") })`,
        "prisma/models",
      ],
      [
        `import path from "node:path";\nexport default defineConfig({ schema: path.join(import.meta.dirname, "prisma") })`,
        "prisma",
      ],
      [`const config = defineConfig({ "schema": "prisma" });\nexport default config;`, "prisma"],
      [`module.exports = defineConfig({ schema: "./prisma" });`, "prisma"],
    ];
    for (const [text, expected] of spellings) {
      const dir = project({ "prisma.config.ts": text });
      expect(readPrismaConfig(path.join(dir, "prisma.config.ts")).schema, text).toEqual({
        path: path.join(dir, expected),
      });
    }
  });

  it("says which option to give when the config computes a path it cannot read without running it", () => {
    const dir = project({
      ...MULTI_FILE,
      "prisma.config.ts": `export default defineConfig({ schema: env("SCHEMA_DIR") })`,
    });
    expect(() => resolveProject({ dir })).toThrow(
      'prisma.config.ts: cannot read schema = env("SCHEMA_DIR") without running the file (give --schema)',
    );
    // Given --schema, the unreadable value is never needed.
    expect(resolveProject({ dir, schema: path.join(dir, "prisma") }).schema).toBe(path.join(dir, "prisma"));
  });

  it("falls back to package.json and the default locations when the config names no schema", () => {
    const dir = project({
      ...MULTI_FILE,
      "other/schema.prisma": "model A {\n  id Int @id\n}\n",
      "prisma.config.ts": `export default defineConfig({ datasource: { url: "postgres://x" } })`,
    });
    expect(resolveProject({ dir }).origins.schema).toBe("package.json prisma.schema");
    expect(resolveProject({ dir }).schema).toBe(path.join(dir, "other/schema.prisma"));
  });

  it("gives a named schema that does not exist as an error, not a silent default", () => {
    const dir = project({ ...MULTI_FILE, "prisma.config.ts": `export default defineConfig({ schema: "db/" })` });
    expect(() => resolveProject({ dir })).toThrow(
      `prisma.config.ts schema ${path.join(dir, "db")}: no such file or folder`,
    );
  });
});
