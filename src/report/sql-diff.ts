/**
 * Line differences between two implementations' captured SQL, for the side-by-side view: each line
 * of `other` is marked as shared with the reference or not, by a longest-common-subsequence match.
 * Statements are short (tens of lines), so the quadratic table is cheap.
 */

export interface DiffLine {
  text: string;
  /** `same`: also in the reference, in order; `changed`: not in the reference. */
  kind: "same" | "changed";
}

/** Marks each line of `other` as shared with `reference` or not. */
function diffLines(reference: string[], other: string[]): DiffLine[] {
  const n = reference.length;
  const m = other.length;
  // lcs[i][j]: length of the longest common subsequence of reference[i..] and other[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = reference[i] === other[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (j < m) {
    if (i < n && reference[i] === other[j]) {
      out.push({ text: other[j]!, kind: "same" });
      i++;
      j++;
    } else if (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      i++;
    } else {
      out.push({ text: other[j]!, kind: "changed" });
      j++;
    }
  }
  return out;
}

/** A run of text in the compared statement, marked when it has no counterpart in the reference. */
export interface DiffSegment {
  text: string;
  changed: boolean;
}

/** Words, punctuation and whitespace; whitespace is kept for layout and never compared. */
function tokenize(text: string): string[] {
  return text.match(/\s+|[A-Za-z_][A-Za-z0-9_$.]*|"[^"]*"|'(?:[^']|'')*'|\$\d+|\d+(?:\.\d+)?|::|[^\sA-Za-z0-9_]/g) ?? [];
}

const isSpace = (token: string): boolean => /^\s+$/.test(token);
// Above this many cell comparisons the token table gets slow; lines are compared instead.
const MAX_TOKEN_CELLS = 4_000_000;

/**
 * Word-level differences of `other` against `reference`: the tokens of `other` that are not part
 * of the longest common token sequence are marked changed. Keywords compare case-insensitively.
 */
export function diffTokens(reference: string, other: string): DiffSegment[] {
  const a = tokenize(reference).filter((t) => !isSpace(t)).map((t) => t.toUpperCase());
  const bAll = tokenize(other);
  const b = bAll.filter((t) => !isSpace(t));
  if (a.length * b.length > MAX_TOKEN_CELLS) {
    return diffLines(reference.split("\n"), other.split("\n")).flatMap((l, i) => [...(i > 0 ? [{ text: "\n", changed: false }] : []), { text: l.text, changed: l.kind === "changed" }]);
  }
  const marks = diffLines(a, b.map((t) => t.toUpperCase())).map((l) => l.kind === "changed");
  const segments: DiffSegment[] = [];
  let k = 0;
  for (const token of bAll) {
    // Whitespace between two changed tokens is shown as part of the change, so it reads as one run.
    const changed = isSpace(token) ? (marks[k - 1] ?? false) && (marks[k] ?? false) : marks[k++]!;
    const last = segments.at(-1);
    if (last && last.changed === changed) last.text += token;
    else segments.push({ text: token, changed });
  }
  return segments;
}

/** Lines of a list of formatted statements, each statement ended by `;` and a blank line between. */
export function statementLines(statements: { formatted: string }[]): string[] {
  return statements.flatMap((s, index) => [...(index > 0 ? [""] : []), ...`${s.formatted.trimEnd()};`.split("\n")]);
}
