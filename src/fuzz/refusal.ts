/**
 * Recognising the facade's documented refusals in a compared outcome: the differential tests and
 * compat:fuzz count them apart from mismatches. Only a refusal the capability table documents
 * counts (src/compat/capabilities.ts, the table the call-site inventory shares): any other error is
 * compared, so an undocumented "not supported" shows up as a mismatch instead of being excused.
 */
import { FACADE_REFUSALS } from "../compat/capabilities.ts";
import type { Outcome } from "./compare.ts";

/** The class name an outcome's error shape carries for the facade's refusals. */
const REFUSAL_CLASS = "CompatUnsupportedError";

/** `compat: <wording> is not supported yet`, with each `…` of the wording standing for a name. */
function refusalPattern(wording: string): RegExp {
  const parts = wording.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^compat: ${parts.join(".+")} is not supported yet$`);
}

const PATTERNS = FACADE_REFUSALS.map((r) => refusalPattern(r.wording));

/**
 * The refusal's message when `outcome` is the facade's documented refusal (class
 * `CompatUnsupportedError`, wording from the capability table); undefined for anything else.
 */
export function documentedRefusal(outcome: Outcome): string | undefined {
  if (!("error" in outcome) || outcome.error.class !== REFUSAL_CLASS) return undefined;
  const message = typeof outcome.error.message === "string" ? outcome.error.message : "";
  return PATTERNS.some((p) => p.test(message)) ? message : undefined;
}
