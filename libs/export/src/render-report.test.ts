import { describe, expect, it } from "vitest";
import { escapeHtml, formatSeconds } from "./html.js";
import { renderReport } from "./render-report.js";
import { emptyRunSummary } from "./run-summary.js";
import { HOSTILE_STATEMENT, sampleInstances, sampleSummary } from "./sample-run.test-suite.js";

describe("renderReport", () => {
  const instances = sampleInstances();
  const html = renderReport(sampleSummary(), instances, { maxExamples: 3 });

  it("is one page that loads nothing: no scripts, links, images or remote URLs", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/<[a-z]+\s[^>]*(?:src|href)=/i);
  });

  it("escapes statements and diffs", () => {
    expect(html).not.toContain(HOSTILE_STATEMENT);
    expect(html).toContain("&lt;script&gt;document.title = &quot;owned&quot;&lt;/script&gt;");
    expect(html).toContain("&lt;b&gt;1,000&lt;/b&gt;");
  });

  it("shows at most maxExamples examples, with their diff lines classed", () => {
    expect(html.match(/<article class="example"/g)).toHaveLength(3);
    expect(html).not.toContain(instances[3]!.instanceId);
    const added = instances[0]!.bugPatch.split("\n").find((l) => l.startsWith("+") && !l.startsWith("+++"))!;
    expect(added).toMatch(/[<>]/);
    expect(html).toContain(`<span class="d-add">${escapeHtml(added)}</span>`);
  });

  it("renders an empty run without dividing by zero", () => {
    const empty = renderReport(
      emptyRunSummary({ runId: "r0", repos: [], startedAt: "2025-01-01T00:00:00Z" }),
      [],
    );
    expect(empty).not.toMatch(/NaN|Infinity/);
    expect(empty).toContain("Nothing was made.");
    expect(empty).toContain("No failures recorded.");
  });

  it("formats durations for people", () => {
    expect(formatSeconds(4.25)).toBe("4.3 s");
    expect(formatSeconds(185)).toBe("3 min 05 s");
    expect(formatSeconds(2460)).toBe("41 min");
    expect(formatSeconds(7530)).toBe("2 h 06 min");
  });
});
