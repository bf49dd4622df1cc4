/**
 * Acknowledgement markers: comment lines in a migration file that accept a finding on purpose.
 *
 *   -- orm-switch-lint: allow <rule-id>[,<rule-id>...] <reason>        (the next statement only)
 *   -- orm-switch-lint: allow-file <rule-id>[,<rule-id>...] <reason>   (every statement in the file)
 *
 * A statement marker sits in the comments between the previous statement's `;` and the statement
 * it acknowledges. The reason is mandatory: a marker is a reviewed decision, and the reason is what
 * the next reviewer reads. Malformed markers are errors themselves and acknowledge nothing, so a
 * typo cannot silently wave a destructive statement through.
 */
import { ruleById, UNACKNOWLEDGEABLE } from "./rules.ts";
import type { SplitScript } from "./split.ts";
import type { Token } from "./tokens.ts";
import type { RawFinding } from "./context.ts";

const MARKER = /^\s*orm-switch-lint\s*:(.*)$/i;

/** A parsed marker. */
interface Marker {
  rules: string[];
  reason: string;
  line: number;
  fileWide: boolean;
  /** Statement the marker applies to (statement markers only). */
  statementIndex?: number;
  used: boolean;
}

/** Applies the markers in the script to the findings; returns the findings plus the markers' own findings. */
export function applyAcknowledgements(script: SplitScript, findings: RawFinding[]): RawFinding[] {
  const markers: Marker[] = [];
  const markerFindings: RawFinding[] = [];

  const parse = (comment: Token, statementIndex: number | undefined): void => {
    // A block comment may hold several lines; each line can be a marker.
    comment.value.split("\n").forEach((text, offset) => {
      const m = MARKER.exec(text.replace(/^\s*\*?/, ""));
      if (!m) return;
      const line = comment.line + offset;
      const invalid = (message: string): void => {
        markerFindings.push({
          ruleId: "invalid-acknowledgement",
          severity: "error",
          line,
          statement: text.trim(),
          message,
          hint: "Write `-- orm-switch-lint: allow <rule-id> <reason>` directly before the statement (or `allow-file` for the whole file); run db:migrate:lint --help for the rule ids.",
          statementIndex: statementIndex ?? Number.MAX_SAFE_INTEGER,
        });
      };
      const body = m[1]!.trim();
      const parts = /^(\S+)\s*(\S*)\s*(.*)$/s.exec(body);
      const directive = parts?.[1]?.toLowerCase();
      if (!parts || (directive !== "allow" && directive !== "allow-file")) {
        invalid(
          `Unknown orm-switch-lint directive "${body}": expected "allow <rule-id> <reason>" or "allow-file <rule-id> <reason>".`,
        );
        return;
      }
      const rules = parts[2]!
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean);
      const reason = parts[3]!.trim();
      if (rules.length === 0) {
        invalid(`The marker names no rule id: "${body}".`);
        return;
      }
      const unknown = rules.filter((r) => !ruleById(r) || UNACKNOWLEDGEABLE.has(r));
      if (unknown.length > 0) {
        invalid(
          `The marker names ${unknown.map((r) => `"${r}"`).join(", ")}, which ${unknown.length > 1 ? "are not rule ids" : "is not a rule id"} a marker can acknowledge.`,
        );
        return;
      }
      if (!reason) {
        invalid(
          `The marker for ${rules.join(", ")} gives no reason: say why the change is safe or intended (e.g. "table unused since v2.3, backed up").`,
        );
        return;
      }
      const fileWide = directive === "allow-file";
      markers.push({ rules, reason, line, fileWide, ...(fileWide ? {} : { statementIndex }), used: false });
    });
  };

  for (const statement of script.statements) for (const c of statement.leadingComments) parse(c, statement.index);
  for (const c of script.trailingComments) parse(c, undefined);

  const out = findings.map((finding) => {
    const marker =
      markers.find(
        (m) => !m.fileWide && m.statementIndex === finding.statementIndex && m.rules.includes(finding.ruleId),
      ) ?? markers.find((m) => m.fileWide && m.rules.includes(finding.ruleId));
    if (!marker) return finding;
    marker.used = true;
    return { ...finding, acknowledged: { reason: marker.reason, line: marker.line, fileWide: marker.fileWide } };
  });

  for (const m of markers) {
    if (m.used) continue;
    markerFindings.push({
      ruleId: "unused-acknowledgement",
      severity: "warning",
      line: m.line,
      statement: `orm-switch-lint: ${m.fileWide ? "allow-file" : "allow"} ${m.rules.join(",")} ${m.reason}`,
      message:
        m.statementIndex === undefined && !m.fileWide
          ? "This marker follows the last statement, so it acknowledges nothing."
          : `Nothing ${m.fileWide ? "in this file" : "in the next statement"} triggers ${m.rules.join(", ")}: the marker is stale or misplaced.`,
      hint: "Remove the marker, or move it directly before the statement it is meant for.",
      statementIndex: m.statementIndex ?? Number.MAX_SAFE_INTEGER,
    });
  }
  return [...out, ...markerFindings].sort((a, b) => a.line - b.line);
}
