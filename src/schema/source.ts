/**
 * A schema as Prisma reads it: one `schema.prisma`, or a folder of `.prisma` files (Prisma's
 * multi-file schemas, subfolders included). The files are also joined into one text, which is
 * what the refusal scan and the schema engine read; `locate` maps a line of the joined text back
 * to its file and line for messages.
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";

export interface SchemaFile {
  /** Path relative to the schema folder (or the file's name). */
  readonly name: string;
  readonly text: string;
}

export interface SchemaSource {
  /** Absolute path given: a file or a folder. */
  readonly path: string;
  readonly isFolder: boolean;
  /** In a stable order (by relative path). */
  readonly files: readonly SchemaFile[];
  /** The files joined one after another, each ending with a newline. */
  readonly text: string;
  /** `schema.prisma`, or `schema/ (3 files)`. */
  readonly label: string;
  /** The file and line (1-based) of a line of `text`. */
  locate(line: number): { file: string; line: number };
}

async function prismaFiles(dir: string, root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") out.push(...(await prismaFiles(full, root)));
    else if (entry.isFile() && entry.name.endsWith(".prisma")) out.push(relative(root, full));
  }
  return out;
}

/** Reads a schema file or folder. */
export async function readSchemaSource(schemaPath: string): Promise<SchemaSource> {
  const path = resolve(schemaPath);
  const isFolder = (await stat(path)).isDirectory();
  const names = isFolder ? (await prismaFiles(path, path)).sort() : [basename(path)];
  if (names.length === 0) throw new Error(`no .prisma files in ${schemaPath}`);
  const files = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(isFolder ? join(path, name) : path, "utf8") })),
  );
  const starts: number[] = [];
  let text = "";
  for (const file of files) {
    starts.push(text.split("\n").length);
    text += file.text.endsWith("\n") ? file.text : `${file.text}\n`;
  }
  return {
    path,
    isFolder,
    files,
    text,
    label: isFolder ? `${basename(path)}/ (${files.length} file${files.length === 1 ? "" : "s"})` : basename(path),
    locate(line) {
      let index = 0;
      while (index + 1 < starts.length && starts[index + 1]! <= line) index++;
      return { file: files[index]!.name, line: line - starts[index]! + 1 };
    },
  };
}
