/**
 * documentedRefusal, shared by compat:fuzz and the differential test: only the facade's refusal
 * class with a wording from the capability table counts as a refusal; anything else is compared.
 */
import { describe, expect, it } from "vitest";
import { CompatUnsupportedError, unsupported } from "../../src/compat/errors.ts";
import { type Outcome, createComparison } from "../../src/fuzz/compare.ts";
import { documentedRefusal } from "../../src/fuzz/refusal.ts";

const { outcome } = createComparison({ nowAfter: Date.UTC(2025, 0, 1), seedIds: new Set() });
/** The compared outcome of a call that throws what `fail` throws. */
const failing = (fail: () => never): Promise<Outcome> => outcome(() => Promise.resolve().then(fail));
const refused = (feature: string): Promise<Outcome> => failing(() => unsupported(feature));
const thrown = (error: Error): Promise<Outcome> =>
  failing(() => {
    throw error;
  });

describe("documentedRefusal", () => {
  it("recognises a refusal the capability table words exactly", async () => {
    expect(documentedRefusal(await refused("groupBy with a negative take"))).toBe(
      "compat: groupBy with a negative take is not supported yet",
    );
  });

  it("recognises a wording whose … stand for names", async () => {
    expect(documentedRefusal(await refused("the `path` filter on Json field `meta`"))).toBe(
      "compat: the `path` filter on Json field `meta` is not supported yet",
    );
  });

  it("does not excuse the refusal class with a wording the table does not document", async () => {
    expect(documentedRefusal(await thrown(new CompatUnsupportedError("teleporting rows")))).toBeUndefined();
  });

  it("does not excuse another class that words its message like a refusal", async () => {
    const lookalike = new Error("compat: groupBy with a negative take is not supported yet");
    lookalike.name = "PrismaCompatUnsupportedError";
    expect(documentedRefusal(await thrown(lookalike))).toBeUndefined();
  });

  it("is undefined for a result", async () => {
    expect(documentedRefusal(await outcome(() => Promise.resolve([{ id: 1 }])))).toBeUndefined();
  });
});
