/** Number and text formatting shared by the Markdown and HTML reports. */

/** Milliseconds with sensible precision; an em dash for "no figure". */
export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "—";
  return `${ratio.toFixed(2)}×`;
}

export function fmtCount(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : String(n);
}

export function fmtBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "—";
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function fmtScore(score: number | null): string {
  if (score === null) return "n/a";
  return `${score > 0 ? "+" : ""}${score.toFixed(2)}`;
}

export function fmtSeconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function fmtPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export { plural } from "../evaluate/display.ts";
