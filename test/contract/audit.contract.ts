import { describe, expect, it } from "vitest";
import { type ContractContext, expectCode } from "./context.ts";
import { unique } from "./fixtures.ts";

export function auditContract(ctx: ContractContext): void {
  describe("audit", () => {
    it("append stores jsonb before/after verbatim and returns a bigint id as a decimal string", async () => {
      const entityId = unique("e");
      const before = { list: [1, 2.5, "x"], nested: { ok: true }, text: "naïve 'quoted' \"double\" 😀" };
      const entry = await ctx.repos.audit.append({
        entityType: "thing",
        entityId: entityId.replaceAll("-", "_"),
        action: "thing.changed",
        before,
        after: null,
      });
      expect(entry.id).toMatch(/^[0-9]+$/);
      expect(entry).toMatchObject({
        entityType: "thing",
        action: "thing.changed",
        before,
        after: null,
        actorId: null,
        organizationId: null,
      });
      expect(entry.createdAt).toBeInstanceOf(Date);
    });

    it("listForEntity pages newest first and neither skips nor repeats entries appended meanwhile", async () => {
      const entityId = "entity_1";
      const original: string[] = [];
      for (let i = 0; i < 23; i++)
        original.push((await ctx.repos.audit.append({ entityType: "doc", entityId, action: `step.${i}` })).id);
      await ctx.repos.audit.append({ entityType: "doc", entityId: "entity_2", action: "other" });

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const listing = ctx.repos.audit.listForEntity({ entityType: "doc", entityId, limit: 5, cursor });
        const [page] = await Promise.all([
          listing,
          ctx.repos.audit.append({ entityType: "doc", entityId, action: "concurrent" }),
        ]);
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const seenOriginal = seen.filter((id) => original.includes(id));
      expect(seenOriginal).toEqual([...original].reverse());
      for (let i = 1; i < seen.length; i++) expect(BigInt(seen[i - 1]!)).toBeGreaterThan(BigInt(seen[i]!));
    });

    it("listForEntity rejects malformed cursors and limits with VALIDATION", async () => {
      await expectCode(
        ctx.repos.audit.listForEntity({ entityType: "doc", entityId: "x", cursor: "abc" }),
        "VALIDATION",
      );
      await expectCode(ctx.repos.audit.listForEntity({ entityType: "doc", entityId: "x", limit: 1000 }), "VALIDATION");
    });
  });
}
