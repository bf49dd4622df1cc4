/**
 * The one guard every command that touches a database passes through: resolve the URL as the
 * driver and libpq would (refuse when they could disagree), refuse what the URL alone already rules
 * out without connecting, then connect, ask the server what it reached, print the banner with the
 * server's answer, and judge that.
 */
import { askServer } from "../db/server-identity.ts";
import type { SelectedUrl } from "../db/target-url.ts";
import {
  assertMayWrite,
  confirmWithServer,
  describeTarget,
  formatBanner,
  TargetRefusedError,
  type TargetInfo,
} from "./target.ts";

/** What a command asks of {@link guardTarget}. */
export interface GuardRequest {
  /** `db:migrate:apply`, `db:seed`...: used in the banner title, the hints and `npm run` lines. */
  command: string;
  /** Banner title when it should say more than the command (e.g. "(read-only)"). */
  title?: string;
  selected: SelectedUrl;
  /** `--yes` was given. */
  yes: boolean;
  /** Read-only commands get the banner and the server check, no production guard. */
  readOnly?: boolean;
  /** A command's own rule on top of the production guard (db:push, db:restore): a reason to refuse, or undefined. */
  extraRule?: (target: TargetInfo) => string | undefined;
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

/** Applies the production guard and the command's own rule; throws {@link TargetRefusedError}. */
function judge(target: TargetInfo, request: GuardRequest): void {
  if (request.readOnly) return;
  const extra = request.extraRule?.(target);
  if (extra) throw new TargetRefusedError(extra);
  assertMayWrite(target, { yes: request.yes, command: request.command });
}

/**
 * Returns the judged target (use its `url` for every connection from here on) or throws
 * {@link TargetRefusedError}. The banner is printed before any refusal that follows it. A target
 * the URL already rules out is refused before connecting (nothing is sent to it).
 */
export async function guardTarget(request: GuardRequest): Promise<TargetInfo> {
  const title = request.title ?? request.command;
  const resolved = describeTarget(request.selected.url, request.env, request.selected.variable);
  try {
    judge(resolved, request);
  } catch (error) {
    request.out(formatBanner(title, resolved));
    throw error;
  }
  let confirmed: TargetInfo;
  try {
    confirmed = confirmWithServer(resolved, await askServer(resolved.url), request.env);
  } catch (error) {
    request.out(formatBanner(title, resolved));
    throw error;
  }
  request.out(formatBanner(title, confirmed));
  judge(confirmed, request);
  return confirmed;
}
