/**
 * The facade builds each statement as a tree of Drizzle `sql` fragments (one per column, condition,
 * subquery...). Drizzle renders such a tree recursively, and each level costs it a config copy, a
 * result object per chunk and a chain of entity checks per chunk: for the facade's deep trees that
 * rendering was most of its client CPU per call. {@link flattenSql} turns the tree into one flat
 * `SQL` whose text pieces are already joined, so Drizzle renders it in one pass.
 *
 * The rendered statement is the same by construction: text and quoted names are written exactly as
 * Drizzle's PostgreSQL dialect writes them (its own `escapeName`), and every other chunk (bound
 * parameters, tables, columns, lists, placeholders) is handed to Drizzle unchanged and in the same
 * order, so parameter numbering and typing are Drizzle's own. One exception, with the same result:
 * a parameter holding a plain primitive without an encoder is handed over as the bare value, which
 * Drizzle binds the same way (same placeholder, value and "none" typing) without its chain of
 * entity checks on the parameter and its encoder. Fragments that inline their
 * parameters (`shouldInlineParams`) are handed over whole, since that setting applies to their
 * subtree.
 */
import { Name, Param, SQL, type SQLChunk, StringChunk, noopEncoder } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/** Drizzle's quoting of an identifier for PostgreSQL (`"name"`, inner quotes doubled). */
export const quoteName: (name: string) => string = (name) => PgDialect.prototype.escapeName(name);

/** Collects the chunks of a flat statement: runs of text merged into one StringChunk. */
class FlatChunks {
  readonly chunks: SQLChunk[] = [];
  private text = "";

  addText(text: string): void {
    this.text += text;
  }

  addChunk(chunk: SQLChunk): void {
    this.endText();
    this.chunks.push(chunk);
  }

  endText(): void {
    if (this.text === "") return;
    this.chunks.push(new StringChunk(this.text));
    this.text = "";
  }
}

/** Drizzle keeps this flag private in its types; it is a plain field of every `SQL`. */
function inlinesParams(query: SQL): boolean {
  return (query as unknown as { shouldInlineParams: boolean }).shouldInlineParams;
}

/**
 * A parameter Drizzle binds exactly as it binds the bare value: no encoder, and a value that Drizzle
 * can only read as a parameter: a string, number, boolean or bigint (not undefined, which it would
 * drop, nor null, which `??` could not tell apart, nor an object or array, which it could read as
 * SQL or as a list).
 */
function bareValue(param: Param): SQLChunk | undefined {
  if (param.encoder !== noopEncoder) return undefined;
  const value: unknown = param.value;
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean" || type === "bigint") return value as SQLChunk;
  return undefined;
}

function collect(query: SQL, out: FlatChunks): void {
  for (const chunk of query.queryChunks) {
    if (chunk === undefined) continue; // Drizzle renders it as nothing
    if (chunk instanceof StringChunk) out.addText(chunk.value.join(""));
    else if (chunk instanceof Name) out.addText(quoteName(chunk.value));
    else if (chunk instanceof SQL && !inlinesParams(chunk)) collect(chunk, out);
    else if (chunk instanceof Param) out.addChunk(bareValue(chunk) ?? chunk);
    else out.addChunk(chunk);
  }
}

/**
 * `query` as one flat `SQL` that Drizzle renders to the same text, parameters and parameter types.
 * A statement that inlines its parameters is returned as it is.
 */
export function flattenSql(query: SQL): SQL {
  if (inlinesParams(query)) return query;
  const out = new FlatChunks();
  collect(query, out);
  out.endText();
  return new SQL(out.chunks);
}
