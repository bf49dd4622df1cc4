/**
 * A Prisma generator of our own, run by `prisma generate` as a child process (see dmmf.ts). It
 * speaks Prisma's generator protocol: line-delimited JSON-RPC requests on stdin, responses on
 * stderr (stdout is inherited by the CLI for logs). On `generate` it writes what Prisma parsed —
 * the DMMF, the datasources, the schema text — as `dmmf.json` in the generator block's `output`
 * folder. Nothing else: the conversion happens in the parent process.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

interface RpcRequest {
  readonly jsonrpc: "2.0";
  readonly id: number;
  readonly method: string;
  readonly params?: { generator?: { output?: { value?: string | null } | null } } & Record<string, unknown>;
}

function reply(id: number, body: { result: unknown } | { error: { code: number; message: string } }): void {
  process.stderr.write(`${JSON.stringify({ jsonrpc: "2.0", id, ...body })}\n`);
}

function handle(request: RpcRequest): void {
  if (request.method === "getManifest") {
    reply(request.id, { result: { manifest: { prettyName: "orm-switch DMMF reader", requiresEngines: [] } } });
    return;
  }
  if (request.method === "generate") {
    const params = request.params ?? {};
    const outputDir = params.generator?.output?.value;
    if (typeof outputDir !== "string") {
      reply(request.id, { error: { code: -32602, message: "the generator block has no `output` folder" } });
      return;
    }
    const { dmmf, datamodel, datasources, schemaPath } = params;
    writeFileSync(join(outputDir, "dmmf.json"), JSON.stringify({ dmmf, datamodel, datasources, schemaPath }));
    reply(request.id, { result: null });
    return;
  }
  reply(request.id, { error: { code: -32601, message: `unknown method ${request.method}` } });
}

createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", (line) => {
  if (line.trim() === "") return;
  handle(JSON.parse(line) as RpcRequest);
});
