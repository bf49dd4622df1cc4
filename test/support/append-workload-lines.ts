/**
 * Child process of the recorder's multi-process test: appends `count` call lines of about `bytes`
 * bytes each to `file` through the recorder's appender, as fast as it can.
 * Usage: tsx test/support/append-workload-lines.ts <file> <count> <bytes> <writer-tag>
 */
import { WORKLOAD_FORMAT_VERSION, WorkloadAppender } from "../../src/replay/workload-file.ts";

const [file, count, bytes, tag] = process.argv.slice(2);
const appender = new WorkloadAppender(file!, { maxLineBytes: 1 << 20 });
for (let i = 0; i < Number(count); i++) {
  const filler = `${tag}-${i}-`.padEnd(Number(bytes), tag === "A" ? "a" : "b");
  const ok = appender.append({
    v: WORKLOAD_FORMAT_VERSION,
    kind: "call",
    at: new Date().toISOString(),
    pid: process.pid,
    model: "User",
    operation: "findMany",
    args: { where: { name: filler } },
    redaction: "none",
    durationMs: 0,
    statements: null,
    error: null,
  });
  if (!ok) throw new Error(`append stopped: ${String(appender.stopped)}`);
}
appender.close();
