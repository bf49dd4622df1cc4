/**
 * Schema text with comments and string contents blanked, so that line scans (refusals, block
 * lines) never match inside a comment or a string. Kept apart so the DMMF loader and the refusal
 * scan can both use it without importing each other.
 */
/** The schema's lines with `//` comments and the contents of string literals blanked (kept the same length). */
export function blankedLines(text: string): string[] {
  return text.split("\n").map(blankLine);
}

function blankLine(line: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inString) {
      if (ch === "\\") {
        out += "  ";
        i++;
      } else if (ch === '"') {
        inString = false;
        out += ch;
      } else out += " ";
      continue;
    }
    if (ch === "/" && line[i + 1] === "/") return out;
    if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}
