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

  it("shows what retrieval did: indexing figures and each seed's transplant ranking with its fallback", () => {
    const summary = {
      ...sampleSummary(),
      retrieval: {
        enabled: true,
        indexed: { snapshots: 2, units: 141, embedded: 137, reused: 4, parked: 0 },
        fallbacks: { "acme__b-2": "indexing failed: <quota>" },
        transplantRanking: { "acme__a-1": "retrieval", "acme__b-2": "identifier overlap" } as const,
      },
    };
    const page = renderReport(summary, []);
    expect(page).toContain(
      "2 snapshots indexed (141 units; content hashes: 137 embedded, 4 reused, 0 parked)",
    );
    expect(page).toMatch(
      /<tr data-seed="acme__a-1"><td><code>acme__a-1<\/code><\/td><td>retrieval<\/td><td><\/td><\/tr>/,
    );
    expect(page).toContain("<td>identifier overlap</td><td>indexing failed: &lt;quota&gt;</td>");
    const off = renderReport({ ...summary, retrieval: { ...summary.retrieval, enabled: false } }, []);
    expect(off).toContain("Off for this run");
    expect(renderReport(sampleSummary(), [])).not.toContain('id="retrieval"');
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
