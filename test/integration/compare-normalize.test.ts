/**
 * Result normalization for the comparison: what a run generates (cuid ids, appended audit ids,
 * timestamps of "now") becomes a placeholder; what comes from the seed or the input stays, so a
 * wrong seeded row is still a difference.
 */
import { describe, expect, it } from "vitest";
import { canonical, firstDifference, normalizeResult, resultSize } from "../../src/compare/normalize-result.ts";

const context = { runStartedAt: new Date("2026-01-01T00:00:00.000Z"), maxSeedAuditId: 1000n };
const now = new Date("2026-01-01T00:00:05.000Z");

describe("normalizeResult", () => {
  it("numbers generated ids by first appearance, so references between rows survive", () => {
    const a = normalizeResult(
      {
        organization: { id: "clx1a2b3c4d5e6f7g8h9i0j1k" },
        membership: { organizationId: "clx1a2b3c4d5e6f7g8h9i0j1k", id: "clzzzzzzzzzzzzzzzzzzzzzzz" },
      },
      context,
    );
    const b = normalizeResult(
      {
        organization: { id: "cm00000000000000000000000" },
        membership: { organizationId: "cm00000000000000000000000", id: "cm11111111111111111111111" },
      },
      context,
    );
    expect(canonical(a)).toBe(canonical(b));
    // Keys are visited in sorted order: membership.id first, then membership.organizationId.
    expect(a).toEqual({
      membership: { id: "<generated id 1>", organizationId: "<generated id 2>" },
      organization: { id: "<generated id 2>" },
    });
    // A reference to the wrong generated row is still a difference.
    const c = normalizeResult(
      {
        organization: { id: "cm00000000000000000000000" },
        membership: { organizationId: "cm11111111111111111111111", id: "cm11111111111111111111111" },
      },
      context,
    );
    expect(canonical(c)).not.toBe(canonical(a));
  });

  it("keeps seed ids, input values and old timestamps exactly", () => {
    const seeded = { id: "usr_000001", email: "ada@seed.example.com", createdAt: new Date("2025-01-01T00:00:00.000Z") };
    expect(normalizeResult(seeded, context)).toEqual({
      createdAt: "2025-01-01T00:00:00.000Z",
      email: "ada@seed.example.com",
      id: "usr_000001",
    });
    expect(canonical(normalizeResult({ id: "usr_000001" }, context))).not.toBe(
      canonical(normalizeResult({ id: "usr_000002" }, context)),
    );
  });

  it("masks timestamps made during the run and audit ids above the seeded ones", () => {
    expect(normalizeResult({ createdAt: now, at: now.toISOString() }, context)).toEqual({
      at: "<now>",
      createdAt: "<now>",
    });
    expect(normalizeResult({ id: "999" }, context)).toEqual({ id: "999" });
    expect(normalizeResult({ id: "1001", nextCursor: "1001" }, context)).toEqual({
      id: "<generated id 1>",
      nextCursor: "<generated id 1>",
    });
  });

  it("can mask every generated id the same way, for unordered row sets", () => {
    expect(
      normalizeResult(["cm00000000000000000000000", "cm11111111111111111111111"], context, { numbered: false }),
    ).toEqual(["<generated id>", "<generated id>"]);
  });
});

describe("result helpers", () => {
  it("sizes lists, pages, counts and single rows", () => {
    expect([
      resultSize([1, 2, 3]),
      resultSize({ items: [1], nextCursor: null }),
      resultSize(7),
      resultSize({ id: "x" }),
      resultSize(null),
    ]).toEqual([3, 1, 7, 1, 0]);
  });

  it("points at the first difference", () => {
    expect(firstDifference({ a: [1, 2] }, { a: [1, 2] })).toBeNull();
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toMatchObject({
      path: "$.a.length",
      expected: "2",
      actual: "1",
    });
    expect(firstDifference({ a: { b: "x" } }, { a: { b: "y" } })).toMatchObject({
      path: "$.a.b",
      expected: '"x"',
      actual: '"y"',
    });
  });
});
