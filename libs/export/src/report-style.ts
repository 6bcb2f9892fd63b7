/** The report's whole stylesheet: inline, so the page needs nothing from anywhere. */
export const REPORT_CSS = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --accent: #0969da; --good: #1a7f37; --bad: #cf222e; --warn: #9a6700;
  --add-bg: #dafbe1; --del-bg: #ffebe9; --hunk-bg: #ddf4ff;
}
* { box-sizing: border-box; }
body {
  margin: 0; padding: 32px 24px 48px; color: var(--ink); background: #fff;
  font: 14px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Helvetica, Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; word-break: break-all; }
code, pre, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
.sub { color: var(--muted); margin: 0 0 24px; }
section { margin: 0 0 32px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--panel); }
.card .value { font-size: 24px; font-weight: 600; white-space: nowrap; }
.card .label { color: var(--muted); font-size: 12.5px; }
.funnel-group { margin: 0 0 14px; }
.funnel-group h4 { margin: 0 0 6px; font-size: 13px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
.funnel-row { display: grid; grid-template-columns: 150px 1fr 80px 150px; gap: 12px; align-items: center; padding: 3px 0; }
.funnel-row .num { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.funnel-row .note { color: var(--muted); font-size: 12.5px; }
.track { display: block; height: 14px; background: #eef1f4; border-radius: 4px; overflow: hidden; min-width: 60px; }
.bar { display: block; height: 100%; background: var(--accent); border-radius: 4px 0 0 4px; }
.bar.good { background: var(--good); } .bar.bad { background: var(--bad); } .bar.warn { background: var(--warn); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: 12.5px; color: var(--muted); font-weight: 600; background: var(--panel); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.barcell { width: 32%; }
td.barcell .track { display: inline-block; width: calc(100% - 64px); vertical-align: middle; }
td.barcell .pct { display: inline-block; width: 56px; text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
.empty { color: var(--muted); font-style: italic; }
.two-col { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px 32px; }
.example { border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 0 0 20px; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 16px; color: var(--muted); margin: 0 0 12px; font-size: 13px; }
.facts span { white-space: nowrap; }
h2 .count { color: var(--muted); font-size: 13px; font-weight: 400; }
.example h5 { margin: 12px 0 6px; font-size: 12.5px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.statement { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 0; max-height: 360px; overflow: auto; font-size: 13px; }
pre.diff { margin: 0; border: 1px solid var(--line); border-radius: 6px; overflow: auto; max-height: 420px; padding: 6px 0; background: #fff; }
pre.diff span { display: block; padding: 0 12px; white-space: pre; min-width: max-content; }
pre.diff .d-add { background: var(--add-bg); color: #116329; }
pre.diff .d-del { background: var(--del-bg); color: #82071e; }
pre.diff .d-hunk { background: var(--hunk-bg); color: var(--muted); }
pre.diff .d-meta { color: var(--muted); font-weight: 600; }
footer { color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 10px; }
`;
