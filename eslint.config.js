// ESLint flat config: typescript-eslint's recommended rules with type information, plus the
// project's boundaries (eslint/local-rules.js): no import cycles, an ORM-free domain.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { boundaryRules, localPlugin } from "./eslint/local-rules.js";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "dist/",
      "src/prisma/generated/",
      "report/",
      "drizzle/meta/",
      ".tmp/",
      "test/fixtures/apps/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["**/*.js"], extends: [tseslint.configs.disableTypeChecked] },
  // CommonJS modules (src/prisma-runtime/utils.cjs loads a package the way Prisma's runtime does).
  {
    files: ["**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  // Dependencies point one way: no import cycle between files, none between folders of src/.
  {
    files: ["src/**/*.ts", "scripts/**/*.ts"],
    plugins: { local: localPlugin },
    rules: { "local/no-import-cycle": "error" },
  },
  // The domain and the ports know no ORM and no implementation.
  { files: ["src/domain/**/*.ts", "src/repositories/**/*.ts"], rules: boundaryRules },
);
