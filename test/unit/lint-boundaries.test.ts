/**
 * The boundaries the linter enforces (eslint.config.js, eslint/local-rules.js), proved with ESLint's
 * own API: the project's real configuration fails on a domain file that imports an ORM or an
 * implementation and on an import cycle; the cycle rule alone, on fixture files in a temporary
 * project, reports a cycle between files and between src/ folders and stays quiet on one-way imports.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPlugin } from "../../eslint/local-rules.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Rule ids and messages ESLint reports for `code` linted as if it were `filePath` (an existing file
 * of the project: typed linting only knows files its tsconfig includes).
 */
async function problems(
  eslint: ESLint,
  code: string,
  filePath: string,
): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

describe("the project's lint configuration", () => {
  const eslint = new ESLint({ cwd: ROOT });

  it("fails on a domain file that imports an ORM or a database driver", async () => {
    const found = await problems(
      eslint,
      'import { sql } from "drizzle-orm";\nimport type pg from "pg";\nexport const f = (p: pg.Pool) => [sql, p];\n',
      "src/domain/search.ts",
    );
    expect(found.filter((p) => p.ruleId === "no-restricted-imports").map((p) => p.message)).toEqual([
      expect.stringMatching(/import no ORM or database driver/) as string,
      expect.stringMatching(/import no ORM or database driver/) as string,
    ]);
  }, 120_000);

  it("fails on a repositories file that imports an implementation", async () => {
    const found = await problems(
      eslint,
      'export { createSqlRepositories } from "../sql/repositories.ts";\nimport "@prisma/client";\n',
      "src/repositories/divergences.ts",
    );
    const messages = found.filter((p) => p.ruleId === "no-restricted-imports").map((p) => p.message);
    expect(messages).toHaveLength(2);
    expect(messages.join("\n")).toMatch(/nothing from the implementations/);
  }, 120_000);

  it("fails on an import cycle", async () => {
    // src/implementations.ts imports src/db/connection.ts: importing it back closes the cycle.
    const found = await problems(
      eslint,
      'import "../implementations.ts";\nexport interface ConnectionOptions { url?: string }\n',
      "src/db/connection.ts",
    );
    expect(found.filter((p) => p.ruleId === "local/no-import-cycle").map((p) => p.message)).toEqual([
      "import cycle: src/db/connection.ts -> src/implementations.ts -> src/db/connection.ts",
    ]);
  }, 120_000);

  it("passes the project's own connection module as it is", async () => {
    const found = await problems(
      eslint,
      'import type pg from "pg";\nexport interface ConnectionOptions { url?: string; pool?: pg.Pool }\n',
      "src/db/connection.ts",
    );
    expect(found).toEqual([]);
  }, 120_000);
});

describe("local/no-import-cycle on fixture files", () => {
  let root: string;
  let eslint: ESLint;
  const files: Record<string, string> = {
    "src/a/one.ts": 'import { two } from "./two.ts";\nexport const one = () => two;\n',
    "src/a/two.ts": 'import { one } from "./one.ts";\nexport const two = () => one;\n',
    "src/b/upper.ts": 'import { lower } from "../c/lower.ts";\nexport const upper = lower;\n',
    "src/c/lower.ts":
      'import type { helper } from "../c/helper.ts";\nexport const lower = 1 as unknown as typeof helper;\n',
    "src/c/helper.ts": "export const helper = 2;\n",
    "src/c/back.ts": 'import { upper } from "../b/upper.ts";\nexport const back = upper;\n',
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "orm-switch-lint-"));
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ["**/*.ts"],
          languageOptions: { parser: tseslint.parser },
          plugins: { local: localPlugin },
          rules: { "local/no-import-cycle": "error" },
        },
      ],
    });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  const lint = async (path: string) => {
    const [result] = await eslint.lintFiles([join(root, path)]);
    return (result?.messages ?? []).map((m) => m.message);
  };

  it("reports a cycle between two files", async () => {
    expect(await lint("src/a/one.ts")).toEqual(["import cycle: src/a/one.ts -> src/a/two.ts -> src/a/one.ts"]);
  });

  it("reports a cycle between two folders of src/ (b -> c -> b)", async () => {
    expect(await lint("src/b/upper.ts")).toEqual([
      "folder cycle: src/b -> src/c -> src/b (make the dependency one-way)",
    ]);
  });

  it("stays quiet on imports that point one way", async () => {
    expect(await lint("src/c/helper.ts")).toEqual([]);
  });
});
