/**
 * Loads a TypeScript codebase for analysis with the compiler API. Uses the directory's
 * tsconfig.json when there is one (so path aliases and generated clients resolve), else every
 * .ts/.tsx file under it. Type errors and even syntax errors do not stop the scan: the parser
 * recovers and the checker answers with what it can resolve.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";

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
}

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "build", "coverage", ".next", ".turbo", ".tmp"]);

function listSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) listSources(path, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry) && !/\.d\.(ts|mts|cts)$/.test(entry)) out.push(path);
  }
  return out;
}

/** Files Prisma generates (the client itself): scanned for types, never reported as call sites. */
export function isGeneratedPrismaFile(path: string): boolean {
  return /[\\/](generated|\.prisma)[\\/]/.test(path) && /prisma/i.test(path);
}

export function loadProgram(dir: string): LoadedProgram {
  const root = resolve(dir);
  const configPath = join(root, "tsconfig.json");
  let rootNames: string[];
  let options: ts.CompilerOptions;
  let source: LoadedProgram["source"];
  if (existsSync(configPath)) {
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root, undefined, configPath);
    rootNames = parsed.fileNames;
    options = parsed.options;
    source = "tsconfig";
  } else {
    rootNames = listSources(root);
    options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true, strict: true };
    source = "directory";
  }
  const program = ts.createProgram({ rootNames, options: { ...options, noEmit: true, skipLibCheck: true } });
  const files = program.getSourceFiles().filter((f) => {
    if (f.isDeclarationFile) return false;
    const rel = relative(root, f.fileName);
    if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) return false;
    return !isGeneratedPrismaFile(f.fileName);
  });
  let diagnostics = 0;
  for (const f of files) diagnostics += program.getSyntacticDiagnostics(f).length + program.getSemanticDiagnostics(f).length;
  return { program, checker: program.getTypeChecker(), root, files, source, diagnostics };
}
