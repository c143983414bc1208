import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { removeOneAtATime, runSensitivity, runUncertainty, type Problem } from '@softpower/engine';
import { loadSpec } from '../src/io/spec.js';
import { main } from '../src/main.js';
import { runParallel } from '../src/parallel.js';
import type { Reporter } from '../src/reporter.js';
import { readReference, repoRoot } from './support/reference.js';

function capture(): Reporter & { stdout: string[]; stderr: string[]; problems: Problem[] } {
  const r = {
    stdout: [] as string[],
    stderr: [] as string[],
    problems: [] as Problem[],
    out: (t: string) => r.stdout.push(t),
    info: (t: string) => r.stderr.push(t),
    warning: (p: Problem) => r.problems.push(p),
    error: (p: Problem) => r.problems.push(p),
  };
  return r;
}

const run = (args: string[], reporter = capture()) => main(['node', 'softpower', ...args], reporter).then((code) => ({ code, reporter }));
const example = join(repoRoot, 'examples/coinr-asem/a_default.yaml');
const vignette = join(repoRoot, 'examples/coinr-asem/sensitivity-vignette.yaml');
const bench = join(repoRoot, 'examples/coinr-asem/sensitivity-bench.yaml');
const csv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];

describe('runParallel', () => {
  it('gives bit-identical numbers on 1 and 2 worker threads and equals the single-threaded engine (uncertainty and Sobol)', async () => {
    const { spec, data } = await loadSpec(example);
    const assumptions = YAML.parse(readFileSync(vignette, 'utf8'));
    const settings = { n: 120, seed: 7 };
    const one = await runParallel('uncertainty', spec, data, assumptions, settings, { workers: 1, mainThread: false });
    const two = await runParallel('uncertainty', spec, data, assumptions, settings, { workers: 2, mainThread: false, chunkSize: 9 });
    expect(two).toEqual(one);
    expect(one).toEqual(runUncertainty(spec, data, assumptions, settings));
    const sobol = { n: 24, seed: 7, bootstrap: 30 };
    const s2 = await runParallel('sensitivity', spec, data, assumptions, sobol, { workers: 2, chunkSize: 5 });
    expect(s2).toEqual(runSensitivity(spec, data, assumptions, sobol));
  });

  it('stops its workers and rejects when cancelled', async () => {
    const { spec, data } = await loadSpec(example);
    const assumptions = YAML.parse(readFileSync(bench, 'utf8'));
    const controller = new AbortController();
    const pending = runParallel('uncertainty', spec, data, assumptions, { n: 100000, seed: 1 }, { workers: 2, chunkSize: 50, signal: controller.signal, onProgress: (done) => done >= 100 && controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'AnalysisCancelledError' });
  });
});

describe('softpower index sensitivity', () => {
  it('--method uncertainty writes rank intervals (CSV, JSON) and a manifest; 1 and 2 workers give identical files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sa-'));
    const args = ['index', 'sensitivity', example, '--assumptions', vignette, '-n', '150', '--seed', '42', '--no-progress'];
    const a = await run([...args, '--workers', '1', '--out', join(dir, 'one')]);
    expect(a.code, a.reporter.stderr.join('\n')).toBe(0);
    const b = await run([...args, '--workers', '2', '--out', join(dir, 'two'), '--top', '3']);
    expect(b.code, b.reporter.stderr.join('\n')).toBe(0);
    for (const file of ['rank-intervals.csv', 'target-scores.csv', 'target-ranks.csv', 'results.json']) {
      expect(readFileSync(join(dir, 'two', file), 'utf8'), file).toBe(readFileSync(join(dir, 'one', file), 'utf8'));
    }
    const rows = csv(join(dir, 'one', 'rank-intervals.csv'));
    const coinr = readReference('a_default/results.csv');
    const index = rows.filter((r) => r.code === 'Index');
    expect(index).toHaveLength(51);
    for (const r of index) {
      expect(Number(r.nominal_rank), r.unit).toBe(coinr.value(r.unit, 'Rank'));
      expect(Number(r.q05_rank)).toBeLessThanOrEqual(Number(r.median_rank));
      expect(Number(r.median_rank)).toBeLessThanOrEqual(Number(r.q95_rank));
      expect(r.replications).toBe('150');
    }
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['2', '3', '4']));
    const manifest = JSON.parse(readFileSync(join(dir, 'one', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ method: 'uncertainty', n: 150, runs: 150, seed: 42, sampling: 'random', target: 'Index' });
    expect(manifest.assumptions.assumptions.map((x: { name: string }) => x.name)).toEqual(['Winmax', 'Normalisation', 'Weights', 'Aggregation']);
    expect(manifest.inputs.at(-1)).toMatchObject({ path: vignette, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest.files).toEqual(['rank-intervals.csv', 'target-scores.csv', 'target-ranks.csv', 'results.json', 'manifest.json']);
    const printed = b.reporter.stdout.join('\n');
    expect(printed).toMatch(/^\s+1\s+CHE\s+1\.0/m);
    expect(printed.split('\n').filter((l) => /^\s+\d+\s+[A-Z]{3}\s/.test(l))).toHaveLength(3);
  });

  it('--method sobol writes Si and STi with bootstrap intervals as CSV and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sa-'));
    const { code, reporter } = await run(['index', 'sensitivity', example, '--assumptions', vignette, '--method', 'sobol', '-n', '30', '--seed', '3', '--bootstrap', '50', '--workers', '2', '--no-progress', '--out', join(dir, 'sobol')]);
    expect(code, reporter.stderr.join('\n')).toBe(0);
    const indices = csv(join(dir, 'sobol', 'sensitivity-indices.csv'));
    expect(indices.map((r) => r.assumption)).toEqual(['Winmax', 'Normalisation', 'Weights', 'Aggregation']);
    const { spec, data } = await loadSpec(example);
    const expected = runSensitivity(spec, data, YAML.parse(readFileSync(vignette, 'utf8')), { n: 30, seed: 3, bootstrap: 50 });
    indices.forEach((r, i) => {
      expect(Number(r.Si)).toBe(expected.indices[i].first);
      expect(Number(r.STi)).toBe(expected.indices[i].total);
      expect(Number(r.STi_q05)).toBe(expected.indices[i].totalQ05);
    });
    const json = JSON.parse(readFileSync(join(dir, 'sobol', 'results.json'), 'utf8'));
    expect(json.sensitivityIndices[3]).toMatchObject({ assumption: 'Aggregation', Si: expected.indices[3].first, STi: expected.indices[3].total });
    expect(json.output).toEqual({ kind: 'mean-absolute-rank-shift' });
    expect(JSON.parse(readFileSync(join(dir, 'sobol', 'manifest.json'), 'utf8'))).toMatchObject({ method: 'sobol', n: 30, runs: 180, seed: 3, bootstrap: 50 });
    expect(reporter.stdout.join('\n')).toMatch(/Aggregation\s+-?\d\.\d{3}/);
  });

  it('--method remove-one drops each pillar of ASEM in turn and writes the rank changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sa-'));
    const { code, reporter } = await run(['index', 'sensitivity', example, '--method', 'remove-one', '--level', '2', '--out', join(dir, 'r1')]);
    expect(code, reporter.stderr.join('\n')).toBe(0);
    const summary = csv(join(dir, 'r1', 'remove-one.csv'));
    const { spec, data } = await loadSpec(example);
    const expected = removeOneAtATime(spec, data, { level: 2 });
    expect(summary.map((r) => r.removed)).toEqual(expected.elements.map((e) => e.removed));
    summary.forEach((r, i) => expect(Number(r.mean_abs_rank_change)).toBe(expected.elements[i].meanAbsoluteRankChange));
    const long = csv(join(dir, 'r1', 'remove-one-ranks.csv'));
    expect(long).toHaveLength(8 * 51);
    const aut = long.find((r) => r.removed === 'Social' && r.unit === 'AUT')!;
    expect(Number(aut.rank_change)).toBe(Number(aut.nominal_rank) - Number(aut.rank));
  });

  it('a bad assumptions file is reported with file, pointer, value and a hint, exit 1, nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sa-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['assumptions:', '  - name: Norm', '    kind: discrete', '    pointer: /steps/normalise/params/method', '    values: [min-max, z-scores]', '  - name: W', '    kind: weight-noise', '    levels: [2]', '    factor: 2'].join('\n'),
    );
    const out = join(dir, 'out');
    const { code, reporter } = await run(['index', 'sensitivity', example, '--assumptions', file, '-n', '10', '--out', out]);
    expect(code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(reporter.problems).toHaveLength(1);
    expect(reporter.problems[0]).toMatchObject({ code: 'ASSUMPTION_INVALID', file: expect.stringContaining('bad.yaml'), pointer: '/assumptions/1/factor', value: 2 });
    writeFileSync(file, ['assumptions:', '  - name: Norm', '    kind: discrete', '    pointer: /steps/normalise/params/method', '    values: [min-max, z-scores]'].join('\n'));
    const second = await run(['index', 'sensitivity', example, '--assumptions', file, '-n', '10', '--out', out]);
    expect(second.code).toBe(1);
    expect(second.reporter.problems[0]).toMatchObject({ code: 'ASSUMPTION_VALUE', pointer: '/assumptions/0/values/1', value: 'z-scores', hint: expect.any(String) });
    expect(second.reporter.problems[0].message).toContain('bad.yaml');
    expect(second.reporter.problems[0].message).toContain('"z-scores"');
    const missing = await run(['index', 'sensitivity', example, '-n', '10']);
    expect(missing.code).toBe(1);
    expect(missing.reporter.problems[0]).toMatchObject({ code: 'ANALYSIS_SETTING' });
  });

  it('Ctrl-C cancels cleanly: exit 130, no output folder and no partial folder left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-sa-'));
    const out = join(dir, 'out');
    const pending = run(['index', 'sensitivity', example, '--assumptions', bench, '-n', '1000000', '--workers', '2', '--no-progress', '--out', out]);
    let settled = false;
    void pending.finally(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      process.emit('SIGINT');
    }
    const { code, reporter } = await pending;
    expect(code).toBe(130);
    expect(reporter.stderr.join('\n')).toContain('cancelled; nothing was written');
    expect(readdirSync(dirname(out))).toEqual([]);
  });
});
