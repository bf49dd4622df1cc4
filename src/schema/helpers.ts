/**
 * Code the generated schema.ts carries for what drizzle-orm has no builder or generator for: a
 * column of any PostgreSQL type, Bytes as `Uint8Array`, and the id generators of Prisma's client-side
 * defaults other than cuid() (which uses @bugsnag/cuid, as this project's own schema does).
 * Only the helpers a schema uses are emitted, so a plain schema's output stays plain. Each id
 * generator makes values of the shape Prisma's makes (length, alphabet, version bits), not the
 * same values: they are random.
 */

interface Helper {
  /** Imports as `module → names`. */
  readonly imports: Readonly<Record<string, readonly string[]>>;
  readonly code: string;
}

export const HELPERS: Readonly<Record<string, Helper>> = {
  nativeType: {
    imports: { "drizzle-orm/pg-core": ["customType"] },
    code: `/** A column of a PostgreSQL type drizzle-orm has no builder for, read and written as the driver gives it. */
const nativeType = <T>(sqlType: string) => customType<{ data: T; driverData: T }>({ dataType: () => sqlType });`,
  },
  bytes: {
    imports: { "drizzle-orm/pg-core": ["customType"] },
    code: `/** Prisma's \`Bytes\`: BYTEA, read as \`Uint8Array\` like Prisma Client does. */
const bytes = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});`,
  },
  cuid2: {
    imports: { "node:crypto": ["createHash", "randomBytes", "randomInt"] },
    code: `let cuid2Count = randomInt(0, 2 ** 32);
/** \`@default(cuid(2))\`: 24 characters, a lowercase letter then base 36 from a SHA3-512 of time, counter and entropy. */
function cuid2(): string {
  const input = \`\${Date.now().toString(36)}\${(cuid2Count++).toString(36)}\${randomBytes(32).toString("hex")}\`;
  const digits = BigInt(\`0x\${createHash("sha3-512").update(input).digest("hex")}\`).toString(36);
  return String.fromCharCode(97 + randomInt(0, 26)) + digits.slice(1, 24);
}`,
  },
  uuidv7: {
    imports: { "node:crypto": ["randomBytes"] },
    code: `/** \`@default(uuid(7))\`: RFC 9562 version 7, milliseconds since the epoch then random bits. */
function uuidv7(): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return \`\${hex.slice(0, 8)}-\${hex.slice(8, 12)}-\${hex.slice(12, 16)}-\${hex.slice(16, 20)}-\${hex.slice(20)}\`;
}`,
  },
  nanoid: {
    imports: { "node:crypto": ["randomBytes"] },
    code: `const NANOID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
/** \`@default(nanoid(n))\`: n (default 21) URL-safe characters, 6 random bits each. */
function nanoid(size = 21): string {
  return Array.from(randomBytes(size), (byte) => NANOID_ALPHABET[byte & 63]).join("");
}`,
  },
  ulid: {
    imports: { "node:crypto": ["randomBytes"] },
    code: `const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** \`@default(ulid())\`: 26 Crockford base-32 characters, 48 bits of milliseconds then 80 random bits. */
function ulid(): string {
  let time = Date.now();
  let head = "";
  for (let i = 0; i < 10; i++, time = Math.floor(time / 32)) head = CROCKFORD[time % 32]! + head;
  return head + Array.from(randomBytes(16), (byte) => CROCKFORD[byte & 31]).join("");
}`,
  },
};
