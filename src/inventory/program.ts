/**
 * Loads a codebase for analysis with the TypeScript compiler API. Uses the directory's
 * tsconfig.json when there is one (so path aliases and generated clients resolve), else every
 * .ts/.tsx/.js/.mjs/.cjs file under it (JavaScript parsed, not type-checked). Type errors and even
 * syntax errors do not stop the scan: the parser recovers and the checker answers with what it can
 * resolve.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { listSources, toPosix } from "./files.ts";

export interface LoadedProgram {
  program: ts.Program;
  checker: ts.TypeChecker;
  root: string;
  /** The files to scan (the codebase's own sources, not node_modules, not declarations). */
  files: ts.SourceFile[];
  /** How the file list was found. */
  source: "tsconfig" | "directory";
  /** Number of diagnostics the compiler reported (syntactic + semantic), for the report. */
  diagnostics: number;
  /** Entries the directory walk could not read (dangling symlinks...), with why. */
  skipped: { path: string; reason: string }[];
}

/** Files Prisma generates (the client itself): scanned for types, never reported as call sites. */
export function isGeneratedPrismaFile(path: string): boolean {
  return /[\\/](generated|\.prisma)[\\/]/.test(path) && /prisma/i.test(path);
}

const DIRECTORY_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  allowJs: true,
  checkJs: false,
  strict: true,
};

/** Loads `dir`; `exclude` is given slash-separated paths relative to it. */
export function loadProgram(dir: string, exclude: (relativePath: string) => boolean = () => false): LoadedProgram {
  const root = resolve(dir);
  const configPath = join(root, "tsconfig.json");
  let rootNames: string[];
  let options: ts.CompilerOptions;
  let source: LoadedProgram["source"];
  let skipped: LoadedProgram["skipped"] = [];
  if (existsSync(configPath)) {
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root, undefined, configPath);
    rootNames = parsed.fileNames;
    options = parsed.options;
    source = "tsconfig";
  } else {
    const listing = listSources(root, exclude);
    rootNames = listing.files;
    skipped = listing.skipped;
    options = DIRECTORY_OPTIONS;
    source = "directory";
  }
  const program = ts.createProgram({ rootNames, options: { ...options, noEmit: true, skipLibCheck: true } });
  const files = program.getSourceFiles().filter((f) => {
    if (f.isDeclarationFile) return false;
    const rel = relative(root, f.fileName);
    if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) return false;
    return !isGeneratedPrismaFile(f.fileName) && !exclude(toPosix(rel));
  });
  let diagnostics = 0;
  for (const f of files)
    diagnostics += program.getSyntacticDiagnostics(f).length + program.getSemanticDiagnostics(f).length;
  return { program, checker: program.getTypeChecker(), root, files, source, diagnostics, skipped };
}
