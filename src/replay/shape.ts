/**
 * A call's shape: `Model.operation` and its arguments with every value replaced by its type, so
 * calls that differ only in values group together (`User.findUnique {"where":{"id":"string"}}`).
 * Lists keep the distinct shapes of their items, not their length.
 */
import { type Encoded, isTag } from "./values.ts";

function shapeOf(value: Encoded): Encoded {
  if (value === null) return "null";
  if (Array.isArray(value)) return [...new Map(value.map((v) => [JSON.stringify(shapeOf(v)), shapeOf(v)])).values()];
  if (typeof value === "object") {
    if (isTag(value))
      return value.$orm === "Redacted"
        ? ((value.v as { type?: string } | undefined)?.type ?? "redacted")
        : value.$orm === "Object"
          ? shapeOf(value.v ?? {})
          : value.$orm;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shapeOf(value[k]!)]),
    );
  }
  return typeof value;
}

/** `Model.operation {argument shape}`. */
export function callShape(model: string, operation: string, args: Encoded): string {
  return `${model}.${operation} ${JSON.stringify(shapeOf(args ?? {}))}`;
}
