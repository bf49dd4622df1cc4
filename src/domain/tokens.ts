import { createHash, randomBytes } from "node:crypto";

/** A new random bearer token (256 bits, base64url). Give it to the client; store only its hash. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The value stored in `sessions.token_hash`: SHA-256 of the token, lower-case hex. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
