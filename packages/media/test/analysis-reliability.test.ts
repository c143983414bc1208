import { describe, expect, it } from 'vitest';
import { agreementReport, bootstrapAlpha, krippendorffAlpha, seededUniformInt, MediaAnalysisError, type Coding } from '../src/analysis/index.js';
import { expectClose } from './analysis-support.js';

const _ = null;
/** Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12 units with missing values. */
const krippendorff2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

describe('krippendorffAlpha', () => {
  it('reproduces Krippendorff (2011): nominal .743, ordinal .815, interval .849, ratio .797', () => {
    // published to three decimals, so the tolerance is half a unit in the third decimal
    expectClose(krippendorffAlpha(krippendorff2011, 'nominal').alpha, 0.743, 5e-4, 'nominal');
    expectClose(krippendorffAlpha(krippendorff2011, 'ordinal').alpha, 0.815, 5e-4, 'ordinal');
    expectClose(krippendorffAlpha(krippendorff2011, 'interval').alpha, 0.849, 5e-4, 'interval');
    expectClose(krippendorffAlpha(krippendorff2011, 'ratio').alpha, 0.797, 5e-4, 'ratio');
  });

  it('counts n = 40 pairable values in 11 units (unit 12 has one value and is not pairable)', () => {
    const r = krippendorffAlpha(krippendorff2011, 'nominal');
    expect(r.values).toBe(40);
    expect(r.units).toBe(11);
    expectClose(r.alpha, 0.743421052631579, 1e-12, 'nominal exact');
  });

  it('is 1 under perfect agreement and treats NaN, null and undefined as missing', () => {
    expect(krippendorffAlpha([[1, 2, 3, Number.NaN], [1, 2, 3, 4], [undefined, 2, 3, 4]], 'interval').alpha).toBe(1);
  });

  it('accepts string categories for nominal data', () => {
    const words = krippendorff2011.map((row) => row.map((v) => (v == null ? null : `c${v}`)));
    expectClose(krippendorffAlpha(words, 'nominal').alpha, 0.743421052631579, 1e-12, 'nominal strings');
  });

  it('returns NaN with a warning when all values are equal or nothing is pairable', () => {
    const constant = krippendorffAlpha([[2, 2, 2], [2, 2, 2]], 'nominal');
    expect(constant.alpha).toBeNaN();
    expect(constant.warnings[0]).toMatch(/expected disagreement is 0/);
    const lonely = krippendorffAlpha([[1, _, _], [_, 2, _]], 'nominal');
    expect(lonely.alpha).toBeNaN();
    expect(lonely.warnings[0]).toMatch(/no unit has two or more values/);
  });

  it('rejects text under an interval metric, naming every cell', () => {
    expect(() => krippendorffAlpha([[1, 'x'], [1, 'y']], 'interval')).toThrow(MediaAnalysisError);
    try {
      krippendorffAlpha([[1, 'x'], [1, 'y']], 'interval');
    } catch (e) {
      expect((e as MediaAnalysisError).details).toEqual(['coder 1, unit 2: "x" is not a number', 'coder 2, unit 2: "y" is not a number']);
    }
  });
});

describe('bootstrapAlpha', () => {
  it('is reproducible with a seed and brackets the point estimate', () => {
    const a = bootstrapAlpha(krippendorff2011, 'interval', { replicates: 500, random: seededUniformInt(7) });
    const b = bootstrapAlpha(krippendorff2011, 'interval', { replicates: 500, random: seededUniformInt(7) });
    expect(a.lower).toBe(b.lower);
    expect(a.upper).toBe(b.upper);
    expectClose(a.alpha, 0.8491071428571428, 1e-12, 'point');
    expect(a.lower).toBeLessThan(a.alpha);
    expect(a.upper).toBeGreaterThanOrEqual(a.alpha);
    expect(a.upper).toBeLessThanOrEqual(1);
  });

  it('has a zero-width interval when every unit agrees perfectly', () => {
    const r = bootstrapAlpha([[1, 2, 3, 4], [1, 2, 3, 4]], 'nominal', { replicates: 200, random: seededUniformInt(1) });
    expect(r.alpha).toBe(1);
    expect(r.lower).toBe(1);
    expect(r.upper).toBe(1);
    // a resample that draws one unit four times has one category only: alpha is undefined there, counted and left out
    if (r.undefinedReplicates > 0) expect(r.warnings.at(-1)).toMatch(/undefined in \d+ of 200 replicates/);
  });
});

describe('agreementReport', () => {
  const coders = ['A', 'B', 'C', 'D'];
  const codings: Coding[] = [];
  krippendorff2011.forEach((row, i) =>
    row.forEach((value, unit) => {
      if (value != null) codings.push({ unit: `u${unit + 1}`, coder: coders[i], value, language: unit < 6 ? 'en' : 'fr' });
    }),
  );
  // the classifier copies coder D
  krippendorff2011[3].forEach((value, unit) => {
    if (value != null) codings.push({ unit: `u${unit + 1}`, coder: 'model', value, language: unit < 6 ? 'en' : 'fr' });
  });

  it('reports alpha among coders, with the classifier, and per coder against the classifier, overall and per language', () => {
    const rows = agreementReport(codings, { metric: 'nominal', classifier: 'model' });
    const find = (language: string, comparison: string) => rows.find((r) => r.language === language && r.comparison === comparison)!;
    expectClose(find('all', 'coders').alpha, 0.743421052631579, 1e-12, 'coders');
    expect(find('all', 'coder:D-classifier').alpha).toBe(1);
    const perLanguage = krippendorffAlpha(krippendorff2011.map((row) => row.slice(0, 6)), 'nominal').alpha;
    expectClose(find('en', 'coders').alpha, perLanguage, 1e-12, 'en');
    expect(rows.map((r) => `${r.language}/${r.comparison}`)).toEqual([
      'all/coders', 'all/coders+classifier', 'all/coder:A-classifier', 'all/coder:B-classifier', 'all/coder:C-classifier', 'all/coder:D-classifier',
      'en/coders', 'en/coders+classifier', 'en/coder:A-classifier', 'en/coder:B-classifier', 'en/coder:C-classifier', 'en/coder:D-classifier',
      'fr/coders', 'fr/coders+classifier', 'fr/coder:A-classifier', 'fr/coder:B-classifier', 'fr/coder:C-classifier', 'fr/coder:D-classifier',
    ]);
  });

  it('rejects a unit coded twice by one coder', () => {
    expect(() => agreementReport([...codings, { unit: 'u1', coder: 'A', value: 2 }], { metric: 'nominal' })).toThrow(/coded twice, first unit "u1", coder "A"/);
  });
});
