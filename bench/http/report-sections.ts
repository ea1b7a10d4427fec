// The report's summary sections: the targets met or missed, and the Redis store figures.
import type { GoalResult } from './goals.ts';
import type { StoreResults } from './store-results.ts';
import { bars, esc } from './svg.ts';

export function goalsHtml(goals: GoalResult[]): string {
  if (!goals.length) return '';
  const rows = goals
    .map((g) => {
      const cpu = g.cpuRatio === null ? '' : `×${g.cpuRatio.toFixed(2)}`;
      const verdict = g.met ? '<td class="met">met</td>' : '<td class="missed">missed</td>';
      return `<tr><td>${esc(g.goal)}</td><td>${esc(g.target)}</td><td>${esc(g.shown)}</td><td>${cpu}</td>${verdict}</tr>`;
    })
    .join('\n');
  return `<section><h2>Targets</h2><table><thead><tr><th>what</th><th>target</th><th>measured (throughput)</th><th>CPU per request (theirs / ours)</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function storeHtml(r: StoreResults): string {
  const memory = bars(
    [
      { label: 'coatcheck (record + per-user index)', value: r.bytesPerSession.coatcheck },
      { label: 'connect-redis', value: r.bytesPerSession.connectRedis },
    ].map((row) => ({ ...row, text: `${Math.round(row.value)} bytes` })),
    '#2f5bd3',
  );
  const n = r.total.toLocaleString('en');
  const rows = r.table
    .map((row) => {
      const encodings = Object.entries(row.indexEncodings)
        .map(([e, count]) => `${e} ${count}`)
        .join(', ');
      const cells = [
        row.userIds,
        row.data,
        Math.round(row.coatcheck),
        Math.round(row.connectRedis),
        `×${(row.coatcheck / row.connectRedis).toFixed(2)}`,
        encodings,
      ];
      return `<tr>${cells.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<section><h2>Redis: memory per session, listing one user's sessions</h2>
<h3>Memory per session at ${n} sessions (used_memory delta): ${esc(r.settings)}</h3>${memory}
<table><thead><tr><th>user ids</th><th>data</th><th>coatcheck</th><th>connect-redis</th><th>ratio</th><th>index keys (OBJECT ENCODING)</th></tr></thead><tbody>${rows}</tbody></table>
<table><tbody><tr><td>MEMORY USAGE, one session</td><td>coatcheck ${r.memoryUsage.record} + index ${r.memoryUsage.index} (5 sessions); connect-redis ${r.memoryUsage.connectRedis}</td></tr>
<tr><td>coatcheck with encryptData: false (UUID, ~60 B)</td><td>${Math.round(r.plainBytesPerSession)} bytes</td></tr>
<tr><td>Redis commands per validate()</td><td>${esc(r.commandsPerRead)}</td></tr>
<tr><td>List one user's sessions among ${n}</td><td>coatcheck ${r.listMs.coatcheck.toFixed(2)} ms (PING in the same loop ${r.listMs.ping.toFixed(2)} ms; inside Redis ${r.listMs.inRedis.toFixed(3)} ms); SCAN + MGET ${Math.round(r.listMs.scan)} ms</td></tr>
<tr><td>Sequential reads, one client</td><td>coatcheck validate() ${Math.round(r.validatePerSecond.coatcheck).toLocaleString('en')}/s; connect-redis get() ${Math.round(r.validatePerSecond.connectRedis).toLocaleString('en')}/s</td></tr></tbody></table></section>`;
}
