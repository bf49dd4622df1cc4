/**
 * The GitHub Actions workflow a team copies (.github/workflows/bench.yml) cannot run here, so its
 * shell commands must be ones this repository's CI (.ci/run) runs verbatim: then a green .ci/run
 * is evidence that the workflow's commands work on a clean clone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const read = (path: string): string => readFileSync(join(ROOT, path), "utf8");

/** The `run:` commands of a workflow (single-line form, which is all this workflow uses). */
function runCommands(workflow: string): string[] {
  return [...workflow.matchAll(/^\s*-?\s*run:\s*(.+)$/gm)].map((m) => m[1]!.trim());
}

describe("the benchmark workflow for a team's CI", () => {
  const workflow = read(".github/workflows/bench.yml");
  const ciLines = read(".ci/run")
    .split("\n")
    .map((line) => line.trim());

  it("runs only commands that .ci/run also runs", () => {
    const commands = runCommands(workflow);
    expect(commands).toEqual(["npm ci --no-audit --no-fund", "bash scripts/ci-bench.sh"]);
    for (const command of commands) expect(ciLines, command).toContain(command);
  });

  it("gives the gate its pgbouncer path where it can be installed", () => {
    expect(read("scripts/ci-bench.sh")).toMatch(
      /^bash scripts\/apt-install\.sh \/usr\/sbin\/pgbouncer pgbouncer \|\| echo/m,
    );
  });

  it("publishes the summary and keeps report/bench/ even when the gate fails", () => {
    expect(read("scripts/ci-bench.sh")).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(workflow).toMatch(/if: always\(\)\s+uses: actions\/upload-artifact@v4[\s\S]*path: report\/bench\//);
  });
});
