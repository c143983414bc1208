import { describe, expect, it } from 'vitest';
import { indexDataFromCoinr, type Table } from '../src/data/tables.js';
import { SoftPowerError } from '../src/errors.js';
import { buildIndex } from '../src/pipeline/build.js';
import { compileBuild, incrementalResults } from '../src/pipeline/incremental.js';
import { setByPointer } from '../src/spec/pointer.js';
import type { IndexSpec } from '../src/spec/schema.js';
import {
  AnalysisCancelledError,
  applySample,
  mergeChunks,
  noisyWeights,
  parseAssumptions,
  planChunks,
  prepareAnalysis,
  removeOneAtATime,
  resolveAssumptions,
  runAnalysis,
  runChunk,
  runSensitivity,
  runUncertainty,
  type AssumptionInput,
} from '../src/sensitivity/index.js';
import { uncertaintyRow } from '../src/sensitivity/sampling.js';
import { validateSpec } from '../src/spec/validate.js';
import { expectAllClose, expectClose } from './support/close.js';
import { readReference } from './support/coinr-fixtures.js';
import { tinyData, tinySpec, twoPillars } from './support/tiny.js';

const exact = { rel: 0, abs: 0 };

function table(relativePath: string): Table {
  const t = readReference(relativePath);
  return { file: relativePath, header: t.header, rows: t.rows };
}

/** COINr's ASEM example with its default pipeline (examples/coinr-asem/a_default.yaml). */
const coinr = indexDataFromCoinr(table('ASEM_iData.csv'), table('ASEM_iMeta.csv'));
const asem = coinr.data;
const asemSpec: IndexSpec = (() => {
  const { spec, problems } = validateSpec({
    id: 'asem-default',
    name: { en: 'ASEM (COINr example, default pipeline)' },
    data: { format: 'coinr', iData: 'ASEM_iData.csv', iMeta: 'ASEM_iMeta.csv' },
    framework: coinr.framework,
    steps: [
      { id: 'denominate', kind: 'denominate' },
      { id: 'impute', kind: 'impute', params: { method: 'group-mean', group: 'EurAsia_group' } },
      { id: 'screen', kind: 'screen', params: { units: 'missing', dataThreshold: 0.9 } },
      { id: 'treat', kind: 'treat', params: { winsorise: { maxPoints: 5 } } },
      { id: 'normalise', kind: 'normalise', params: { method: 'min-max', range: [0, 100] } },
      { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean' } },
    ],
  });
  if (!spec) throw new Error(problems.map((p) => p.message).join('\n'));
  return spec;
})();

/** COINr 1.1.14's sensitivity vignette assumptions (examples/coinr-asem/sensitivity-vignette.yaml). */
const vignette: AssumptionInput[] = [
  { name: 'Winmax', kind: 'discrete', pointer: '/steps/treat/params/winsorise/maxPoints', values: [1, 2, 3, 4, 5] },
  {
    name: 'Normalisation',
    kind: 'discrete',
    pointer: '/steps/normalise/params',
    values: [
      { method: 'min-max', range: [1, 100] },
      { method: 'z-score', mean: 10, sd: 2 },
    ],
  },
  { name: 'Weights', kind: 'weight-noise', levels: [2, 3], factor: 0.25, replicates: 100 },
  { name: 'Aggregation', kind: 'discrete', pointer: '/steps/aggregate/params/method', values: ['arithmetic-mean', 'geometric-mean'] },
];

function indexRanks(spec: IndexSpec): Float64Array {
  const results = buildIndex(spec, asem).results;
  return results.ranks[results.codes.indexOf('Index')];
}

describe('compileBuild: incremental re-runs', () => {
  const compiled = compileBuild(asemSpec, asem);
  const variants: [string, IndexSpec, string][] = [
    ['aggregation method', setByPointer(asemSpec, '/steps/aggregate/params/method', 'mazziotta-pareto'), 'aggregate'],
    ['normalisation range and aggregation method', setByPointer(setByPointer(asemSpec, '/steps/normalise/params/range', [1, 100]), '/steps/aggregate/params/method', 'geometric-mean'), 'normalise'],
    ['normalisation', setByPointer(asemSpec, '/steps/normalise/params', validateSpec(setByPointer(asemSpec, '/steps/normalise/params', { method: 'z-score', mean: 10, sd: 2 })).spec!.steps[4].params), 'normalise'],
    ['winsorisation limit', validateSpec(setByPointer(asemSpec, '/steps/treat/params/winsorise/maxPoints', 2)).spec!, 'treat'],
    ['weights', { ...asemSpec, weightSets: { framework: { Conn: 0.7, Sust: 1.3, Physical: 0 } } }, 'aggregate'],
    ['imputation off', setByPointer(asemSpec, '/steps/impute/enabled', false), 'impute'],
  ];

  for (const [what, variant, firstStep] of variants) {
    it(`a variant of the ${what} gives the numbers of buildIndex bit for bit, re-running from step "${firstStep}"`, () => {
      const run = compiled.run(variant);
      const expected = buildIndex(variant, asem).results;
      const actual = incrementalResults(run);
      expect(actual.codes).toEqual(expected.codes);
      actual.codes.forEach((code, k) => {
        expectAllClose(actual.scores[k], expected.scores[k], exact);
        expectAllClose(actual.ranks[k], expected.ranks[k], exact);
      });
      expect(variant.steps[run.firstStepRun].id).toBe(firstStep);
    });
  }

  it('the nominal specification re-runs nothing; a repeated variant reuses the memoised steps and the same numbers', () => {
    expect(compiled.run(asemSpec).firstStepRun).toBe(asemSpec.steps.length);
    const variant = validateSpec(setByPointer(asemSpec, '/steps/treat/params/winsorise/maxPoints', 3)).spec!;
    const first = Float64Array.from(incrementalResults(compiled.run(variant)).scores.at(-1)!);
    const second = incrementalResults(compiled.run(variant)).scores.at(-1)!;
    expectAllClose(second, first, exact);
  });

  it('restricts the rows to spec.years before the first step that is not transform, denominate or impute, as buildIndex', () => {
    const data = tinyData(
      { 'A@1': [2015, 10, 1, 3], 'A@2': [2017, 40, 2, 1], 'B@1': [2015, 20, 3, 2], 'B@2': [2017, 30, null, 5], 'C@2': [2017, 5, 4, 4] },
      ['year', 'a', 'b', 'c'],
      { years: true },
    );
    const spec = tinySpec({
      id: 't',
      data: { format: 'wide', file: 'x.csv' },
      framework: twoPillars,
      years: [2017],
      steps: [
        { id: 'impute', kind: 'impute', params: { method: 'panel-latest' } },
        { id: 'normalise', kind: 'normalise', params: { method: 'min-max', range: [1, 100] } },
        { id: 'aggregate', kind: 'aggregate' },
      ],
    });
    const c = compileBuild(spec, data);
    for (const variant of [spec, setByPointer(spec, '/steps/aggregate/params/method', 'geometric-mean'), setByPointer(spec, '/steps/impute/enabled', false)]) {
      const actual = incrementalResults(c.run(variant));
      const expected = buildIndex(variant, data).results;
      expect(actual.rows.units).toEqual(expected.rows.units);
      expect(Array.from(actual.rows.years)).toEqual([2017, 2017, 2017]);
      actual.codes.forEach((_, k) => expectAllClose(actual.scores[k], expected.scores[k], exact));
    }
  });
});

describe('assumptions', () => {
  it('noisyWeights: every weight of the chosen levels becomes w(1 + ε), |ε| ≤ factor (COINr get_noisy_weights), the same for the same replicate', () => {
    const [weights] = resolveAssumptions(asemSpec, parseAssumptions([{ name: 'W', kind: 'weight-noise', levels: [2, 3], factor: 0.25 }]));
    if (weights.kind !== 'weight-noise') throw new Error('expected weight noise');
    expect(weights.codes).toEqual(['Physical', 'ConEcFin', 'Political', 'Instit', 'P2P', 'Environ', 'Social', 'SusEcFin', 'Conn', 'Sust']);
    const one = noisyWeights(weights, 17, 42, undefined);
    expect(noisyWeights(weights, 17, 42, undefined)).toEqual(one);
    expect(noisyWeights(weights, 18, 42, undefined)).not.toEqual(one);
    weights.codes.forEach((code, k) => {
      const epsilon = one[code] / weights.frameworkWeights[k] - 1;
      expect(Math.abs(epsilon)).toBeLessThanOrEqual(0.25);
    });
    expect(Object.keys(one)).toHaveLength(10);
  });

  it('applySample writes each alternative where its pointer says, with the defaults filled in', () => {
    const resolved = resolveAssumptions(asemSpec, parseAssumptions(vignette));
    const coordinates = new Float64Array(4);
    const variant = applySample(asemSpec, resolved, [0.99, 0.7, 0.5, 0.2], 42, coordinates);
    expect(Array.from(coordinates)).toEqual([4, 1, 50, 0]);
    expect(variant.steps[3].params).toMatchObject({ winsorise: { maxPoints: 5 } });
    expect(variant.steps[4].params).toEqual(validateSpec(setByPointer(asemSpec, '/steps/normalise/params', { method: 'z-score', mean: 10, sd: 2 })).spec!.steps[4].params);
    expect(variant.steps[5].kind === 'aggregate' && variant.steps[5].params.method).toBe('arithmetic-mean');
    expect(Object.keys(variant.weightSets.framework)).toHaveLength(10);
    expect(asemSpec.weightSets).toEqual({});
  });

  it('drop-one gives a dropped node weight 0; alternative 0 drops nothing', () => {
    const resolved = resolveAssumptions(asemSpec, parseAssumptions([{ name: 'Drop', kind: 'drop-one', level: 2 }]));
    expect(resolved[0].kind === 'drop-one' && resolved[0].labels).toEqual(['none', 'Physical', 'ConEcFin', 'Political', 'Instit', 'P2P', 'Environ', 'Social', 'SusEcFin']);
    expect(applySample(asemSpec, resolved, [0.05], 1).weightSets).toEqual({});
    expect(applySample(asemSpec, resolved, [0.3], 1).weightSets).toEqual({ framework: { ConEcFin: 0 } });
  });

  it('a bad assumptions file is reported in full: file, pointer, value and what to do', () => {
    const file = 'bad-assumptions.yaml';
    let error: SoftPowerError | undefined;
    try {
      parseAssumptions({ assumptions: [{ name: 'A', kind: 'discrete', pointer: 'steps/x', values: [] }, { name: 'B', kind: 'noise' }] }, file);
    } catch (e) {
      error = e as SoftPowerError;
    }
    expect(error).toBeInstanceOf(SoftPowerError);
    expect(error!.problems.length).toBeGreaterThanOrEqual(3);
    for (const p of error!.problems) {
      expect(p.code).toBe('ASSUMPTION_INVALID');
      expect(p.file).toBe(file);
      expect(p.message).toContain(file);
      expect(p.hint).toBeTruthy();
    }
    expect(error!.problems.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/assumptions/0/pointer', '/assumptions/0/values', '/assumptions/1/kind']));
  });

  it('a pointer that misses the specification and a value it rejects are named with the value and the specification’s complaint', () => {
    let error: SoftPowerError | undefined;
    try {
      resolveAssumptions(
        asemSpec,
        parseAssumptions([
          { name: 'Typo', kind: 'discrete', pointer: '/steps/normalize/params/method', values: ['z-score'] },
          { name: 'Method', kind: 'discrete', pointer: '/steps/aggregate/params/method', values: ['arithmetic-mean', 'geometric-meen'] },
          { name: 'Levels', kind: 'weight-noise', levels: [7], factor: 0.2 },
          { name: 'Range', kind: 'continuous', pointer: '/steps/treat/params/winsorise/maxPoints', min: 3, max: 1 },
        ]),
        'a.yaml',
      );
    } catch (e) {
      error = e as SoftPowerError;
    }
    const problems = error!.problems;
    const typo = problems.find((p) => p.message.includes('"Typo"'))!;
    expect(typo).toMatchObject({ code: 'ASSUMPTION_POINTER', file: 'a.yaml', pointer: '/assumptions/0/pointer', value: '/steps/normalize/params/method' });
    const method = problems.find((p) => p.message.includes('"Method"'))!;
    expect(method).toMatchObject({ code: 'ASSUMPTION_VALUE', pointer: '/assumptions/1/values/1', value: 'geometric-meen' });
    expect(method.message).toContain('alternative 2 "geometric-meen"');
    expect(problems.find((p) => p.message.includes('"Levels"'))).toMatchObject({ code: 'ASSUMPTION_VALUE', pointer: '/assumptions/2/levels', value: [7] });
    expect(problems.find((p) => p.message.includes('"Range"'))).toMatchObject({ code: 'ASSUMPTION_VALUE', pointer: '/assumptions/3/max' });
  });
});

describe('uncertainty analysis on ASEM', () => {
  const settings = { n: 60, seed: 42 };

  it('nominal ranks of every aggregate equal the normal build, and the index ranks equal COINr 1.1.14 (fixture a_default)', () => {
    const p = prepareAnalysis('uncertainty', asemSpec, asem, vignette, settings);
    const results = buildIndex(asemSpec, asem).results;
    p.codes.forEach((code, k) => {
      const expected = results.ranks[results.codes.indexOf(code)];
      expectAllClose(p.nominalRanks.subarray(k * p.rowCount, (k + 1) * p.rowCount), expected, exact);
    });
    const coinr = readReference('reference/a_default/results.csv');
    const rankOf = new Map(coinr.text('uCode').map((u, i) => [u, coinr.numeric('Rank')[i]]));
    const index = p.codes.indexOf('Index');
    asem.raw.rows.units.forEach((unit, r) => expect(p.nominalRanks[index * p.rowCount + r], unit).toBe(rankOf.get(unit)));
  });

  it('per unit and level: nominal, mean, median, 5th and 95th percentile ranks of the replications (R quantile type 7)', () => {
    const ua = runUncertainty(asemSpec, asem, vignette, settings);
    expect(ua.failures).toEqual([]);
    const levels = new Set(ua.statistics.map((s) => s.level));
    expect([...levels].sort()).toEqual([2, 3, 4]);
    const units = asem.raw.rows.units;
    for (const unit of ['NZL', 'AUT', 'MNG']) {
      const r = units.indexOf(unit);
      const ranks = Array.from(ua.target.ranks[r]).sort((a, b) => a - b);
      const q = (p: number) => {
        const h = (ranks.length - 1) * p;
        return ranks[Math.floor(h)] + (h - Math.floor(h)) * (ranks[Math.ceil(h)] - ranks[Math.floor(h)]);
      };
      const s = ua.statistics.find((x) => x.code === 'Index' && x.unit === unit)!;
      expect(s.count).toBe(60);
      expectClose(s.meanRank, ranks.reduce((a, b) => a + b, 0) / ranks.length, { rel: 1e-14 });
      expectClose(s.medianRank, (ranks[29] + ranks[30]) / 2, exact);
      expectClose(s.q05Rank, q(0.05), { rel: 1e-14 });
      expectClose(s.q95Rank, q(0.95), { rel: 1e-14 });
      expect(s.q05Rank).toBeLessThanOrEqual(s.medianRank);
      expect(s.medianRank).toBeLessThanOrEqual(s.q95Rank);
    }
    // a replication's numbers are those of buildIndex on its specification
    const p = prepareAnalysis('uncertainty', asemSpec, asem, vignette, settings);
    const chunk = runChunk(p, 13, 14);
    const u = new Float64Array(4);
    uncertaintyRow(13, 4, 42, 'random', u);
    const expected = indexRanks(applySample(asemSpec, p.assumptions, u, 42));
    const index = p.codes.indexOf('Index');
    expectAllClose(chunk.ranks.subarray(index * p.rowCount, (index + 1) * p.rowCount), expected, exact);
  });

  it('is reproducible: the same seed gives identical numbers whatever the chunking; another seed other numbers', () => {
    const one = runUncertainty(asemSpec, asem, vignette, settings);
    const two = runUncertainty(asemSpec, asem, vignette, { ...settings, chunkSize: 7 });
    expect(two).toEqual(one);
    const p = prepareAnalysis('uncertainty', asemSpec, asem, vignette, settings);
    const reversed = planChunks(p.runs, 11)
      .reverse()
      .map(([s, e]) => runChunk(p, s, e));
    expect(mergeChunks(p, reversed)).toEqual(one);
    const other = runUncertainty(asemSpec, asem, vignette, { ...settings, seed: 43 });
    expect(other.statistics.map((s) => s.meanRank)).not.toEqual(one.statistics.map((s) => s.meanRank));
  });

  it('reports progress after every chunk and stops when the signal is aborted', async () => {
    const seen: number[] = [];
    runUncertainty(asemSpec, asem, vignette, { ...settings, chunkSize: 16, onProgress: (done, total) => seen.push(done / total) });
    expect(seen).toEqual([16 / 60, 32 / 60, 48 / 60, 1]);
    expect(() => runUncertainty(asemSpec, asem, vignette, { ...settings, signal: { aborted: true } })).toThrow(AnalysisCancelledError);
    const controller = new AbortController();
    const pending = runAnalysis('uncertainty', asemSpec, asem, vignette, { ...settings, chunkSize: 10, signal: controller.signal, onProgress: (done) => done >= 20 && controller.abort() });
    await expect(pending).rejects.toBeInstanceOf(AnalysisCancelledError);
    const complete = await runAnalysis('uncertainty', asemSpec, asem, vignette, settings);
    expect(complete).toEqual(runUncertainty(asemSpec, asem, vignette, settings));
  });

  it('rejects settings out of range with ANALYSIS_SETTING', () => {
    for (const bad of [{ n: 0, seed: 1 }, { n: 10, seed: -3 }, { n: 10, seed: 1, code: 'Nope' }]) {
      expect(() => prepareAnalysis('uncertainty', asemSpec, asem, vignette, bad)).toThrow(expect.objectContaining({ code: 'ANALYSIS_SETTING' }));
    }
  });
});

describe('sensitivity analysis on ASEM', () => {
  it('an assumption whose alternatives are identical has Si = STi = 0 exactly', () => {
    const assumptions: AssumptionInput[] = [
      { name: 'Same', kind: 'discrete', pointer: '/steps/normalise/params/method', values: ['min-max', 'min-max', 'min-max'] },
      { name: 'Aggregation', kind: 'discrete', pointer: '/steps/aggregate/params/method', values: ['arithmetic-mean', 'geometric-mean'] },
      { name: 'Weights', kind: 'weight-noise', levels: [2], factor: 0.25 },
    ];
    const asemPositive = setByPointer(asemSpec, '/steps/normalise/params/range', [1, 100]);
    const sa = runSensitivity(asemPositive, asem, assumptions, { n: 40, seed: 3, bootstrap: 20 });
    expect(sa.runs).toBe(40 * 5);
    const same = sa.indices.find((s) => s.assumption === 'Same')!;
    expect([same.first, same.total, same.firstQ05, same.firstQ95, same.totalQ05, same.totalQ95].map(Math.abs)).toEqual([0, 0, 0, 0, 0, 0]);
    const aggregation = sa.indices.find((s) => s.assumption === 'Aggregation')!;
    expect(aggregation.total).toBeGreaterThan(0.1);
    expect(sa.variance).toBeGreaterThan(0);
  });

  it('the default output is COINr’s mean absolute rank shift of the index; rank and score of one unit can be chosen instead', () => {
    const p = prepareAnalysis('sensitivity', asemSpec, asem, vignette, { n: 8, seed: 1, output: { kind: 'rank', unit: 'NZL' } });
    const chunk = runChunk(p, 0, p.runs);
    const index = p.codes.indexOf('Index');
    const row = asem.raw.rows.units.indexOf('NZL');
    const cells = p.codes.length * p.rowCount;
    for (let run = 0; run < p.keptRuns; run++) expect(chunk.outputs[run]).toBe(chunk.ranks[run * cells + index * p.rowCount + row]);
    const shift = prepareAnalysis('sensitivity', asemSpec, asem, vignette, { n: 8, seed: 1 });
    const all = runChunk(shift, 0, shift.keptRuns);
    for (let run = 0; run < shift.keptRuns; run++) {
      let sum = 0;
      let count = 0;
      for (let r = 0; r < shift.rowCount; r++) {
        const a = all.ranks[run * cells + index * p.rowCount + r];
        const b = shift.nominalRanks[index * p.rowCount + r];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        sum += Math.abs(a - b);
        count++;
      }
      expectClose(all.outputs[run], sum / count, { rel: 1e-15 });
    }
    expect(() => prepareAnalysis('sensitivity', asemSpec, asem, vignette, { n: 8, seed: 1, output: { kind: 'score', unit: 'XXX' } })).toThrow(expect.objectContaining({ code: 'ANALYSIS_SETTING' }));
  });

  it('on COINr’s vignette assumptions (N = 100) ranks the aggregation first and the winsorisation limit last by total effect, as the vignette reports', () => {
    const sa = runSensitivity(asemSpec, asem, vignette, { n: 100, seed: 42, bootstrap: 0 });
    const total = Object.fromEntries(sa.indices.map((s) => [s.assumption, s.total]));
    expect(total.Aggregation).toBe(Math.max(...Object.values(total)));
    expect(total.Winmax).toBe(Math.min(...Object.values(total)));
    // the rank statistics come from the 2N runs of A and B, as COINr
    expect(sa.statistics.find((s) => s.code === 'Index')!.count).toBe(200);
  });
});

describe('remove one element at a time', () => {
  it('on ASEM, dropping each pillar gives the ranks of a build with that pillar’s weight 0', () => {
    const r = removeOneAtATime(asemSpec, asem, { level: 2 });
    expect(r.elements.map((e) => e.removed)).toEqual(['Physical', 'ConEcFin', 'Political', 'Instit', 'P2P', 'Environ', 'Social', 'SusEcFin']);
    const nominal = indexRanks(asemSpec);
    expectAllClose(r.nominalRanks, nominal, exact);
    for (const e of r.elements) {
      const expected = indexRanks({ ...asemSpec, weightSets: { framework: { [e.removed]: 0 } } });
      expectAllClose(e.ranks, expected, exact);
      const changes = Array.from(nominal, (v, i) => v - expected[i]);
      expectAllClose(e.rankChanges, changes, exact);
      expectClose(e.meanAbsoluteRankChange, changes.reduce((s, c) => s + Math.abs(c), 0) / changes.length, { rel: 1e-14 });
      expect(e.meanAbsoluteRankChange).toBeGreaterThan(0);
    }
  });

  it('rejects a level that has no removable elements', () => {
    expect(() => removeOneAtATime(asemSpec, asem, { level: 4 })).toThrow(SoftPowerError);
  });
});
