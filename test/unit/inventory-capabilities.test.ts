/**
 * The facade and the inventory judge from one table (src/compat/capabilities.ts FACADE_REFUSALS):
 * every `unsupported(...)` call in src/compat must have its row there, or the inventory would call
 * movable what the facade refuses.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { FACADE_REFUSALS, UNSUPPORTED_FEATURES } from "../../src/compat/capabilities.ts";
import { judge } from "../../src/inventory/report.ts";
import { emptyFeatures } from "../../src/inventory/feature-set.ts";

const COMPAT = resolve(import.meta.dirname, "../../src/compat");

/** The wording of every `unsupported(<text>)` call in src/compat, `${...}` written as `…`. */
function refusalWordings(): { where: string; wording: string }[] {
  const found: { where: string; wording: string }[] = [];
  for (const name of readdirSync(COMPAT).filter((f) => f.endsWith(".ts"))) {
    const file = ts.createSourceFile(name, readFileSync(join(COMPAT, name), "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "unsupported" &&
        node.arguments.length === 1
      ) {
        const arg = node.arguments[0]!;
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const wording =
          ts.isNoSubstitutionTemplateLiteral(arg) || ts.isStringLiteral(arg)
            ? arg.text
            : ts.isTemplateExpression(arg)
              ? arg.head.text + arg.templateSpans.map((s) => `…${s.literal.text}`).join("")
              : "<not a literal>";
        found.push({ where: `${name}:${line}`, wording });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe("capability table", () => {
  it("lists every refusal the facade can throw", () => {
    const wordings = refusalWordings();
    expect(wordings.length).toBeGreaterThan(10);
    const listed = new Set(FACADE_REFUSALS.map((r) => r.wording));
    expect(wordings.filter((w) => !listed.has(w.wording))).toEqual([]);
  });

  it("judges call sites by the table: each feature the table names blocks a call site", () => {
    for (const refusal of FACADE_REFUSALS) {
      for (const feature of refusal.features) {
        // `operation+feature`: the feature is refused on that operation only.
        const [operation, name] = feature.includes("+")
          ? (feature.split("+") as [string, string])
          : ["findMany", feature];
        const features = emptyFeatures();
        features.features.add(name);
        const entry = judge({
          file: "a.ts",
          line: 1,
          column: 1,
          model: "m",
          operation,
          features,
          detectedBy: "type",
          snippet: "",
        });
        expect(entry.verdict, feature).not.toBe("movable");
        expect(entry.reasons.length, feature).toBeGreaterThan(0);
      }
    }
  });

  it("blocks every unsupported client member", () => {
    for (const member of Object.keys(UNSUPPORTED_FEATURES).filter((k) => k.startsWith("$"))) {
      const features = emptyFeatures();
      features.features.add(member);
      expect(
        judge({
          file: "a.ts",
          line: 1,
          column: 1,
          model: "$client",
          operation: member,
          features,
          detectedBy: "type",
          snippet: "",
        }).verdict,
      ).toBe("blocked");
    }
  });
});
