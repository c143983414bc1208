/**
 * `npm run bench`: performance figures of the project, printed with the machine they ran on.
 * Benchmarks are never tests; targets are stated next to each figure.
 */
import { existsSync } from 'node:fs';
import { benchEngine } from './engine.js';
import { machineLine, type Figure } from './machine.js';

type Bench = { title: string; run: () => Promise<Figure[]> };

const benches: Bench[] = [{ title: 'Composite-indicator engine', run: benchEngine }];

for (const [file, title, fn] of [
  ['./frameworks.ts', 'Real-data frameworks', 'benchFrameworks'],
  ['./sensitivity.ts', 'Uncertainty and sensitivity analysis', 'benchSensitivity'],
  ['./server.ts', 'Observatory server', 'benchServer'],
  ['./media-analysis.ts', 'Media analysis', 'benchMediaAnalysis'],
  ['./media-ingest.ts', 'Media ingest', 'benchMediaIngest'],
] as const) {
  if (existsSync(new URL(file, import.meta.url))) {
    benches.push({ title, run: async () => ((await import(file)) as Record<string, () => Promise<Figure[]>>)[fn]() });
  }
}

const only = process.argv.slice(2);
console.log(`Soft Power Observatory benchmarks — ${machineLine()}\n`);
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.title.toLowerCase().includes(o.toLowerCase()))) continue;
  console.log(bench.title);
  for (const f of await bench.run()) {
    const value = f.value >= 100 ? f.value.toFixed(0) : f.value >= 1 ? f.value.toFixed(2) : f.value.toPrecision(3);
    console.log(`  ${f.name}: ${value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
  }
  console.log('');
}
