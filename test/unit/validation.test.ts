import { describe, expect, it } from "vitest";
import { isDataError } from "../../src/domain/errors.ts";
import * as v from "../../src/domain/validation.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return isDataError(error) ? `${error.code}:${String(error.details.field)}` : "raw";
  }
  return "ok";
};

describe("boundary validation", () => {
  it("normalizes emails and rejects malformed ones", () => {
    expect(v.email("email", "  Ada@Example.COM ")).toBe("ada@example.com");
    expect(code(() => v.email("email", "ada@"))).toBe("VALIDATION:email");
    expect(code(() => v.email("email", "a b@example.com"))).toBe("VALIDATION:email");
  });

  it("counts length in code points and rejects NUL", () => {
    expect(v.text("name", "🚀".repeat(10), { max: 10 })).toBe("🚀".repeat(10));
    expect(code(() => v.text("name", "🚀".repeat(11), { max: 10 }))).toBe("VALIDATION:name");
    expect(code(() => v.text("name", "a\u0000", { max: 10 }))).toBe("VALIDATION:name");
  });

  it("accepts plain JSON only", () => {
    expect(v.jsonObject("m", { a: [1, { b: null }] })).toEqual({ a: [1, { b: null }] });
    expect(code(() => v.jsonObject("m", { a: Number.NaN }))).toBe("VALIDATION:m");
    expect(code(() => v.jsonObject("m", { a: new Date() }))).toBe("VALIDATION:m");
    expect(code(() => v.jsonObject("m", { a: undefined }))).toBe("VALIDATION:m");
  });

  it("bounds integers and limits", () => {
    expect(v.limit("limit", undefined)).toBe(20);
    expect(code(() => v.limit("limit", 0))).toBe("VALIDATION:limit");
    expect(code(() => v.integer("offset", Number.POSITIVE_INFINITY, 0, 10))).toBe("VALIDATION:offset");
  });
});
