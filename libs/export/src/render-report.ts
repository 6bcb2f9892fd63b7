import { bar, escapeHtml as e, formatCount, formatPercent, formatSeconds, formatUsd } from "./html.js";
import type { InstanceRecord } from "./instance-record.js";
import { REPORT_CSS } from "./report-style.js";
import { type RunSummary, validShare, type YieldCounts } from "./run-summary.js";

/** Options for {@link renderReport}. */
export interface RenderReportOptions {
  /** Example instances shown at most; default 5. */
  maxExamples?: number;
  /** Diff lines shown per example at most; default 200. */
  maxDiffLines?: number;
  /** Failure reasons listed before the rest are summed as "other"; default 15. */
  maxReasons?: number;
}

/**
 * The run report: ONE self-contained HTML page (inline CSS, no scripts, a Content Security
 * Policy that forbids loading anything) with the headline figures, the funnel from seeds to
 * instances as bars, yield per strategy and per mutator, the failure reasons, the slowest
 * stages, and example instances with their problem statements and bug diffs (escaped,
 * `+`/`-` lines coloured).
 */
export function renderReport(
  summary: RunSummary,
  examples: InstanceRecord[],
  options: RenderReportOptions = {},
): string {
  const shown = examples.slice(0, options.maxExamples ?? 5);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TraceGen run ${e(summary.runId)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>TraceGen run report</h1>
<p class="sub">Run <code>${e(summary.runId)}</code> on ${summary.repos.map((r) => `<code>${e(r)}</code>`).join(", ") || "no repository"} · ${e(summary.startedAt)} → ${e(summary.finishedAt)}</p>
</header>
${cards(summary)}
${funnel(summary)}
<section id="strategies">
<h2>Yield per strategy</h2>
${yieldTable("Strategy", summary.perStrategy)}
</section>
<section id="mutators">
<h2>Yield per mutator</h2>
${yieldTable("Mutator", summary.perMutator)}
</section>
${retrieval(summary)}
<div class="two-col">
${failures(summary, options.maxReasons ?? 15)}
${stages(summary)}
</div>
<section id="examples">
<h2>Example instances <span class="count">(${shown.length} of ${formatCount(summary.counts.instances)})</span></h2>
${shown.length === 0 ? '<p class="empty">No instances in this run.</p>' : shown.map((x) => example(x, options.maxDiffLines ?? 200)).join("\n")}
</section>
<footer>Written by TraceGen · schema ${summary.schemaVersion}</footer>
</main>
</body>
</html>
`;
}

function cards(s: RunSummary): string {
  const perMinute = s.wallSeconds > 0 ? (s.counts.validated / s.wallSeconds) * 60 : 0;
  const tokens = s.cost.tokens.prompt + s.cost.tokens.completion;
  const card = (id: string, value: string, label: string) =>
    `<div class="card" id="card-${id}"><div class="value">${value}</div><div class="label">${label}</div></div>`;
  return `<section class="cards" id="headline">
${card("instances", formatCount(s.counts.instances), "instances exported")}
${card("valid", formatPercent(validShare(s.counts)), `valid of ${formatCount(s.counts.validated)} validated candidates`)}
${card("rate", perMinute.toFixed(1), "candidates validated per minute")}
${card("wall", formatSeconds(s.wallSeconds), "wall time")}
${card("cost", formatUsd(s.cost.llmUsd), `LLM cost · ${formatCount(tokens)} tokens`)}
</section>`;
}

const SEED_STAGES = [
  ["seeds", "Seeds"],
  ["usable", "Usable seeds"],
  ["traced", "Traced seeds"],
] as const;
const CANDIDATE_STAGES = [
  ["candidates", "Candidates"],
  ["validated", "Validated"],
  ["valid", "Valid"],
  ["instances", "Instances"],
] as const;

function funnel(s: RunSummary): string {
  const c = s.counts;
  const group = (
    title: string,
    stages: readonly (readonly [keyof typeof c, string])[],
    firstNote: string,
  ) => {
    const top = stages[0] === undefined ? 0 : c[stages[0][0]];
    const rows = stages.map(([key, label], i) => {
      const previous = i === 0 ? undefined : c[(stages[i - 1] as readonly [keyof typeof c, string])[0]];
      const note =
        previous === undefined
          ? firstNote
          : previous > 0
            ? `${formatPercent(c[key] / previous)} of previous`
            : "";
      const kind = key === "valid" || key === "instances" ? "good" : "";
      return `<div class="funnel-row" data-stage="${key}"><span class="label">${label}</span>${bar(top > 0 ? c[key] / top : 0, kind)}<span class="num">${formatCount(c[key])}</span><span class="note">${note}</span></div>`;
    });
    return `<div class="funnel-group"><h4>${title}</h4>\n${rows.join("\n")}\n</div>`;
  };
  const perSeed = c.traced > 0 ? `${(c.candidates / c.traced).toFixed(1)} per traced seed` : "";
  return `<section id="funnel">
<h2>Funnel</h2>
${group("Seeds", SEED_STAGES, "")}
${group("Candidate bugs", CANDIDATE_STAGES, perSeed)}
</section>`;
}

function yieldTable(what: string, rows: Record<string, YieldCounts>): string {
  const entries = Object.entries(rows).sort(([a, x], [b, y]) => y.made - x.made || a.localeCompare(b));
  if (entries.length === 0) return '<p class="empty">Nothing was made.</p>';
  const body = entries.map(([name, y]) => {
    const share = validShare(y);
    const pct = y.validated > 0 ? formatPercent(share) : "—";
    return `<tr data-name="${e(name)}"><td><code>${e(name)}</code></td><td class="n">${formatCount(y.made)}</td><td class="n">${formatCount(y.validated)}</td><td class="n">${formatCount(y.valid)}</td><td class="barcell">${bar(share, "good")}<span class="pct">${pct}</span></td></tr>`;
  });
  return `<table class="yield">
<thead><tr><th>${what}</th><th class="n">Made</th><th class="n">Validated</th><th class="n">Valid</th><th>Valid % (of validated)</th></tr></thead>
<tbody>
${body.join("\n")}
</tbody>
</table>`;
}

function failures(s: RunSummary, max: number): string {
  const entries = Object.entries(s.failureReasons).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const listed = entries.slice(0, max);
  const rest = entries.slice(max).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0) listed.push([`${entries.length - max} other reasons`, rest]);
  const body = listed.map(
    ([reason, n]) =>
      `<tr data-reason="${e(reason)}"><td><code>${e(reason)}</code></td><td class="n">${formatCount(n)}</td><td class="barcell">${bar(n / total, "bad")}<span class="pct">${formatPercent(n / total)}</span></td></tr>`,
  );
  return `<section id="failures">
<h2>Why candidates failed</h2>
${
  listed.length === 0
    ? '<p class="empty">No failures recorded.</p>'
    : `<table><thead><tr><th>Reason</th><th class="n">Count</th><th>Share</th></tr></thead><tbody>\n${body.join("\n")}\n</tbody></table>`
}
</section>`;
}

/** How transplants found their targets: retrieval's indexing figures and each seed's ranking. */
function retrieval(s: RunSummary): string {
  const r = s.retrieval;
  if (r === undefined) return "";
  if (!r.enabled)
    return `<section id="retrieval">
<h2>Retrieval</h2>
<p class="empty">Off for this run (<code>--no-retrieval</code>): transplants ranked by identifier overlap.</p>
</section>`;
  const i = r.indexed;
  const rows = Object.entries(r.transplantRanking)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([seed, ranking]) =>
        `<tr data-seed="${e(seed)}"><td><code>${e(seed)}</code></td><td>${e(ranking)}</td><td>${e(r.fallbacks[seed] ?? "")}</td></tr>`,
    );
  return `<section id="retrieval">
<h2>Retrieval</h2>
<p>${formatCount(i.snapshots)} snapshots indexed (${formatCount(i.units)} units; content hashes: ${formatCount(i.embedded)} embedded, ${formatCount(i.reused)} reused, ${formatCount(i.parked)} parked).</p>
${
  rows.length === 0
    ? '<p class="empty">No transplants in this run.</p>'
    : `<table><thead><tr><th>Seed</th><th>Transplants ranked by</th><th>Fallback</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`
}
</section>`;
}

function stages(s: RunSummary): string {
  const entries = Object.entries(s.stageSeconds).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const body = entries.map(
    ([stage, seconds]) =>
      `<tr data-stage="${e(stage)}"><td>${e(stage)}</td><td class="n">${formatSeconds(seconds)}</td><td class="barcell">${bar(total > 0 ? seconds / total : 0, "warn")}<span class="pct">${formatPercent(total > 0 ? seconds / total : 0)}</span></td></tr>`,
  );
  return `<section id="stages">
<h2>Slowest stages</h2>
${
  entries.length === 0
    ? '<p class="empty">No stage timings recorded.</p>'
    : `<table><thead><tr><th>Stage</th><th class="n">Time</th><th>Share of stage time</th></tr></thead><tbody>\n${body.join("\n")}\n</tbody></table>`
}
</section>`;
}

function example(x: InstanceRecord, maxDiffLines: number): string {
  return `<article class="example" id="${e(`example-${x.instanceId}`)}">
<h3>${e(x.instanceId)}</h3>
<p class="facts"><span>${e(x.repo)}</span><span>strategy <code>${e(x.strategy)}</code></span><span>mutator <code>${e(x.mutator)}</code></span><span><code>${e(x.targetPath)}</code> · <code>${e(x.targetUnit)}</code></span><span>${x.failToPass.length} F2P · ${x.passToPass.length} P2P</span></p>
<h5>Problem statement</h5>
<div class="statement">${e(x.problemStatement)}</div>
<h5>Bug</h5>
${diff(x.bugPatch, maxDiffLines)}
</article>`;
}

function diff(patch: string, maxLines: number): string {
  const lines = patch.replace(/\n$/, "").split("\n");
  const shown = lines
    .slice(0, maxLines)
    .map((line) => `<span class="${diffClass(line)}">${e(line) || " "}</span>`);
  if (lines.length > maxLines)
    shown.push(`<span class="d-hunk">… ${lines.length - maxLines} more lines</span>`);
  return `<pre class="diff">${shown.join("")}</pre>`;
}

function diffClass(line: string): string {
  if (
    /^(diff --git |index |--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|rename |similarity )/.test(
      line,
    )
  )
    return "d-meta";
  if (line.startsWith("@@")) return "d-hunk";
  if (line.startsWith("+")) return "d-add";
  if (line.startsWith("-")) return "d-del";
  return "d-ctx";
}
