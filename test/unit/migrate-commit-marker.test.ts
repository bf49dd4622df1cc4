/** Which migration files can carry a commit marker in their own transaction (issue 12 audit item 3). */
import { describe, expect, it } from "vitest";
import { transactionControlIn, withCommitMarker } from "../../src/migrate/engine/commit-marker.ts";

describe("transactionControlIn", () => {
  it.each([
    ["BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;", "BEGIN"],
    ["UPDATE t SET a = 1;\ncommit;", "COMMIT"],
    ["UPDATE t SET a = 1; START TRANSACTION; ROLLBACK;", "START TRANSACTION"],
  ])("finds statement-level transaction control in %j", (script, keyword) => {
    expect(transactionControlIn(script)).toBe(keyword);
  });

  it.each([
    "UPDATE t SET note = 'BEGIN; COMMIT;';",
    "DO $$ BEGIN UPDATE t SET a = 1; END $$;",
    "CREATE FUNCTION f() RETURNS void AS $body$\nBEGIN\n  NULL;\nEND;\n$body$ LANGUAGE plpgsql;",
    "-- COMMIT later\nUPDATE t SET a = 1;",
    "/* BEGIN */ UPDATE t SET committed = true;",
  ])("ignores strings, comments, dollar-quoted bodies and identifiers: %j", (script) => {
    expect(transactionControlIn(script)).toBeUndefined();
  });
});

describe("withCommitMarker", () => {
  it("appends the marker INSERT with the script's SHA-256 to an atomic script, and leaves a self-committing one alone", () => {
    const script = "UPDATE t SET a = 1;";
    expect(withCommitMarker(script)).toMatch(
      /^UPDATE t SET a = 1;\n;\nINSERT INTO "orm_switch"\."migration_commits" \("checksum"\) VALUES \('[0-9a-f]{64}'\);\n$/,
    );
    expect(withCommitMarker("BEGIN; UPDATE t SET a = 1; COMMIT;")).toBe("BEGIN; UPDATE t SET a = 1; COMMIT;");
  });
});
