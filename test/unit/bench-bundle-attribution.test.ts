/** What a bundle is made of, per npm package or src/ folder, from esbuild's metafile. */
import type { Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { bundleDifferences, bundleGroups, inputGroup } from "../../src/bench/bundle-attribution.ts";

/** A metafile with one output whose inputs contributed the given minified bytes. */
function metafile(inputs: Record<string, number>): Metafile {
  return {
    inputs: {},
    outputs: {
      "bundle.mjs": {
        bytes: Object.values(inputs).reduce((a, b) => a + b, 0),
        imports: [],
        exports: [],
        inputs: Object.fromEntries(Object.entries(inputs).map(([path, bytesInOutput]) => [path, { bytesInOutput }])),
      },
    },
  };
}

describe("bundle attribution", () => {
  it("groups an input by its npm package, scoped or not, wherever node_modules is", () => {
    expect(inputGroup("node_modules/pg/lib/client.js")).toBe("pg");
    expect(inputGroup("../main/node_modules/@prisma/client-runtime-utils/dist/index.js")).toBe(
      "@prisma/client-runtime-utils",
    );
    // A dependency's own nested node_modules is that package, not its parent.
    expect(inputGroup("node_modules/pg/node_modules/pg-types/index.js")).toBe("pg-types");
  });

  it("groups this repository's sources by folder under src/, and the benchmark's entry apart", () => {
    expect(inputGroup("src/compat/nested/link.ts")).toBe("src/compat/nested");
    expect(inputGroup("../wt-x/src/compat/where.ts")).toBe("src/compat");
    expect(inputGroup("src/implementations.ts")).toBe("src");
    expect(inputGroup("../../tmp/orm-switch-cold-abc/entry-0.ts")).toBe("(entry)");
  });

  it("sums the minified bytes each input put in the bundle per group", () => {
    const groups = bundleGroups(
      metafile({
        "src/compat/where.ts": 300,
        "src/compat/read.ts": 200,
        "src/compat/nested/link.ts": 50,
        "node_modules/drizzle-orm/index.js": 1000,
        "node_modules/drizzle-orm/pg-core/table.js": 500,
        "../../tmp/x/entry-1.ts": 10,
      }),
    );
    expect(groups).toEqual({
      "src/compat": 500,
      "src/compat/nested": 50,
      "drizzle-orm": 1500,
      "(entry)": 10,
    });
  });

  it("lists how one bundle differs from another per group, largest addition first, largest reduction last", () => {
    const facade = { "src/compat": 500, "drizzle-orm": 1600, pg: 800, "src/drizzle": 10 };
    const drizzle = { "drizzle-orm": 1500, pg: 800, "src/drizzle": 200, "src/repositories": 5 };
    expect(bundleDifferences(facade, drizzle)).toEqual([
      { group: "src/compat", bytes: 500, baseBytes: 0, addedBytes: 500 },
      { group: "drizzle-orm", bytes: 1600, baseBytes: 1500, addedBytes: 100 },
      { group: "src/repositories", bytes: 0, baseBytes: 5, addedBytes: -5 },
      { group: "src/drizzle", bytes: 10, baseBytes: 200, addedBytes: -190 },
    ]);
  });
});
