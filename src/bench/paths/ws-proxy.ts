/**
 * A WebSocket-to-TCP proxy, the local counterpart of Neon's WebSocket endpoint: each WebSocket
 * connection gets its own TCP connection to PostgreSQL, every binary message is written to it as it
 * is, and every chunk PostgreSQL sends comes back as one binary message. No protocol is interpreted,
 * so what the Neon driver measures is the PostgreSQL wire protocol framed in WebSocket, as on Neon.
 * In-process (unlike Debian's forking `websockify`, whose first query took ~0.5 s here).
 */
import { connect } from "node:net";
import { WebSocketServer, type RawData } from "ws";
import type { Endpoint } from "./types.ts";

/** A running WebSocket-to-TCP proxy. */
export interface WsProxy {
  /** Where WebSocket clients connect (ws://host:port/, any path). */
  readonly endpoint: Endpoint;
  /** WebSocket connections accepted since start (each one is one PostgreSQL connection). */
  readonly connectionsAccepted: number;
  /** Connections open right now. */
  readonly connectionsOpen: number;
  /** Stops listening and closes every proxied connection. */
  close(): Promise<void>;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Starts a proxy on 127.0.0.1 (a free port) forwarding to `target`. */
export async function startWsProxy(target: Endpoint): Promise<WsProxy> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  let accepted = 0;
  let open = 0;
  const sockets = new Set<ReturnType<typeof connect>>();

  server.on("connection", (ws) => {
    accepted++;
    open++;
    const tcp = connect(target.port, target.host);
    sockets.add(tcp);
    tcp.setNoDelay(true);
    // Node buffers writes made before the TCP connection is up, so the client's first (pipelined)
    // messages are not lost while it connects.
    ws.on("message", (data) => tcp.write(toBuffer(data)));
    tcp.on("data", (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });
    let closed = false;
    const closeBoth = () => {
      if (closed) return;
      closed = true;
      open--;
      sockets.delete(tcp);
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    ws.on("close", closeBoth);
    ws.on("error", closeBoth);
    tcp.on("close", closeBoth);
    // A refused or reset connection to PostgreSQL closes the WebSocket; the client sees it closed.
    tcp.on("error", closeBoth);
  });

  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("ws proxy: no listening address");
  return {
    endpoint: { host: "127.0.0.1", port: address.port },
    get connectionsAccepted() {
      return accepted;
    },
    get connectionsOpen() {
      return open;
    },
    async close() {
      for (const client of server.clients) client.terminate();
      for (const tcp of sockets) tcp.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
