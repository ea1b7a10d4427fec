// Horizontal SVG bar charts for the HTML report (no chart library: the page must open offline).
export const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function bars(
  rows: { label: string; value: number; min?: number; max?: number; text: string }[],
  color: string,
): string {
  // coatcheck in the chart's colour, peers and ceilings in grey, so the eye finds ours at once.
  const fill = (label: string): string => (label.startsWith('coatcheck') ? color : '#a3abb8');
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
<rect x="${labelWidth}" y="${y}" width="${Math.max(1, scale(r.value))}" height="18" fill="${fill(r.label)}"/>${whisker}
<text x="${labelWidth + scale(Math.max(r.value, r.max ?? 0)) + 6}" y="${y + 14}">${esc(r.text)}</text>`;
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * h + 8}" font-family="system-ui, sans-serif" font-size="13">${body}</svg>`;
}
