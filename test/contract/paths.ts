/**
 * The contract suite over a benchmark connection path (src/bench/paths): each supported
 * implementation opened with `openOnPath` behind the path's own local server (WebSocket proxy,
 * pgbouncer). Passing it proves a path changes nothing an implementation returns, so the benchmark
 * compares like with like. Not for neon-http: interactive transactions do not exist there.
 */
import { openOnPath, type PathName, startPathServer, supports } from "../../src/bench/paths/index.ts";
import { IMPLEMENTATIONS } from "../../src/repositories/index.ts";
import { runContractSuite } from "./suite.ts";

/** Registers the contract suite for every implementation `path` supports. */
export function runContractSuiteOnPath(path: PathName): void {
  for (const impl of IMPLEMENTATIONS.filter((i) => supports(i, path) === true)) {
    runContractSuite(impl, {
      label: `path ${path}`,
      open: async (url) => {
        const server = await startPathServer(path, url);
        try {
          const repos = await openOnPath(impl, path, url, server.endpoint);
          return {
            ...repos,
            close: async () => {
              await repos.close();
              await server.close();
            },
          };
        } catch (error) {
          await server.close();
          throw error;
        }
      },
    });
  }
}
