/**
 * Where a Prisma 7 app's `prisma.config.ts` puts its schema and migrations. Prisma 7 reads them
 * from that file (package.json's `prisma.schema` is Prisma 6's way), and a multi-file schema is
 * found only through it: taking prisma/schema.prisma alone would evaluate a schema without models.
 *
 * The file is read, not run: running it needs the app's own dependencies (`prisma/config`,
 * dotenv) installed, and an evaluation must not execute the team's code. The usual spellings are
 * understood: a string, `path.join(__dirname, "prisma")` / `resolve(...)` / `import.meta.dirname`
 * / `process.cwd()`, inside `defineConfig({...})`, `export default {...}` or `satisfies`. Anything
 * else is reported with what to pass instead; relative paths resolve against the config's folder,
 * as Prisma resolves them.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import ts from "typescript";

/** The config files Prisma looks for, in its order. */
export const PRISMA_CONFIG_FILES = [
  "prisma.config.ts",
  "prisma.config.mts",
  "prisma.config.cts",
  "prisma.config.js",
  "prisma.config.mjs",
  "prisma.config.cjs",
] as const;

/** One path the config sets: absolute, or why it cannot be read; undefined where it sets nothing. */
export type ConfigPath = { path: string } | { unreadable: string } | undefined;

/** What the config sets. */
export interface PrismaConfigPaths {
  file: string;
  schema: ConfigPath;
  migrations: ConfigPath;
}

/** The path, or the one-line error that names the option to give instead. */
export function configPathOrThrow(config: PrismaConfigPaths, key: "schema" | "migrations"): string | undefined {
  const value = config[key];
  if (value && "unreadable" in value) throw new Error(value.unreadable);
  return value?.path;
}

/** The app's config file in `dir`, if any. */
export function findPrismaConfig(dir: string): string | undefined {
  return PRISMA_CONFIG_FILES.map((name) => join(dir, name)).find((p) => existsSync(p));
}

class Unreadable extends Error {}

/** The value of a path expression, or Unreadable. `configDir` stands for __dirname. */
function pathValue(node: ts.Expression, configDir: string): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return pathValue(node.expression, configDir);
  const text = node.getText();
  if (text === "__dirname" || text === "import.meta.dirname") return configDir;
  if (text === "process.cwd()") return configDir; // Prisma runs from the app's folder.
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText();
    const args = node.arguments.map((a) => pathValue(a, configDir));
    if (/^(path\.)?join$/.test(callee)) return join(...args);
    if (/^(path\.)?resolve$/.test(callee)) return resolve(configDir, ...args);
  }
  throw new Unreadable(text);
}

/** The object literal the config exports: `defineConfig({...})`, `{...}`, `{...} satisfies X`. */
function configObject(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  const unwrap = (node: ts.Expression): ts.ObjectLiteralExpression | undefined => {
    if (ts.isObjectLiteralExpression(node)) return node;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
      return unwrap(node.expression);
    if (ts.isCallExpression(node) && node.arguments[0]) return unwrap(node.arguments[0]);
    if (ts.isIdentifier(node)) return variableObject(source, node.text);
    return undefined;
  };
  for (const statement of source.statements) {
    if (ts.isExportAssignment(statement)) return unwrap(statement.expression);
    // CommonJS: module.exports = defineConfig({...})
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.left.getText() === "module.exports"
    )
      return unwrap(statement.expression.right);
  }
  return undefined;
}

/** `const config = {...}` (or `defineConfig({...})`) declared at the top of the file. */
function variableObject(source: ts.SourceFile, name: string): ts.ObjectLiteralExpression | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== name || !d.initializer) continue;
      let init: ts.Expression = d.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))
        init = init.expression;
      if (ts.isCallExpression(init) && init.arguments[0]) init = init.arguments[0];
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText().replace(/^["']|["']$/g, "") === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/**
 * Reads `schema` and `migrations.path` from the config `file`. A path set in a way this reader
 * cannot follow comes back `unreadable`, with the line to show should it be needed. Throws one
 * readable line when the file exports no config object at all.
 */
export function readPrismaConfig(file: string): PrismaConfigPaths {
  const configDir = dirname(file);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const object = configObject(source);
  if (!object)
    throw new Error(
      `${basename(file)}: no exported config object found (give --schema and --migrations; orm-switch reads the file, it does not run it)`,
    );
  const read = (node: ts.Expression | undefined, key: string, option: string): ConfigPath => {
    if (!node) return undefined;
    try {
      const value = pathValue(node, configDir);
      return { path: isAbsolute(value) ? value : resolve(configDir, value) };
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      return {
        unreadable: `${basename(file)}: cannot read ${key} = ${error.message} without running the file (give ${option})`,
      };
    }
  };
  const migrations = property(object, "migrations");
  const migrationsPath =
    migrations && ts.isObjectLiteralExpression(migrations) ? property(migrations, "path") : undefined;
  return {
    file,
    schema: read(property(object, "schema"), "schema", "--schema"),
    migrations: read(migrationsPath, "migrations.path", "--migrations"),
  };
}
