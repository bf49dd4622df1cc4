/**
 * An update of a row that does not exist, with nested writes: Prisma fails at the first nested
 * write that needed the row, and an empty `set` needs nothing of it (Prisma then reports the update
 * itself). Found by the strict differential after the write and error work were merged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../support/database.ts";
import { errorShape } from "./compat-compare.ts";
import { seed } from "./compat-fixtures.ts";
import { type ClientPair, openClientPair } from "./compat-support.ts";

type Update = (args: unknown) => Promise<unknown>;
type Delegates = Record<string, Record<string, Update>>;

const CASES: [string, unknown][] = [
  ["user", { where: { id: "uzz" }, data: { assignedTasks: { set: [] } } }],
  ["project", { where: { id: "pzz" }, data: { tasks: { set: [] } } }],
  ["user", { where: { id: "uzz" }, data: { assignedTasks: { set: [{ id: "t1" }] } } }],
];

describe("compat regressions: update of a missing row with nested writes", () => {
  const db = useTestDatabase();
  let pair: ClientPair;
  beforeAll(async () => {
    await seed(db);
    pair = openClientPair(db.url);
  });
  afterAll(async () => {
    await pair?.close();
  });

  it("fails with Prisma's error and meta; an empty set needs nothing of the parent", async () => {
    const operations: unknown[] = [];
    for (const [model, args] of CASES) {
      const failure = async (client: unknown): Promise<unknown> => {
        const update = (client as Delegates)[model]!.update!;
        return update(args).then(() => "no error", (error: unknown) => errorShape(error));
      };
      const expected = await failure(pair.prisma);
      expect(await failure(pair.facade), JSON.stringify(args)).toStrictEqual(expected);
      operations.push((expected as { meta?: { operation?: string } }).meta?.operation);
    }
    expect(operations).toEqual(["an update", "an update", "a nested set"]);
  });
});
