import { join } from 'node:path';
import { buildIndex } from '@softpower/engine';
import { loadSpec } from '../packages/cli/src/io/spec.js';
import { projectRoot } from '../packages/cli/src/paths.js';
import { medianMs, time, type Figure } from './machine.js';

const frameworks = ['cultural-soft-power', 'comprehensive-national-strength', 'cultural-security'];

/**
 * Builds each real-data framework over every year (2015-2023, ~190 countries) once the data
 * are loaded; target: under 50 ms per build.
 */
export async function benchFrameworks(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const name of frameworks) {
    const started = performance.now();
    const loaded = await loadSpec(join(projectRoot, 'frameworks', `${name}.yaml`));
    const loadMs = performance.now() - started;
    const build = buildIndex(loaded.spec, loaded.data);
    const rows = build.results.rows.units.length;
    const median = medianMs(time(() => buildIndex(loaded.spec, loaded.data), 20));
    figures.push({ name: `${name}: one build, all years (${rows} country-years; median of 20, warm)`, value: median, unit: 'ms', note: `target < 50 ms → ${(50 / median).toFixed(1)}× under` });
    figures.push({ name: `${name}: loading the specification and its data`, value: loadMs, unit: 'ms' });
  }
  return figures;
}
