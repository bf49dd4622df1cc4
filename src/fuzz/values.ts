/**
 * Synthetic values for a field, numbered: value `i` of a field is always the same, distinct `i`
 * give distinct values (so unique fields stay unique), and each fits the field's `@db.*` type
 * (lengths, precision, ranges, formats). Strings mix case and LIKE wildcards so that filters with
 * `mode: 'insensitive'`, `contains` and `startsWith` have something to decide.
 */
import { Decimal } from "../compat/prisma-runtime.ts";
import type { FieldSpec } from "./model-spec.ts";

/** Every generated date is before this (2025-01-01), so "now" values stand apart. */
export const SYNTHETIC_DATES_BEFORE = Date.UTC(2025, 0, 1);
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

const WORDS = ["alpha", "Beta", "ALPHA", "gamma_%", "delta", "Épsilon", "zeta", "b_b", "Alpha x", "%"];
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function bitString(length: number, i: number): string {
  return Array.from({ length }, (_, k) => ((i >> k) & 1 ? "1" : "0")).join("");
}

/** A string value for the field's native type. */
function stringValue(field: FieldSpec, i: number): string {
  const n = Number(field.nativeArgs[0] ?? 0);
  switch (field.native) {
    case "Uuid":
      return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
    case "Inet":
      return `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    case "Bit":
      return bitString(n || 1, i);
    case "VarBit":
      return bitString(Math.min(n || 8, 8), i);
    case "Xml":
      return `<v>${i}</v>`;
    case "Char": {
      const length = n || 1;
      const text = `${LETTERS[i % 26]}${i >= 26 ? String(i) : ""}`;
      return text.padEnd(length, "x").slice(0, length);
    }
    default: {
      const text = `${WORDS[i % WORDS.length]}${i >= WORDS.length ? ` ${i}` : ""}`;
      return n > 0 ? text.slice(0, n) : text;
    }
  }
}

/** A date for the field's native type: whole seconds, midnight for Date, 1970-01-01 for Time. */
function dateValue(field: FieldSpec, i: number): Date {
  switch (field.native) {
    case "Date":
      return new Date(T0 - 12 * 3_600_000 + i * 86_400_000);
    case "Time":
    case "Timetz":
      return new Date(Date.UTC(1970, 0, 1, 8 + (i % 12), i % 60, 5));
    default:
      return new Date(T0 + i * 86_400_000 + (i % 7) * 60_000);
  }
}

function intValue(field: FieldSpec, i: number): number {
  const value = i * 3 - 4;
  return field.native === "Oid" ? Math.abs(value) : value;
}

/** Value number `i` of one element of the field (not a list). */
export function elementValue(field: FieldSpec, i: number): unknown {
  switch (field.kind) {
    case "string":
      return stringValue(field, i);
    case "int":
      return intValue(field, i);
    case "bigint":
      return BigInt(i * 10 - 15);
    case "float":
      return i * 1.5 - 3;
    case "decimal":
      return new Decimal(i * 2.25 - 4.5);
    case "boolean":
      return i % 2 === 0;
    case "date":
      return dateValue(field, i);
    case "json":
      return [{ n: i, tag: WORDS[i % WORDS.length] }, [i, "x"], `text ${i}`, i][i % 4];
    case "bytes":
      return Uint8Array.from([i % 256, (255 - i) % 256]);
    case "enum":
      return field.enumValues[i % field.enumValues.length];
  }
}

/** Value number `i` of the field: a list of zero to two elements for list fields. */
export function fieldValue(field: FieldSpec, i: number): unknown {
  if (!field.list) return elementValue(field, i);
  return Array.from({ length: i % 3 }, (_, k) => elementValue(field, i + k));
}

/** Values that make distinct numbers distinct (only Boolean and enums can run out). */
export function hasDistinctValues(field: FieldSpec): boolean {
  return (
    field.kind !== "boolean" &&
    field.kind !== "enum" &&
    !(field.native === "Bit" && Number(field.nativeArgs[0] ?? 1) < 4)
  );
}
