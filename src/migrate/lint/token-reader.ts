/**
 * Small helpers the rules use to read a statement's tokens: keyword sequences, qualified names,
 * and splitting `ALTER TABLE` actions on top-level commas.
 */
import type { Token } from "./tokens.ts";
import type { QualifiedName } from "./types.ts";

/** True when the token is the unquoted keyword `word` (case-insensitive). */
export function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === "word" && token.value === word;
}

/** True when the token is the punctuation `p`. */
export function isPunct(token: Token | undefined, p: string): boolean {
  return token?.kind === "punct" && token.value === p;
}

/** A cursor over a token list. */
export class TokenReader {
  constructor(
    readonly tokens: Token[],
    public pos = 0,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Consumes the keywords in order and returns true, or consumes nothing and returns false. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) if (!isWord(this.peek(k), words[k]!)) return false;
    this.pos += words.length;
    return true;
  }

  /** Consumes one of the keywords if present and returns it. */
  acceptOneOf(...words: string[]): string | undefined {
    const t = this.peek();
    if (t?.kind === "word" && words.includes(t.value)) {
      this.pos++;
      return t.value;
    }
    return undefined;
  }

  /** Reads an identifier (quoted or not); undefined when the next token is not one. */
  identifier(): string | undefined {
    const t = this.peek();
    if (t?.kind === "word" || t?.kind === "ident") {
      this.pos++;
      return t.value;
    }
    return undefined;
  }

  /** Reads `name` or `schema.name` (a third part, `db.schema.name`, keeps the last two). */
  qualifiedName(): QualifiedName | undefined {
    const parts: string[] = [];
    const first = this.identifier();
    if (first === undefined) return undefined;
    parts.push(first);
    while (isPunct(this.peek(), ".")) {
      this.pos++;
      const part = this.identifier();
      if (part === undefined) break;
      parts.push(part);
    }
    const name = parts[parts.length - 1]!;
    return parts.length > 1 ? { schema: parts[parts.length - 2]!, name } : { name };
  }

  /** The remaining tokens. */
  rest(): Token[] {
    return this.tokens.slice(this.pos);
  }
}

/** Splits tokens on commas outside parentheses/brackets (ALTER TABLE's action list, DROP TABLE's names). */
export function splitTopLevel(tokens: Token[], separator = ","): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, "(") || isPunct(t, "[")) depth++;
    else if (isPunct(t, ")") || isPunct(t, "]")) depth--;
    if (depth === 0 && isPunct(t, separator)) {
      parts.push([]);
      continue;
    }
    parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** Index of the first top-level occurrence of the keyword sequence, or -1. */
export function findTopLevel(tokens: Token[], ...words: string[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, "(") || isPunct(t, "[")) depth++;
    else if (isPunct(t, ")") || isPunct(t, "]")) depth--;
    else if (depth === 0 && words.every((w, k) => isWord(tokens[i + k], w))) return i;
  }
  return -1;
}

/** Key under which a table is tracked: its name, with the schema when the statement gave one. */
export function tableKey(name: QualifiedName): string {
  return name.schema === undefined || name.schema === "public" ? name.name : `${name.schema}.${name.name}`;
}

/** Renders a name for messages the way PostgreSQL would accept it back. */
export function displayName(name: QualifiedName): string {
  const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  return name.schema === undefined ? q(name.name) : `${q(name.schema)}.${q(name.name)}`;
}

/** Source text of a token run (from the first token's start to the last's end). */
export function sourceOf(sql: string, tokens: Token[]): string {
  if (tokens.length === 0) return "";
  return sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}
