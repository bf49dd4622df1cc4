/**
 * A user-space TCP proxy that adds round-trip time, because these machines have no `tc netem`:
 * every chunk is held for RTT/2 in each direction, so one request/response exchange costs one RTT,
 * whatever the protocol on top (PostgreSQL wire, WebSocket, HTTP). Order is preserved per direction,
 * and the RTT can be changed while connections are open (new chunks use the new value).
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export interface LatencyProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** Current simulated round-trip time in milliseconds. */
  rttMs: number;
  /** Stops listening and closes every proxied connection. */
  close(): Promise<void>;
}

/**
 * Forwards from `source` to `sink`, each chunk delivered no earlier than `delay()` ms after it
 * arrived and never before the chunk ahead of it (so lowering the RTT cannot reorder bytes).
 *
 * One FIFO queue and one timer per direction: with a timer per chunk, a timer that fired early
 * (Node's may, by up to a millisecond) and re-armed itself could be overtaken by the next chunk's,
 * and reordered bytes corrupt the protocol stream (a client then waits forever for a message that
 * will never parse). A chunk is never delivered before it is due, or the measured RTT would come
 * out below the configured one.
 */
function pipeWithDelay(source: Socket, sink: Socket, delay: () => number): void {
  const queue: { chunk: Buffer; due: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastDue = 0;
  let ended = false;
  const drain = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) {
      const { chunk } = queue.shift()!;
      if (!sink.destroyed) sink.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(drain, Math.max(1, Math.ceil(queue[0]!.due - now)));
    // Half-close only after the last delayed chunk has gone out.
    else if (ended && !sink.destroyed) sink.end();
  };
  source.on("data", (chunk: Buffer) => {
    const due = Math.max(performance.now() + delay(), lastDue);
    lastDue = due;
    queue.push({ chunk, due });
    if (timer === undefined) drain();
  });
  source.on("end", () => {
    ended = true;
    if (timer === undefined) drain();
  });
}

/** Starts a proxy to `target` (host:port) adding `rttMs` of round-trip time. */
export async function startLatencyProxy(target: { host: string; port: number }, rttMs: number): Promise<LatencyProxy> {
  if (!Number.isFinite(rttMs) || rttMs < 0)
    throw new Error(`latency proxy: rtt must be a non-negative number of ms, got ${rttMs}`);
  const sockets = new Set<Socket>();
  const state = { rttMs };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      // A reset on one side closes the other; the error itself reaches the client as a closed socket.
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeWithDelay(client, upstream, () => state.rttMs / 2);
    pipeWithDelay(upstream, client, () => state.rttMs / 2);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("latency proxy: no address");
  return {
    port: address.port,
    get rttMs() {
      return state.rttMs;
    },
    set rttMs(value: number) {
      if (!Number.isFinite(value) || value < 0)
        throw new Error(`latency proxy: rtt must be a non-negative number of ms, got ${value}`);
      state.rttMs = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
