/** Argument parsing every command shares: comma-separated lists, implementation names, numbers. */
import { IMPLEMENTATIONS, type ImplementationName } from "../repositories/index.ts";

/** The items of a comma-separated list, trimmed, empty ones dropped; undefined when not given. */
export function parseList(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Throws a readable error unless `value` names an implementation. */
function parseImplementationName(value: string): ImplementationName {
  if ((IMPLEMENTATIONS as readonly string[]).includes(value)) return value as ImplementationName;
  throw new Error(`unknown implementation "${value}"; expected some of ${IMPLEMENTATIONS.join(", ")}`);
}

/**
 * `--impls a,b`: the implementations named, in the order given; undefined when the option is
 * absent (the caller's default applies). An unknown name or an empty list is an error.
 */
export function parseImplementations(value: string | undefined, option = "--impls"): ImplementationName[] | undefined {
  const names = parseList(value);
  if (names === undefined) return undefined;
  if (names.length === 0) throw new Error(`${option} needs at least one implementation`);
  const unknown = names.find((name) => !(IMPLEMENTATIONS as readonly string[]).includes(name));
  if (unknown !== undefined)
    throw new Error(`${option}: unknown implementation "${unknown}"; expected some of ${IMPLEMENTATIONS.join(", ")}`);
  return names.map(parseImplementationName);
}
