/**
 * The proof of record and replay: the contract suite's bodies (unchanged) run on the Prisma
 * implementation whose client carries the recorder (so they also show the recorder changes no
 * result), with a reset marker wherever the suite empties its tables; then the recorded workload is
 * replayed through real Prisma and through the facade on Drizzle, and no call may differ, fail
 * differently, be refused or be left unreplayed.
 */
import fs from "node:fs";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "../../src/prisma/client.ts";
import type { PrismaClient } from "../../src/prisma/generated/client.ts";
import { createPrismaRepositoriesOnClient } from "../../src/prisma/repositories.ts";
import { recordWorkload } from "../../src/replay/recorder.ts";
import { replayMarkdown } from "../../src/replay/report.ts";
import { PROJECT_SCHEMA, runReplay } from "../../src/replay/run.ts";
import { appendResetMarker, readWorkload } from "../../src/replay/workload-file.ts";
import { contractBodies } from "../contract/suite.ts";

const OUT = path.resolve(".tmp", `replay-contract-${process.pid}`);
const WORKLOAD = path.join(OUT, "contract.jsonl");

describe("record the contract suite on Prisma, replay it through Prisma and the facade", () => {
  contractBodies(
    "recorded repositories",
    (url) => {
      fs.rmSync(OUT, { recursive: true, force: true });
      fs.mkdirSync(OUT, { recursive: true });
      const client = createPrismaClient(new PrismaPg({ connectionString: url }), ["query", "warn", "error"]);
      const recorded = client.$extends(recordWorkload({ file: WORKLOAD, redact: false })) as unknown as PrismaClient;
      return createPrismaRepositoriesOnClient(recorded, { close: () => client.$disconnect() });
    },
    () => appendResetMarker(WORKLOAD),
  );

  it("replays the recorded workload with no difference between prisma and prisma-on-drizzle", async () => {
    const lines = readWorkload(WORKLOAD);
    const report = await runReplay({
      workload: WORKLOAD,
      schema: PROJECT_SCHEMA,
      data: { kind: "empty" },
      rttMs: 20,
      serverUrl: inject("pgServerUrl"),
    });
    fs.writeFileSync(path.join(OUT, "replay.md"), replayMarkdown(report));
    fs.writeFileSync(path.join(OUT, "replay.json"), JSON.stringify(report, null, 2));
    const problems = report.shapes.flatMap((s) => s.examples.map((e) => `${e.verdict} ${s.shape}: ${e.detail}`));
    expect(problems).toEqual([]);
    expect(report.calls).toBe(lines.filter((l) => l.kind === "call").length);
    expect(report.totals.equal).toBe(report.calls);
    expect(report.calls).toBeGreaterThan(200);
    // Recorded ids are mapped and generated ids injected: replayed calls find the rows the recording
    // found. (The few others update tasks inserted by createMany, which returns no ids to map.)
    expect(report.reproduced / report.calls).toBeGreaterThan(0.95);
    // The workload reaches reads and writes of every model.
    const models = new Set(report.shapes.map((s) => s.shape.split(".")[0]));
    expect([...models].sort()).toEqual([
      "AuditLog",
      "Download",
      "Membership",
      "Organization",
      "Project",
      "Session",
      "Task",
      "User",
    ]);
  }, 300_000);
});
