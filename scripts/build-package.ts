/**
 * `npm run build` (run by `npm pack` through prepack): builds dist/recorder.js, the recorder as
 * plain JavaScript, so an app can add `recordWorkload` without a TypeScript loader (the rest of the
 * package runs from its TypeScript sources through tsx). Bundles this package's own modules,
 * leaves every dependency an import. Exit codes: 0 built, 2 failed.
 */
import path from "node:path";
import { build } from "esbuild";
import { exitWith } from "../src/cli/exit.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

async function main(): Promise<number> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(
      "Usage: npm run build\n\nBuilds dist/recorder.js (the recorder as plain JavaScript). Exit codes: 0 built, 2 failed.",
    );
    return 0;
  }
  await build({
    entryPoints: { recorder: path.join(ROOT, "src/replay/index.ts") },
    outdir: path.join(ROOT, "dist"),
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
  console.log("build: dist/recorder.js");
  return 0;
}

main().then(exitWith, async (error: unknown) => {
  console.error(`build: failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  await exitWith(2);
});
