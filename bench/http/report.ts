// Writes the results as JSON and as an HTML page with bar charts a person can open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GoalResult } from './goals.ts';
import { goalsHtml, storeHtml } from './report-sections.ts';
import type { StoreResults } from './store-results.ts';
import { bars, esc } from './svg.ts';

export interface Figure {
  median: number;
  min: number;
  max: number;
}

export interface ContenderResult {
  name: string;
  rps: Figure;
  p50ms: number;
  p99ms: Figure;
  cpuUsPerRequest: number;
  redisCallsPerRequest: number;
  redisBytesPerRequest: number;
  commands: string;
  errors: number;
  ratio: number;
}

export interface GroupResult {
  group: string;
  title: string;
  baseline: string;
  contenders: ContenderResult[];
}

export interface BenchReport {
  date: string;
  node: string;
  /** Redis and the peer packages, as installed. */
  versions: string;
  machine: string;
  mode: string;
  method: string;
  groups: GroupResult[];
  /** The Redis store benchmark of the same run, when it ran. */
  store?: StoreResults | null;
  goals?: GoalResult[];
}

function groupHtml(g: GroupResult): string {
  const rps = bars(
    g.contenders.map((c) => ({
      label: c.name,
      value: c.rps.median,
      min: c.rps.min,
      max: c.rps.max,
      text: `${Math.round(c.rps.median).toLocaleString('en')} req/s`,
    })),
    '#2f5bd3',
  );
  const p99 = bars(
    g.contenders.map((c) => ({
      label: c.name,
      value: c.p99ms.median,
      min: c.p99ms.min,
      max: c.p99ms.max,
      text: `${c.p99ms.median.toFixed(2)} ms`,
    })),
    '#b4541b',
  );
  const ratio = bars(
    g.contenders.map((c) => ({ label: c.name, value: c.ratio, text: `×${c.ratio.toFixed(2)}` })),
    '#2b8a3e',
  );
  const cpu = bars(
    g.contenders.map((c) => ({
      label: c.name,
      value: c.cpuUsPerRequest,
      text: `${c.cpuUsPerRequest.toFixed(1)} µs`,
    })),
    '#7048a8',
  );
  const rows = g.contenders
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td>${Math.round(c.rps.median).toLocaleString('en')}</td><td>${Math.round(c.rps.min).toLocaleString('en')}–${Math.round(c.rps.max).toLocaleString('en')}</td><td>×${c.ratio.toFixed(2)}</td><td>${c.p50ms.toFixed(2)}</td><td>${c.p99ms.median.toFixed(2)}</td><td>${c.cpuUsPerRequest.toFixed(1)}</td><td>${c.redisCallsPerRequest.toFixed(2)}</td><td>${Math.round(c.redisBytesPerRequest)}</td><td>${esc(c.commands)}</td><td>${c.errors}</td></tr>`,
    )
    .join('\n');
  return `<section><h2>${esc(g.title)}</h2><p>Ratios against <b>${esc(g.baseline)}</b>, measured in the same run.</p>
<h3>Requests per second (median, whiskers min–max)</h3>${rps}
<h3>p99 latency (ms)</h3>${p99}
<h3>Throughput ratio vs ${esc(g.baseline)}</h3>${ratio}
<h3>Server CPU per request (µs; steadier than req/s on a busy machine)</h3>${cpu}
<table><thead><tr><th>contender</th><th>req/s</th><th>min–max</th><th>ratio</th><th>p50 ms</th><th>p99 ms</th><th>server CPU µs/req</th><th>Redis cmds/req</th><th>Redis bytes/req</th><th>commands</th><th>errors</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function writeReport(report: BenchReport, jsonPath: string, htmlPath: string): void {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    htmlPath,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>coatcheck benchmarks ${esc(report.date)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1d2430}
table{border-collapse:collapse;font-size:13px;margin:12px 0 32px}td,th{border-bottom:1px solid #dde1e7;padding:4px 8px;text-align:right}
td{white-space:nowrap}td:first-child,th:first-child,td:nth-child(10){text-align:left;white-space:normal}
.met{color:#2b8a3e;font-weight:600}.missed{color:#c92a2a;font-weight:600}section{margin-bottom:40px}</style></head><body>
<h1>coatcheck benchmarks</h1><p>${esc(report.date)} · Node ${esc(report.node)} · ${esc(report.machine)} · ${esc(report.mode)} mode</p>
<p>${esc(report.versions)}</p>
<p>${esc(report.method)} coatcheck's bars are in colour, the others grey.</p>${goalsHtml(report.goals ?? [])}${report.groups.map(groupHtml).join('\n')}${report.store ? storeHtml(report.store) : ''}</body></html>\n`,
  );
}
