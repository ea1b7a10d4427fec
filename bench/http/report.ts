// Writes the results as JSON and as an HTML page with bar charts a person can open.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreResults } from './store-results.ts';

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
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(
  rows: { label: string; value: number; min?: number; max?: number; text: string }[],
  color: string,
): string {
  const width = 900;
  const labelWidth = 330;
  const top = Math.max(...rows.map((r) => r.max ?? r.value), 1);
  const scale = (v: number): number => ((width - labelWidth - 120) * v) / top;
  const h = 26;
  const body = rows
    .map((r, i) => {
      const y = i * h + 4;
      const whisker =
        r.min !== undefined && r.max !== undefined
          ? `<line x1="${labelWidth + scale(r.min)}" x2="${labelWidth + scale(r.max)}" y1="${y + 9}" y2="${y + 9}" stroke="#333" stroke-width="1.5"/>`
          : '';
      return `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${esc(r.label)}</text>
<rect x="${labelWidth}" y="${y}" width="${Math.max(1, scale(r.value))}" height="18" fill="${color}"/>${whisker}
<text x="${labelWidth + scale(Math.max(r.value, r.max ?? 0)) + 6}" y="${y + 14}">${esc(r.text)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * h + 8}" font-family="system-ui, sans-serif" font-size="13">${body}</svg>`;
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

function storeHtml(r: StoreResults): string {
  const memory = bars(
    [
      { label: 'coatcheck (record + per-user index)', value: r.bytesPerSession.coatcheck },
      { label: 'connect-redis', value: r.bytesPerSession.connectRedis },
    ].map((row) => ({ ...row, text: `${Math.round(row.value)} bytes` })),
    '#2f5bd3',
  );
  const n = r.total.toLocaleString('en');
  return `<section><h2>Redis: memory per session, listing one user's sessions</h2>
<h3>Memory per session at ${n} sessions (used_memory delta)</h3>${memory}
<table><tbody><tr><td>MEMORY USAGE, one session</td><td>coatcheck ${r.memoryUsage.record} + index ${r.memoryUsage.index} (5 sessions); connect-redis ${r.memoryUsage.connectRedis}</td></tr>
<tr><td>Redis commands per validate()</td><td>${esc(r.commandsPerRead)}</td></tr>
<tr><td>List one user's sessions among ${n}</td><td>coatcheck ${r.listMs.coatcheck.toFixed(2)} ms; SCAN + MGET ${Math.round(r.listMs.scan)} ms</td></tr>
<tr><td>Sequential reads, one client</td><td>coatcheck validate() ${Math.round(r.validatePerSecond.coatcheck).toLocaleString('en')}/s; connect-redis get() ${Math.round(r.validatePerSecond.connectRedis).toLocaleString('en')}/s</td></tr></tbody></table></section>`;
}

export function writeReport(report: BenchReport, jsonPath: string, htmlPath: string): void {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    htmlPath,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>coatcheck benchmarks ${esc(report.date)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1d2430}
table{border-collapse:collapse;font-size:13px;margin:12px 0 32px}td,th{border-bottom:1px solid #dde1e7;padding:4px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(10){text-align:left}section{margin-bottom:40px}</style></head><body>
<h1>coatcheck benchmarks</h1><p>${esc(report.date)} · Node ${esc(report.node)} · ${esc(report.machine)} · ${esc(report.mode)} mode</p>
<p>${esc(report.versions)}</p>
<p>${esc(report.method)}</p>${report.groups.map(groupHtml).join('\n')}${report.store ? storeHtml(report.store) : ''}</body></html>\n`,
  );
}
