/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core. The report is
 * produced by actually running the evaluation on the test server (real measured data), then opened
 * from disk: no console errors, no network request, every chart drawn, the tables filled in.
 * A screenshot is kept under report/browser-test/ for people to look at.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/evaluate/config.ts";
import type { EvaluationResults } from "../../src/evaluate/results.ts";
import { runEvaluate } from "../../src/evaluate/run.ts";
import { writeReport } from "../../src/report/index.ts";

const CHROMIUM = "/usr/bin/chromium";
const OUT_DIR = resolve(import.meta.dirname, "../../report/browser-test");

describe("report/index.html in headless Chromium", () => {
  let results: EvaluationResults;
  let htmlPath: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: run scripts/install-chromium.sh (installs Debian's chromium package) and run the tests again`,
      );
    }
    await mkdir(OUT_DIR, { recursive: true });
    const outcome = await runEvaluate({
      writeReport,
      config: { ...DEFAULT_CONFIG, weights: { ...DEFAULT_CONFIG.weights }, source: "test" },
      // A tiny benchmark (the real one takes minutes and has its own tests), so the latency chart
      // shows measured points on two paths; cold start and bundle size run too.
      benchSettings: {
        operations: ["users.findById", "projects.getDetail", "users.create"],
        paths: ["pg", "neon-ws"],
        rtts: [0, 10],
        warmup: 1,
        minSamples: 3,
        maxSamples: 3,
        cellBudgetMs: 0,
      },
      scale: 0.2,
      outDir: OUT_DIR,
      databaseUrl: inject("pgServerUrl"),
      write: () => {},
    });
    results = outcome.results;
    htmlPath = outcome.files.html;

    profile = await mkdtemp(join(tmpdir(), "orm-switch-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
    await page.waitForFunction(
      `[...document.querySelectorAll("canvas")].every((c) => c.getAttribute("data-drawn") === "true")`,
      undefined,
      { timeout: 10_000 },
    );
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("charts latency measured by the benchmark on each path, with the benchmark's files beside the report", () => {
    expect(results.latency!.source).toBe("benchmark");
    expect(results.latency!.paths).toEqual(["pg", "neon-ws"]);
    const cell = results.latency!.cells.find(
      (c) => c.path === "neon-ws" && c.implementation === "drizzle" && c.operation === "users.findById",
    )!;
    expect(cell.points.filter((p) => p.measured).map((p) => p.rttMs)).toEqual([0, 10]);
    expect(existsSync(join(OUT_DIR, "bench", "results.json"))).toBe(true);
    expect(existsSync(join(OUT_DIR, "bench", "results.md"))).toBe(true);
  });

  it("loads with no console error and no request beyond the file itself", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(htmlPath).href]);
  });

  it("draws every chart: each canvas has painted pixels", async () => {
    // Page code as text: the project compiles without the DOM library.
    const canvases = await page.evaluate<
      { id: string; width: number; height: number; painted: number }[]
    >(`[...document.querySelectorAll("canvas")].map((canvas) => {
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return { id: canvas.id, width: canvas.width, height: canvas.height, painted };
    })`);
    expect(canvases.map((c) => c.id).sort()).toEqual([
      "chart-bundle",
      "chart-cold-start",
      "chart-criteria",
      "chart-latency",
      "chart-round-trips",
    ]);
    for (const c of canvases) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.painted, c.id).toBeGreaterThan(1000);
    }
  });

  it("fills the tables from results.json", async () => {
    const count = (selector: string) => page.$$eval(selector, (rows) => rows.length);
    const comparison = results.comparison!;
    const cells = comparison.operations.reduce((n, op) => n + Object.keys(op.implementations).length, 0);
    expect(await count("#operations-table tbody tr")).toBe(cells);
    expect(await count("#criteria-table tbody tr")).toBe(6);
    expect(await count("#steps-table tbody tr")).toBe(results.steps.length);
    expect(results.steps.map((s) => s.id)).toContain("load");
    expect(await count("#smoke-table tbody tr")).toBe(results.smoke!.length);
    expect(await count("details.sql")).toBe(comparison.operations.length);
    const firstRow = await page.locator("#operations-table tbody tr").first().innerText();
    expect(firstRow).toContain(comparison.operations[0]!.name);
    expect(await page.locator("#decision .headline").innerText()).toBe(results.decision.headline);
  });

  it("shows one operation's latency curve when it is picked", async () => {
    const picture = `document.querySelector("#chart-latency").toDataURL()`;
    const before = await page.evaluate<string>(picture);
    await page.selectOption("#latency-operation", "users.findById");
    const after = await page.evaluate<string>(picture);
    expect(after).not.toBe(before);
    await page.selectOption("#latency-operation", "");
  });

  it("highlights the SQL that differs from hand-written SQL", async () => {
    await page.evaluate(`document.querySelectorAll("details.sql").forEach((d) => { d.open = true; })`);
    expect(await page.$$eval("pre.sql-text mark", (marks) => marks.length)).toBeGreaterThan(0);
    // The screenshot shows the first two operations' SQL opened.
    await page.evaluate(`document.querySelectorAll("details.sql").forEach((d, i) => { d.open = i < 2; })`);
  });

  it("saves a screenshot under report/", async () => {
    const path = join(OUT_DIR, "screenshot.png");
    await page.screenshot({ path, fullPage: true });
    expect((await stat(path)).size).toBeGreaterThan(50_000);
  });
});
