/**
 * The verdict on an unfinished migration from the two schema comparisons (the database side is in
 * test/integration/migrate-fault-injection.test.ts): each case names the command that works, with
 * the project flags repeated so the hint runs as printed.
 */
import { describe, expect, it } from "vitest";
import { judgeEffect } from "../../src/migrate/failed-diagnosis.ts";

const NAME = "20990101000000_x";

describe("judgeEffect", () => {
  it("effect present: resolve --applied", () => {
    expect(judgeEffect(NAME, { withoutIt: "[+] Added tables\n  - t", withIt: "" })).toMatchObject({
      verdict: "applied",
      commands: [`npm run db:migrate:resolve -- --applied ${NAME}`],
    });
  });
  it("effect absent: resolve --rolled-back, then apply, with the project flags (quoted when needed)", () => {
    const d = judgeEffect(NAME, { withoutIt: "", withIt: "[-] Removed tables" }, [
      "--migrations",
      "/tmp/my project/migrations",
    ]);
    expect(d.verdict).toBe("rolled-back");
    expect(d.commands.slice(1)).toEqual([
      `npm run db:migrate:resolve -- --rolled-back ${NAME} --migrations '/tmp/my project/migrations'`,
      `npm run db:migrate:apply -- --migrations '/tmp/my project/migrations'`,
    ]);
  });
  it("neither: partial, manual repair, with the difference", () => {
    const d = judgeEffect(NAME, {
      withoutIt: "a",
      withIt: "[*] Changed the `users` table\n  [+] Added column `nickname`",
    });
    expect(d.verdict).toBe("partial");
    expect(d.detail.join("\n")).toMatch(/nickname/);
    expect(d.commands.join("\n")).not.toMatch(/resolve --/);
  });
  it("both (no schema effect): undetermined, both commands offered conditionally", () => {
    const d = judgeEffect(NAME, { withoutIt: "", withIt: "" });
    expect(d.verdict).toBe("undetermined");
    expect(d.commands).toEqual([
      `if its data changes are there: npm run db:migrate:resolve -- --applied ${NAME}`,
      `if not: npm run db:migrate:resolve -- --rolled-back ${NAME} then npm run db:migrate:apply`,
    ]);
  });
  it("not replayable: rolled back when the schema is the history's, partial otherwise; not on disk: undetermined", () => {
    expect(
      judgeEffect(NAME, { withoutIt: "", withIt: undefined, replayError: "relation x does not exist" }).verdict,
    ).toBe("rolled-back");
    expect(judgeEffect(NAME, { withoutIt: "diff", withIt: undefined }).verdict).toBe("partial");
    expect(judgeEffect(NAME, undefined)).toMatchObject({ verdict: "undetermined", commands: [] });
  });
});
