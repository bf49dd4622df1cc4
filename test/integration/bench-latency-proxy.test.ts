/**
 * The latency proxy adds the round-trip time it is set to: an echo exchange through it takes about
 * one RTT (medians over several exchanges, generous upper bounds: the machine is shared), bytes stay
 * in order when the RTT changes mid-stream, and PostgreSQL's wire protocol works through it.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LatencyProxy, startLatencyProxy } from "../../src/bench/net/latency-proxy.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("latency proxy", () => {
  let echo: Server;
  let echoPort = 0;

  beforeAll(async () => {
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

  async function roundTrips(proxy: LatencyProxy, n: number): Promise<number[]> {
    const socket: Socket = connect(proxy.port, "127.0.0.1");
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once("connect", resolve));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const started = performance.now();
      socket.write(`ping ${i}\n`);
      await new Promise((resolve) => socket.once("data", resolve));
      times.push(performance.now() - started);
    }
    socket.destroy();
    return times;
  }

  it("makes one exchange cost about one RTT", async () => {
    const proxy = await startLatencyProxy({ host: "127.0.0.1", port: echoPort }, 0);
    try {
      const direct = median(await roundTrips(proxy, 9));
      proxy.rttMs = 40;
      const delayed = median(await roundTrips(proxy, 9));
      // Timers never fire early by more than a millisecond; the upper bound allows for a busy machine.
      expect(delayed).toBeGreaterThanOrEqual(39);
      expect(delayed - direct).toBeLessThan(40 * 2);
    } finally {
      await proxy.close();
    }
  });

  it("keeps bytes in order when the RTT is lowered mid-stream", async () => {
    const proxy = await startLatencyProxy({ host: "127.0.0.1", port: echoPort }, 60);
    try {
      const socket = connect(proxy.port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      let received = "";
      socket.on("data", (d: Buffer) => (received += d.toString()));
      socket.write("first;");
      proxy.rttMs = 0;
      socket.write("second;");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toBe("first;second;");
      socket.destroy();
    } finally {
      await proxy.close();
    }
  });

  it("keeps thousands of back-to-back chunks in order (one queue per direction, not a timer per chunk)", async () => {
    const proxy = await startLatencyProxy({ host: "127.0.0.1", port: echoPort }, 2);
    try {
      const socket: Socket = connect(proxy.port, "127.0.0.1");
      socket.setNoDelay(true);
      await new Promise((resolve) => socket.once("connect", resolve));
      let received = "";
      socket.on("data", (d: Buffer) => (received += d.toString()));
      let sent = "";
      // Chunks arriving within the same millisecond share a due time: the case where timers per
      // chunk could overtake each other.
      for (let i = 0; i < 3000; i++) {
        const piece = `${i},`;
        sent += piece;
        socket.write(piece);
        if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      for (let t = 0; t < 200 && received.length < sent.length; t++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      socket.destroy();
      expect(received).toBe(sent);
    } finally {
      await proxy.close();
    }
  });

  it("carries PostgreSQL's protocol", async () => {
    const server = new URL(inject("pgServerUrl"));
    const proxy = await startLatencyProxy({ host: server.hostname, port: Number(server.port || 5432) }, 10);
    try {
      server.hostname = "127.0.0.1";
      server.port = String(proxy.port);
      const client = new pg.Client({ connectionString: server.toString() });
      await client.connect();
      const started = performance.now();
      const { rows } = await client.query<{ n: number }>("SELECT 41 + 1 AS n");
      const elapsed = performance.now() - started;
      await client.end();
      expect(rows).toEqual([{ n: 42 }]);
      expect(elapsed).toBeGreaterThanOrEqual(9);
    } finally {
      await proxy.close();
    }
  });
});
