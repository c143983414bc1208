import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { runSensitivity, runUncertainty } from '@softpower/engine';
import { loadSpec } from '../packages/cli/src/io/spec.js';
import { defaultWorkers, runParallel } from '../packages/cli/src/parallel.js';
import { projectRoot } from '../packages/cli/src/paths.js';
import { medianMs, type Figure } from './machine.js';

/** COINr 1.1.14 get_sensitivity(SA_type = "UA", N = 1000) on the ASEM example, on our machines. */
const coinrSeconds = 193;

const ratio = (ms: number) => `${((coinrSeconds * 1000) / ms).toFixed(0)}× faster than COINr's ${coinrSeconds} s`;

/**
 * Uncertainty analysis of the ASEM example, N = 1000, with the assumptions of
 * examples/coinr-asem/sensitivity-bench.yaml (weights ±25 % at every aggregate level,
 * arithmetic vs geometric mean, min-max vs z-score). Target: at least 200× faster than COINr
 * (under 1 s on 2 cores).
 */
export async function benchSensitivity(): Promise<Figure[]> {
  const { spec, data } = await loadSpec(join(projectRoot, 'examples/coinr-asem/a_default.yaml'));
  const assumptions = YAML.parse(readFileSync(join(projectRoot, 'examples/coinr-asem/sensitivity-bench.yaml'), 'utf8'));
  const vignette = YAML.parse(readFileSync(join(projectRoot, 'examples/coinr-asem/sensitivity-vignette.yaml'), 'utf8'));
  const settings = { n: 1000, seed: 42 };
  const timed = async (fn: () => unknown) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const cold = await timed(() => runUncertainty(spec, data, assumptions, settings));
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = process.cpuUsage();
    warm.push(await timed(() => runUncertainty(spec, data, assumptions, settings)));
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const threads = defaultWorkers();
  const parallelCold = await timed(() => runParallel('uncertainty', spec, data, assumptions, settings, { workers: threads }));
  const parallel: number[] = [];
  for (let i = 0; i < 3; i++) parallel.push(await timed(() => runParallel('uncertainty', spec, data, assumptions, settings, { workers: threads })));
  const sobol = await timed(() => runSensitivity(spec, data, vignette, { n: 100, seed: 42, bootstrap: 100 }));
  const warmMedian = medianMs(warm);
  return [
    { name: 'ASEM uncertainty analysis, N = 1000, one thread, first run (cold JIT)', value: cold, unit: 'ms', note: ratio(cold) },
    { name: 'ASEM uncertainty analysis, N = 1000, one thread (median of 5, warm)', value: warmMedian, unit: 'ms', note: `${ratio(warmMedian)}; target ≥ 200×, < 1 s` },
    { name: 'the same, CPU time of this thread (median of 5; ≈ wall time on an idle core)', value: medianMs(cpu), unit: 'ms', note: ratio(medianMs(cpu)) },
    { name: 'per replication (warm, one thread)', value: (warmMedian * 1000) / settings.n, unit: 'µs' },
    { name: `ASEM uncertainty analysis, N = 1000, ${threads} threads, first run (bundles the worker)`, value: parallelCold, unit: 'ms', note: ratio(parallelCold) },
    { name: `ASEM uncertainty analysis, N = 1000, ${threads} threads (median of 3, worker start included)`, value: medianMs(parallel), unit: 'ms', note: ratio(medianMs(parallel)) },
    { name: 'ASEM Sobol indices, COINr vignette assumptions, N = 100 (600 runs, 100 bootstrap), one thread', value: sobol, unit: 'ms' },
  ];
}
