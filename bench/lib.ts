// Shared helpers for benchmarks: interleaved rounds, medians with min–max, and a plain table.
export interface Figure {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
}

/** Runs `op` repeatedly for `ms` milliseconds and returns operations per second. */
export async function opsPerSecond(op: () => Promise<unknown>, ms: number): Promise<number> {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) await op();
    count += 100;
  }
  return (count * 1000) / (performance.now() - start);
}

/** Interleaves the contenders round by round (A B C A B C …) so machine drift hits all alike. */
export async function interleave(
  contenders: Record<string, () => Promise<unknown>>,
  rounds: number,
  msPerRound: number,
): Promise<Record<string, Figure>> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) {
    await opsPerSecond(contenders[name]!, 200);
    samples[name] = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, op] of Object.entries(contenders))
      samples[name]!.push(await opsPerSecond(op, msPerRound));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)]));
}

export function printTable(
  title: string,
  rows: Record<string, Figure>,
  unit = 'ops/s',
  baseline?: string,
): void {
  console.log(`\n${title}`);
  const base = baseline ? rows[baseline]?.median : undefined;
  for (const [name, f] of Object.entries(rows)) {
    const ratio = base ? `  ×${(f.median / base).toFixed(2)} vs ${baseline}` : '';
    console.log(
      `  ${name.padEnd(44)} ${Math.round(f.median).toLocaleString('en').padStart(10)} ${unit}  (min ${Math.round(f.min).toLocaleString('en')}, max ${Math.round(f.max).toLocaleString('en')})${ratio}`,
    );
  }
}
