import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, openPage, type Page } from "./headless-chromium.test-suite.js";
import { formatPercent } from "./html.js";
import { validShare } from "./run-summary.js";
import { HOSTILE_STATEMENT, sampleInstances, sampleSummary } from "./sample-run.test-suite.js";
import { writeExports } from "./write-exports.js";

const chromium = findChromium();
// Only a developer machine without Chromium may skip; CI must have it (infra/local/setup.sh).
const skip = chromium === undefined && process.env.CI !== "true";
if (skip)
  console.warn("report.html Chromium test skipped: no chromium on PATH (apt-get install -y chromium)");

describe.skipIf(skip)("report.html in headless Chromium", () => {
  const summary = sampleSummary();
  const instances = sampleInstances();
  let dir: string;
  let page: Page;

  beforeAll(async () => {
    if (chromium === undefined)
      throw new Error("CI=true but chromium is not installed: apt-get install -y chromium");
    dir = mkdtempSync(join(tmpdir(), "report-"));
    const { reportPath } = await writeExports(dir, instances, summary, { maxExamples: 3 });
    page = await openPage(chromium, pathToFileURL(reportPath).href);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const text = (selector: string) =>
    page.evaluate<string>(`document.querySelector(${JSON.stringify(selector)}).innerText`);

  it("shows the funnel's numbers with bars as long as the counts say", async () => {
    const rows = await page.evaluate<{ stage: string; num: string; width: number; track: number }[]>(`
      [...document.querySelectorAll(".funnel-row")].map((row) => ({
        stage: row.dataset.stage,
        num: row.querySelector(".num").innerText,
        width: row.querySelector(".bar").getBoundingClientRect().width,
        track: row.querySelector(".track").getBoundingClientRect().width,
      }))`);
    const c = summary.counts;
    expect(rows.map((r) => r.stage)).toEqual([
      "seeds",
      "usable",
      "traced",
      "candidates",
      "validated",
      "valid",
      "instances",
    ]);
    for (const row of rows) expect(row.num).toBe(String(c[row.stage as keyof typeof c]));
    const byStage = Object.fromEntries(rows.map((r) => [r.stage, r]));
    expect(byStage.candidates!.width).toBeCloseTo(byStage.candidates!.track, 0);
    expect(byStage.valid!.width / byStage.valid!.track).toBeCloseTo(c.valid / c.candidates, 2);
    expect(byStage.usable!.width / byStage.usable!.track).toBeCloseTo(c.usable / c.seeds, 2);
    expect(await text("#funnel")).toContain(`${formatPercent(c.valid / c.validated)} of previous`);
  });

  it("shows every strategy and mutator with its valid share", async () => {
    const strategies = await page.evaluate<string[][]>(
      `[...document.querySelectorAll("#strategies tbody tr")].map((tr) => [...tr.cells].map((td) => td.innerText.trim()))`,
    );
    const expected = Object.entries(summary.perStrategy)
      .sort(([, a], [, b]) => b.made - a.made)
      .map(([name, y]) => [
        name,
        String(y.made),
        String(y.validated),
        String(y.valid),
        formatPercent(validShare(y)),
      ]);
    expect(strategies).toEqual(expected);
    const mutators = await text("#mutators");
    for (const [name, y] of Object.entries(summary.perMutator)) {
      expect(mutators).toContain(name);
      expect(mutators).toContain(formatPercent(validShare(y)));
    }
  });

  it("lists failure reasons by count and the slowest stage first", async () => {
    const reasons = await page.evaluate<string[]>(
      `[...document.querySelectorAll("#failures tbody tr")].map((tr) => tr.dataset.reason)`,
    );
    expect(reasons[0]).toBe("no_f2p");
    expect(reasons).toHaveLength(Object.keys(summary.failureReasons).length);
    const stages = await page.evaluate<string[]>(
      `[...document.querySelectorAll("#stages tbody tr")].map((tr) => tr.dataset.stage)`,
    );
    expect(stages[0]).toBe("validation");
    expect(stages[stages.length - 1]).toBe("export");
  });

  it("shows example instances with their statements and coloured diff lines", async () => {
    const examples = await text("#examples");
    expect(examples).toContain(instances[0]!.instanceId);
    expect(examples).toContain(instances[0]!.problemStatement.split("\n")[0]!.trim());
    const added = instances[0]!.bugPatch.split("\n").find((l) => l.startsWith("+") && !l.startsWith("+++"))!;
    const removed = instances[0]!.bugPatch
      .split("\n")
      .find((l) => l.startsWith("-") && !l.startsWith("---"))!;
    const colours = await page.evaluate<Record<string, string>>(`(() => {
      const spans = [...document.querySelectorAll("#examples pre.diff span")];
      const find = (t) => spans.find((s) => s.textContent === t);
      return { add: getComputedStyle(find(${JSON.stringify(added)})).backgroundColor,
               del: getComputedStyle(find(${JSON.stringify(removed)})).backgroundColor };
    })()`);
    expect(colours).toEqual({ add: "rgb(218, 251, 225)", del: "rgb(255, 235, 233)" });
  });

  it("shows hostile statement text as text and runs or loads nothing", async () => {
    expect(await text(`[id="example-${instances[1]!.instanceId}"] .statement`)).toBe(HOSTILE_STATEMENT);
    expect(await page.evaluate<string>("document.title")).toBe(`TraceGen run ${summary.runId}`);
    expect(await page.evaluate<number>("document.scripts.length + document.images.length")).toBe(0);
    expect(page.errors).toEqual([]);
  });

  it("fits the window: nothing wider than the page, headline figures on one row", async () => {
    for (const width of [800, 1280]) {
      await page.resize(width);
      const overflowing = await page.evaluate<string[]>(
        `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > ${width}).map((e) => e.tagName + "." + e.className)`,
      );
      expect(overflowing, `at ${width} px`).toEqual([]);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
    }
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll(".card")].map((c) => Math.round(c.getBoundingClientRect().top))`,
    );
    expect(new Set(tops).size).toBe(1);
    const shot = join(dir, "report.png");
    await page.screenshot(shot);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1280);
    if (process.env.TRACEGEN_REPORT_SCREENSHOT) copyFileSync(shot, process.env.TRACEGEN_REPORT_SCREENSHOT);
  });
});
