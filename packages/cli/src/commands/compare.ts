import { resolve } from 'node:path';
import { buildIndex, compareResults, problem, SoftPowerError } from '@softpower/engine';
import { textTable } from '../format.js';
import { objectsToCsv } from '../io/csv.js';
import { loadSpec } from '../io/spec.js';
import { writeFile } from 'node:fs/promises';
import type { Reporter } from '../reporter.js';

export interface CompareOptions {
  code?: string;
  out?: string;
  top: number;
}

/**
 * Builds two specifications and lists how each unit's rank moved from the first to the
 * second, for one node (the index by default), largest moves first.
 */
export async function compareCommand(specA: string, specB: string, options: CompareOptions, reporter: Reporter): Promise<void> {
  const [a, b] = await Promise.all([loadSpec(resolve(specA)), loadSpec(resolve(specB))]);
  const buildA = buildIndex(a.spec, a.data);
  const buildB = buildIndex(b.spec, b.data);
  const code = options.code ?? buildA.framework.nodes[buildA.framework.root].code;
  if (!buildA.results.codes.includes(code) || !buildB.results.codes.includes(code)) {
    throw new SoftPowerError([problem('DATA_UNKNOWN_INDICATOR', `compare: "${code}" is not a node of both builds`, { value: code, hint: 'Name a code both frameworks share with --code.' })]);
  }
  const changes = compareResults(buildA.results, buildB.results)
    .filter((c) => c.code === code)
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.unit.localeCompare(y.unit));
  const moved = changes.filter((c) => c.change !== 0 && !Number.isNaN(c.change));
  const meanShift = changes.reduce((s, c) => s + (Number.isNaN(c.change) ? 0 : Math.abs(c.change)), 0) / Math.max(1, changes.length);
  reporter.out(
    textTable(
      ['Unit', 'Year', `Rank (${buildA.spec.id})`, `Rank (${buildB.spec.id})`, 'Change'],
      changes.slice(0, options.top).map((c) => [c.unit, Number.isNaN(c.year) ? '' : String(c.year), String(c.rankA), String(c.rankB), c.change > 0 ? `+${c.change}` : String(c.change)]),
      [false, true, true, true, true],
    ),
  );
  reporter.info(`${code}: ${moved.length} of ${changes.length} unit-years changed rank; mean absolute rank shift ${meanShift.toFixed(2)}`);
  if (options.out) await writeFile(resolve(options.out), objectsToCsv(changes.map((c) => ({ ...c }))));
}
