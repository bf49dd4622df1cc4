/** Types of local-rules.js for the TypeScript code that imports it (the lint boundary test). */
import type { ESLint, Linter } from "eslint";

/** The plugin eslint.config.js registers as `local` (rule `no-import-cycle`). */
export declare const localPlugin: ESLint.Plugin;
/** Packages the domain and the ports may not import. */
export declare const ORM_PACKAGES: readonly string[];
/** The `no-restricted-imports` settings for src/domain and src/repositories. */
export declare const boundaryRules: Linter.RulesRecord;
