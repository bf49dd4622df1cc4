/**
 * The SQL shape of every operation for one implementation, as one text: what the snapshot tests
 * commit, so a change in the SQL an implementation sends (an ORM upgrade, a refactor) shows up as
 * a reviewed diff. Parameter values and data-dependent list lengths are not part of a shape.
 */
import { formatSql, sqlShape } from "../capture/index.ts";
import type { ComparisonReport } from "./types.ts";

/** One block per operation: its statements' shapes, formatted, in the order they were sent. */
export function shapeSnapshot(report: ComparisonReport, implementation: string): string {
  const blocks = report.operations.map((op) => {
    const result = op.implementations[implementation];
    if (!result) throw new Error(`${implementation} did not run ${op.name}`);
    const statements = result.statements.map((s) => `${formatSql(sqlShape(s.sql))};`);
    return [
      `-- ${op.name}: ${result.statementCount} statement(s), ${result.roundTrips} round trip(s)`,
      ...statements,
    ].join("\n");
  });
  return `-- SQL sent by "${implementation}" per operation (normalized shape: placeholders as $?, repeated lists collapsed).\n-- Regenerate after reviewing a change: npx vitest run test/integration/compare-sql.test.ts -u\n\n${blocks.join("\n\n")}\n`;
}
