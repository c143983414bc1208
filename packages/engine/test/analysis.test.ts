import { describe, expect, it } from 'vitest';
import {
  auditBuild,
  averageRanks,
  correlation,
  correlationMatrix,
  correlationsWithParents,
  correlationTable,
  correlationTest,
  cronbachAlpha,
  cronbachByAggregate,
  describeColumn,
  describeIndicators,
  groupAvailability,
  indicatorAvailability,
  kendall,
  logGamma,
  normalCdf,
  normalTwoSided,
  parentCorrelations,
  pcaByAggregate,
  pearson,
  principalComponents,
  regularisedGammaP,
  regularisedGammaQ,
  regularisedIncompleteBeta,
  spearman,
  studentTCdf,
  studentTTwoSided,
  symmetricEigen,
  unitAvailability,
  type AuditResult,
} from '../src/analysis/index.js';
import { getColumn, makeRowIndex, type Dataset } from '../src/data/dataset.js';
import { indexDataFromCoinr, type Table } from '../src/data/tables.js';
import { compileFramework, indicatorsBelow, type Framework } from '../src/framework/framework.js';
import { buildIndex, type BuildResult } from '../src/pipeline/build.js';
import { frameworkSchema, type FrameworkSpec } from '../src/spec/schema.js';
import { validateSpec } from '../src/spec/validate.js';
import { mean, sd, variance } from '../src/stats/descriptive.js';
import { expectAllClose, expectClose } from './support/close.js';
import { readReference } from './support/coinr-fixtures.js';

const exact = { rel: 0, abs: 0 };
const f = (...values: number[]) => Float64Array.from(values);

function table(relativePath: string): Table {
  const t = readReference(relativePath);
  return { file: relativePath, header: t.header, rows: t.rows };
}

const asem = indexDataFromCoinr(table('ASEM_iData.csv'), table('ASEM_iMeta.csv'));

function compile(spec: FrameworkSpec): Framework {
  const { framework, problems } = compileFramework(spec);
  expect(problems).toEqual([]);
  return framework!;
}

const asemFramework = compile(asem.framework);

/** COINr 1.1.14's aggregated ASEM data set (fixture a_default) as a Dataset, one year. */
function referenceDataset(relativePath: string): Dataset {
  const reference = readReference(relativePath);
  const codes = reference.header.filter((h) => h !== 'uCode' && h !== 'uName');
  return { rows: makeRowIndex(reference.text('uCode')), codes, columns: codes.map((c) => reference.numeric(c)) };
}

const aggregated = referenceDataset('reference/a_default/aggregated.csv');

/** A framework a → (x, y), b → (z), root r → (a, b). */
const smallFramework = compile(
  frameworkSchema.parse({
    nodes: [
      { code: 'r' },
      { code: 'a', parent: 'r' },
      { code: 'b', parent: 'r' },
      { code: 'x', parent: 'a' },
      { code: 'y', parent: 'a' },
      { code: 'z', parent: 'b' },
    ],
  }),
);

describe('distribution functions', () => {
  it('logGamma(10) is log(9!) and logGamma(1/2) is log(√π)', () => {
    expectClose(logGamma(10), Math.log(362880), { rel: 1e-14 });
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), { rel: 1e-14 });
    expectClose(logGamma(1), 0, { abs: 1e-14 });
    expectClose(logGamma(2), 0, { abs: 1e-14 });
  });

  it('regularisedIncompleteBeta matches the closed forms I_x(a, 1) = x^a, I_x(1, b) = 1 - (1 - x)^b and the symmetry I_x(a, b) + I_(1-x)(b, a) = 1', () => {
    for (const x of [0.01, 0.3, 0.5, 0.77, 0.99]) {
      expectClose(regularisedIncompleteBeta(x, 2.5, 1), Math.pow(x, 2.5), { rel: 1e-13 }, `I_${x}(2.5, 1)`);
      expectClose(regularisedIncompleteBeta(x, 1, 3.5), 1 - Math.pow(1 - x, 3.5), { rel: 1e-13 }, `I_${x}(1, 3.5)`);
      expectClose(regularisedIncompleteBeta(x, 4.2, 0.7) + regularisedIncompleteBeta(1 - x, 0.7, 4.2), 1, { rel: 1e-14 }, `symmetry at ${x}`);
    }
    expectClose(regularisedIncompleteBeta(0.5, 7, 7), 0.5, { rel: 1e-14 });
    expect(regularisedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularisedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(Number.isNaN(regularisedIncompleteBeta(1.5, 2, 3))).toBe(true);
  });

  it('regularisedGammaP and Q match P(1, x) = 1 - exp(-x) and sum to 1', () => {
    for (const x of [0.1, 1, 2, 5, 30]) {
      expectClose(regularisedGammaP(1, x), 1 - Math.exp(-x), { rel: 1e-14 }, `P(1, ${x})`);
      expectClose(regularisedGammaQ(1, x), Math.exp(-x), { rel: 1e-13 }, `Q(1, ${x})`);
      expectClose(regularisedGammaP(3.3, x) + regularisedGammaQ(3.3, x), 1, { rel: 1e-15 }, `P + Q at ${x}`);
    }
  });

  it('studentTCdf matches the closed forms for 1, 2 and 3 degrees of freedom', () => {
    for (const t of [-7, -2.5, -1, -0.2, 0, 0.3, 1, 1.7, 4, 12]) {
      // df = 1 is the Cauchy distribution: 1/2 + atan(t)/π.
      expectClose(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, { rel: 1e-13 }, `pt(${t}, 1)`);
      // df = 2: 1/2 + t / (2 √(t² + 2)).
      expectClose(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(t * t + 2)), { rel: 1e-13 }, `pt(${t}, 2)`);
      // df = 3: 1/2 + (atan(u) + u / (1 + u²)) / π with u = t / √3.
      const u = t / Math.sqrt(3);
      expectClose(studentTCdf(t, 3), 0.5 + (Math.atan(u) + u / (1 + u * u)) / Math.PI, { rel: 1e-13 }, `pt(${t}, 3)`);
    }
  });

  it('studentTCdf reproduces textbook t-table quantiles and R: pt(2, 10) = 0.963306', () => {
    // Textbook two-sided 10% and 5% critical values for 10 df: 1.812461 and 2.228139 (R: qt(0.95, 10), qt(0.975, 10)).
    expectClose(studentTCdf(1.812461, 10), 0.95, { abs: 1e-7 });
    expectClose(studentTCdf(2.228139, 10), 0.975, { abs: 1e-7 });
    // 99.5% quantile for 5 df: 4.032143 (R: qt(0.995, 5)).
    expectClose(studentTCdf(-4.032143, 5), 0.005, { abs: 1e-8 });
    // R prints pt(2, 10) as 0.963306 (six significant digits); scipy.stats.t.cdf(2, 10) = 0.9633059826146299.
    expectClose(studentTCdf(2, 10), 0.9633059826146299, { rel: 1e-14 });
    expectClose(studentTTwoSided(2, 10), 2 * (1 - 0.9633059826146299), { rel: 1e-12 });
    // scipy.stats.t.cdf(-1.5, 5) = 0.09695184012123664 (R: pt(-1.5, 5) prints 0.09695184).
    expectClose(studentTCdf(-1.5, 5), 0.09695184012123664, { rel: 1e-13 });
  });

  it('normalCdf matches R: pnorm(1) = 0.8413447460685429, pnorm(-10) = 7.619853e-24, and the 1.96 rule', () => {
    expectClose(normalCdf(1), 0.8413447460685429, { rel: 1e-15 });
    expectClose(normalCdf(-1), 1 - 0.8413447460685429, { rel: 1e-14 });
    expectClose(normalCdf(0), 0.5, exact);
    expectClose(normalCdf(-10), 7.619853024160527e-24, { rel: 1e-12 });
    // qnorm(0.975) = 1.959963984540054.
    expectClose(normalTwoSided(1.959963984540054), 0.05, { rel: 1e-13 });
  });
});

describe('correlation', () => {
  it('averageRanks gives tied values the mean of their ranks and keeps missing values missing, as R: rank(x, na.last = "keep")', () => {
    expectAllClose(averageRanks(f(10, 20, 20, NaN, 5)), f(2, 3.5, 3.5, NaN, 1), exact);
    expectAllClose(averageRanks(f(3, 3, 3)), f(2, 2, 2), exact);
  });

  it('pearson of (1, 2, 3, 4) and (2, 4, 5, 9) is 11/√130 (hand: Σdxdy = 11, Σdx² = 5, Σdy² = 26)', () => {
    expectClose(pearson(f(1, 2, 3, 4), f(2, 4, 5, 9)), 11 / Math.sqrt(130), { rel: 1e-15 });
  });

  it('pearson uses pairwise complete observations: a missing value drops its pair only', () => {
    expectClose(pearson(f(1, 2, NaN, 3, 4), f(2, 4, 100, 5, 9)), 11 / Math.sqrt(130), { rel: 1e-15 });
    expectClose(pearson(f(1, 2, 3, 4, 5), f(2, 4, 5, 9, NaN)), 11 / Math.sqrt(130), { rel: 1e-15 });
  });

  it('correlations of a constant column, or of fewer than two pairs, are NaN (R: NA)', () => {
    expect(Number.isNaN(pearson(f(1, 1, 1), f(1, 2, 3)))).toBe(true);
    expect(Number.isNaN(spearman(f(1, NaN), f(NaN, 2)))).toBe(true);
    expect(Number.isNaN(kendall(f(1, 2, 3), f(5, 5, 5)))).toBe(true);
  });

  it('x = 1..5, y = (2, 1, 4, 3, 5): Pearson 0.8, Spearman 0.8 (1 - 6·4/120), Kendall 0.6 (8 concordant, 2 discordant pairs)', () => {
    const x = f(1, 2, 3, 4, 5);
    const y = f(2, 1, 4, 3, 5);
    expectClose(correlation(x, y, 'pearson'), 0.8, { rel: 1e-15 });
    expectClose(correlation(x, y, 'spearman'), 0.8, { rel: 1e-15 });
    expectClose(correlation(x, y, 'kendall'), 0.6, { rel: 1e-15 });
  });

  it('correlationTest p-values: Pearson by t with n - 2 df, Kendall by the normal approximation (hand and scipy)', () => {
    const x = f(1, 2, 3, 4, 5);
    const y = f(2, 1, 4, 3, 5);
    const p = correlationTest(x, y, 'pearson');
    // t = 0.8 √(3 / 0.36); p = 2 (1 - F3(t)) with the closed-form t CDF for 3 df.
    const t = 0.8 * Math.sqrt(3 / 0.36);
    const u = t / Math.sqrt(3);
    expectClose(p.statistic, t, { rel: 1e-14 });
    expectClose(p.pValue, 2 * (1 - (0.5 + (Math.atan(u) + u / (1 + u * u)) / Math.PI)), { rel: 1e-12 });
    // scipy.stats.pearsonr: p = 0.10408803866182782.
    expectClose(p.pValue, 0.10408803866182782, { rel: 1e-12 });
    const k = correlationTest(x, y, 'kendall');
    // S = 6, var S = n(n-1)(2n+5)/18 = 50/3, z = 6 / √(50/3); scipy.stats.kendalltau(method = 'asymptotic'): p = 0.1416446902951368.
    expectClose(k.statistic, 6 / Math.sqrt(50 / 3), { rel: 1e-14 });
    expectClose(k.pValue, 0.1416446902951368, { rel: 1e-12 });
  });

  it('Kendall tau-b and its p-value correct for ties as scipy.stats.kendalltau (method = "asymptotic") and R cor.test(exact = FALSE)', () => {
    const k = correlationTest(f(1, 2, 2, 4, 5, 6), f(2, 1, 4, 4, 5, 4), 'kendall');
    // Hand: of 15 pairs, 9 concordant, 2 discordant, 4 tied (x: one tied pair; y: the three 4s, three pairs),
    // S = 9 - 2 = 7, tau-b = 7 / √((15 - 1)(15 - 3)) = 7 / √168.
    expectClose(k.r, 7 / Math.sqrt(168), { rel: 1e-14 });
    expectClose(k.r, 0.5400617248673217, { rel: 1e-14 });
    expectClose(k.pValue, 0.15189936193153455, { rel: 1e-12 });
    expect(k.n).toBe(6);
  });

  it('Spearman p-value uses the t approximation with n - 2 df (R uses an exact test for small n without ties)', () => {
    const s = correlationTest(f(1, 2, 3, 4, 5), f(2, 1, 4, 3, 5), 'spearman');
    expectClose(s.pValue, correlationTest(f(1, 2, 3, 4, 5), f(2, 1, 4, 3, 5), 'pearson').pValue, { rel: 1e-15 });
    expect(Number.isNaN(correlationTest(f(1, 2), f(2, 1)).pValue)).toBe(true);
    expect(correlationTest(f(1, 2, 3), f(2, 4, 6)).pValue).toBe(0);
  });

  it('correlation throws on an unknown method, naming the methods', () => {
    expect(() => correlation(f(1), f(1), 'pearsonn' as 'pearson')).toThrow(/unknown correlation method "pearsonn".*"pearson", "spearman", "kendall"/);
  });

  it('on COINr ASEM aggregated data, every correlation matrix is symmetric with unit diagonal and |r| <= 1', () => {
    const codes = aggregated.codes;
    const columns = codes.map((c) => getColumn(aggregated, c));
    for (const method of ['pearson', 'spearman', 'kendall'] as const) {
      const m = correlationMatrix(columns, method);
      for (let i = 0; i < codes.length; i++) {
        expect(m[i][i], `${method} ${codes[i]} diagonal`).toBe(1);
        for (let j = 0; j < codes.length; j++) {
          expect(m[i][j], `${method} ${codes[i]} ${codes[j]} symmetric`).toBe(m[j][i]);
          expect(Math.abs(m[i][j]), `${method} ${codes[i]} ${codes[j]} bounded`).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('on ASEM, Pearson equals Σ z_x z_y / (n - 1) computed with the descriptive mean and sd', () => {
    const x = getColumn(aggregated, 'Conn');
    for (const code of ['Sust', 'Physical', 'LPI', 'Index']) {
      const y = getColumn(aggregated, code);
      const mx = mean(x);
      const my = mean(y);
      const sx = sd(x);
      const sy = sd(y);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += ((x[i] - mx) / sx) * ((y[i] - my) / sy);
      expectClose(pearson(x, y), s / (x.length - 1), { rel: 1e-13 }, `Conn ${code}`);
    }
  });

  it('on ASEM, Spearman of a monotone transform is 1, Kendall against the reversed order is -1, and Spearman without ties equals 1 - 6Σd²/(n(n² - 1))', () => {
    for (const code of aggregated.codes) {
      const x = getColumn(aggregated, code);
      if (Number.isNaN(sd(x)) || sd(x) === 0) continue;
      const transformed = x.map((v) => Math.exp(v / 50) + v * v * v);
      expectClose(spearman(x, transformed), 1, { rel: 1e-14 }, `spearman ${code}`);
      expectClose(kendall(x, x.map((v) => -v)), -1, exact, `kendall ${code}`);
    }
    const x = getColumn(aggregated, 'Conn');
    const y = getColumn(aggregated, 'Sust');
    expect(new Set(x).size).toBe(x.length);
    expect(new Set(y).size).toBe(y.length);
    const rx = averageRanks(x);
    const ry = averageRanks(y);
    let d2 = 0;
    for (let i = 0; i < x.length; i++) d2 += (rx[i] - ry[i]) ** 2;
    const n = x.length;
    expectClose(spearman(x, y), 1 - (6 * d2) / (n * (n * n - 1)), { rel: 1e-13 });
  });

  it('correlationTable lists the upper triangle of every year with p-values', () => {
    const rows = correlationTable(aggregated, ['Conn', 'Sust', 'Index'], 'spearman');
    expect(rows.map((r) => `${r.variable1}-${r.variable2}`)).toEqual(['Conn-Sust', 'Conn-Index', 'Sust-Index']);
    expect(rows.every((r) => r.n === 51 && r.pValue >= 0 && r.pValue <= 1)).toBe(true);
    expect(() => correlationTable(aggregated, ['Conn', 'Nope'])).toThrow(/no column "Nope"/);
  });

  it('parentCorrelations gives every non-root node its correlation with its parent and the index, flagging negatives', () => {
    const result = parentCorrelations(asemFramework, aggregated);
    expect(result.parents.length).toBe(asemFramework.nodes.length - 1);
    for (const p of result.parents) {
      const node = getColumn(aggregated, p.node);
      expectClose(p.withParent, pearson(node, getColumn(aggregated, p.parent)), exact, `${p.node} with parent`);
      expectClose(p.withIndex, pearson(node, getColumn(aggregated, 'Index')), exact, `${p.node} with index`);
      expect(p.negative).toBe(p.withParent < 0);
    }
    for (const c of result.collinear) {
      expect(Math.abs(c.r)).toBeGreaterThan(0.9);
      const group = asemFramework.nodes[asemFramework.byCode.get(c.group)!];
      const kids = group.children.map((k) => asemFramework.nodes[k].code);
      expect(kids).toContain(c.node1);
      expect(kids).toContain(c.node2);
    }
  });

  it('parentCorrelations flags collinear siblings by |r|: a child and its negation are collinear', () => {
    const rows = makeRowIndex(['u1', 'u2', 'u3', 'u4']);
    const x = f(1, 2, 3, 4);
    const dataset: Dataset = { rows, codes: ['r', 'a', 'b', 'x', 'y', 'z'], columns: [f(1, 3, 2, 4), f(0, 0, 1, 1), f(4, 1, 2, 3), x, f(-1, -2, -3, -4), f(4, 1, 2, 3)] };
    const result = parentCorrelations(smallFramework, dataset);
    expect(result.collinear).toEqual([{ year: NaN, group: 'a', level: 2, node1: 'x', node2: 'y', r: -1 }]);
    const y = result.parents.find((p) => p.node === 'y')!;
    expect(y.negative).toBe(true);
  });
});

describe("Cronbach's alpha", () => {
  it('columns (1, 2, 3) and (1, 2, 4) have alpha 18/19 (hand: variances 1 and 7/3, covariance 3/2)', () => {
    expectClose(cronbachAlpha([f(1, 2, 3), f(1, 2, 4)]).alpha, 18 / 19, { rel: 1e-15 });
  });

  it('k identical columns have alpha 1', () => {
    const x = getColumn(aggregated, 'LPI');
    for (const k of [2, 3, 7]) expectClose(cronbachAlpha(Array.from({ length: k }, () => x)).alpha, 1, { rel: 1e-14 }, `k = ${k}`);
  });

  it('complete cases drop a row with any missing value; pairwise keeps each pair (COINr default)', () => {
    // Complete: the third row is dropped, leaving (1, 2) and (1, 3): var 1/2 and 2, cov 1; total 9/2, α = 2 (1 - (5/2)/(9/2)) = 8/9.
    const columns = [f(1, 2, 3), f(1, 3, NaN)];
    const complete = cronbachAlpha(columns, 'complete');
    expectClose(complete.alpha, 8 / 9, { rel: 1e-15 });
    expect(complete.completeRows).toBe(2);
    // Pairwise: var (1, 2, 3) = 1, var (1, 3) = 2, cov over rows 1-2 = 1; total 5, α = 2 (1 - 3/5) = 4/5.
    expectClose(cronbachAlpha(columns, 'pairwise').alpha, 4 / 5, { rel: 1e-15 });
  });

  it('alpha is NaN for a single column and for columns of zero total variance', () => {
    expect(Number.isNaN(cronbachAlpha([f(1, 2, 3)]).alpha)).toBe(true);
    expect(Number.isNaN(cronbachAlpha([f(1, 1, 1), f(2, 2, 2)]).alpha)).toBe(true);
  });

  it('on ASEM, alpha of each aggregate equals k/(k - 1)(1 - Σ var_i / var(Σ x_i)) computed from row sums', () => {
    const rows = cronbachByAggregate(asemFramework, aggregated);
    expect(rows.map((r) => r.aggregate)).toEqual(asemFramework.aggregates.map((a) => asemFramework.nodes[a].code));
    for (const row of rows) {
      const kids = row.children.split('|').map((c) => getColumn(aggregated, c));
      const sum = new Float64Array(kids[0].length);
      for (const k of kids) for (let i = 0; i < sum.length; i++) sum[i] += k[i];
      const k = kids.length;
      const expected = (k / (k - 1)) * (1 - kids.reduce((s, c) => s + variance(c), 0) / variance(sum));
      expectClose(row.alpha, expected, { rel: 1e-12 }, row.aggregate);
      expect(row.low).toBe(row.alpha < 0.7);
      // No value is missing in the aggregated data, so COINr's pairwise default gives the same alpha.
      expectClose(cronbachAlpha(kids, 'pairwise').alpha, row.alpha, { rel: 1e-14 }, `${row.aggregate} pairwise`);
    }
  });
});

describe('PCA', () => {
  it('a 2 × 2 correlation matrix [[1, r], [r, 1]] has eigenvalues 1 ± r and PC1 loadings (1, 1)/√2', () => {
    for (const r of [0.8, 0.3, -0.6]) {
      const e = symmetricEigen(f(1, r, r, 1), 2);
      expectAllClose(e.values, f(1 + Math.abs(r), 1 - Math.abs(r)), { rel: 1e-15 });
    }
    // x = 1..4 and y = (1, 3, 2, 4) correlate 0.8 (hand: Σdxdy = 4, Σdx² = Σdy² = 5).
    const pca = principalComponents([f(1, 2, 3, 4), f(1, 3, 2, 4)]);
    expectAllClose(pca.eigenvalues, f(1.8, 0.2), { rel: 1e-14 });
    expectAllClose(pca.varianceShares, f(0.9, 0.1), { rel: 1e-14 });
    expectAllClose(pca.loadings, f(Math.SQRT1_2, Math.SQRT1_2), { rel: 1e-15 });
    expectAllClose(pca.correlations, f(Math.sqrt(0.9), Math.sqrt(0.9)), { rel: 1e-14 });
  });

  it('uncorrelated columns (an identity correlation matrix) give equal variance shares', () => {
    // Orthogonal ±1 contrasts: every pairwise correlation is exactly 0.
    const pca = principalComponents([f(1, -1, 1, -1), f(1, 1, -1, -1), f(1, -1, -1, 1)]);
    expectAllClose(pca.varianceShares, f(1 / 3, 1 / 3, 1 / 3), { rel: 1e-15 });
    expectAllClose(pca.cumulativeShares, f(1 / 3, 2 / 3, 1), { rel: 1e-15 });
    expect(pca.componentsAboveOne).toBe(0);
  });

  it('symmetricEigen of [[4, 1, 2], [1, 3, 0], [2, 0, 5]] matches numpy.linalg.eigh and satisfies A v = λ v', () => {
    const a = f(4, 1, 2, 1, 3, 0, 2, 0, 5);
    const e = symmetricEigen(a, 3);
    // numpy.linalg.eigh: 6.66907909, 3.4760236, 1.85489731 (trace 12).
    expectAllClose(e.values, f(6.669079088282289, 3.4760236029181337, 1.8548973087995777), { rel: 1e-13 });
    e.vectors.forEach((v, j) => {
      const av = f(...[0, 1, 2].map((r) => a[r * 3] * v[0] + a[r * 3 + 1] * v[1] + a[r * 3 + 2] * v[2]));
      expectAllClose(av, v.map((x) => x * e.values[j]), { rel: 1e-13, abs: 1e-13 }, [`A v${j}[0]`, `A v${j}[1]`, `A v${j}[2]`]);
      e.vectors.forEach((w, l) => expectClose(v[0] * w[0] + v[1] * w[1] + v[2] * w[2], j === l ? 1 : 0, { abs: 1e-14 }, `v${j}·v${l}`));
    });
  });

  it('symmetricEigen rejects a non-symmetric matrix', () => {
    expect(() => symmetricEigen(f(1, 2, 3, 1), 2)).toThrow(/not symmetric/);
  });

  it('a constant child or fewer than two complete rows make the PCA NaN (prcomp cannot rescale a constant column)', () => {
    expect(Number.isNaN(principalComponents([f(1, 1, 1), f(1, 2, 3)]).eigenvalues[0])).toBe(true);
    expect(principalComponents([f(1, NaN, 3), f(NaN, 2, 3)]).n).toBe(1);
  });

  it('on ASEM, every group has variance shares summing to 1, eigenvalues summing to k, unit PC1 loadings whose largest entry is positive, and λ1 = v′Rv', () => {
    const result = pcaByAggregate(asemFramework, aggregated);
    expect(result.results.length).toBe(asemFramework.aggregates.length);
    for (const { aggregate, children, pca } of result.results) {
      expectClose(pca.varianceShares.reduce((s, x) => s + x, 0), 1, { rel: 1e-14 }, `${aggregate} shares`);
      expectClose(pca.eigenvalues.reduce((s, x) => s + x, 0), children.length, { rel: 1e-13 }, `${aggregate} trace`);
      expectClose(pca.loadings.reduce((s, x) => s + x * x, 0), 1, { rel: 1e-14 }, `${aggregate} norm`);
      const largest = pca.loadings.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest, `${aggregate} sign`).toBeGreaterThan(0);
      for (let j = 1; j < pca.k; j++) expect(pca.eigenvalues[j]).toBeLessThanOrEqual(pca.eigenvalues[j - 1]);
      const r = correlationMatrix(children.map((c) => getColumn(aggregated, c)));
      let quadratic = 0;
      for (let i = 0; i < pca.k; i++) for (let j = 0; j < pca.k; j++) quadratic += pca.loadings[i] * r[i][j] * pca.loadings[j];
      expectClose(pca.eigenvalues[0], quadratic, { rel: 1e-12 }, `${aggregate} Rayleigh quotient`);
    }
    expect(result.loadings.length).toBe(asemFramework.aggregates.reduce((s, a) => s + asemFramework.nodes[a].children.length, 0));
  });
});

describe('indicator statistics (COINr get_stats)', () => {
  it('describeColumn of (0, 0, 1, NaN, 3, 3, 3) follows COINr: fractions of available values, flags over all units', () => {
    const s = describeColumn(f(0, 0, 1, NaN, 3, 3, 3));
    expect(s).toMatchObject({ units: 7, available: 6, nonZero: 4, zeros: 2, unique: 3, same: 3, min: 0, max: 3, median: 2 });
    expectClose(s.mean, 10 / 6, { rel: 1e-15 });
    expectClose(s.fractionAvailable, 6 / 7, exact);
    expectClose(s.fractionNonZero, 4 / 6, exact);
    expectClose(s.fractionUnique, 3 / 6, exact);
    expectClose(s.fractionSame, 3 / 6, exact);
    // Flag.Avail: 6/7 >= 0.65 → ok; Flag.NonZero: 4/7 >= 0.5 → ok; Flag.Unique: 3/7 < 0.5 → LOW (but 3/6 is not below).
    expect([s.flagAvailability, s.flagNonZero, s.flagUnique]).toEqual(['ok', 'ok', 'LOW']);
  });

  it('describeColumn flags "OUT" only when |skew| > 2 and kurtosis > 3.5, and gives null when they are undefined', () => {
    const spike = f(1, 1, 1, 1, 1, 1, 1, 1, 1, 100);
    const s = describeColumn(spike);
    expect(Math.abs(s.skewness)).toBeGreaterThan(2);
    expect(s.kurtosis).toBeGreaterThan(3.5);
    expect(s.flagSkewKurtosis).toBe('OUT');
    expect(describeColumn(spike, { kurtosisThreshold: 1000 }).flagSkewKurtosis).toBe('ok');
    expect(describeColumn(f(1, 2, 3)).flagSkewKurtosis).toBeNull();
  });

  it('an all-missing indicator has NaN statistics, zero counts and LOW flags', () => {
    const s = describeColumn(f(NaN, NaN));
    expect(s).toMatchObject({ units: 2, available: 0, nonZero: 0, unique: 0, same: 0, flagAvailability: 'LOW', flagNonZero: 'LOW', flagUnique: 'LOW', flagSkewKurtosis: null });
    expect([s.min, s.max, s.mean, s.sd, s.fractionNonZero].every(Number.isNaN)).toBe(true);
  });

  it('describeIndicators works per year: each year of the ASEM panel equals describeColumn of that year alone', () => {
    const panel = indexDataFromCoinr(table('ASEM_iData_p.csv'), table('ASEM_iMeta.csv')).data.raw;
    const codes = ['LPI', 'Flights', 'Bord'];
    const rows = describeIndicators(panel, codes);
    const years = [...panel.rows.byYear.keys()];
    expect(years.length).toBeGreaterThan(1);
    expect(rows.length).toBe(years.length * codes.length);
    for (const row of rows) {
      const yearRows = panel.rows.byYear.get(row.year)!;
      const column = getColumn(panel, row.indicator);
      expect(row).toEqual({ indicator: row.indicator, year: row.year, ...describeColumn(Float64Array.from(yearRows, (r) => column[r])) });
    }
    expect(() => describeIndicators(panel, ['LPI', 'GDPP'])).toThrow(/describeIndicators: the data set has no column "GDPP"/);
  });
});

describe('data availability (COINr get_data_avail)', () => {
  const rows = makeRowIndex(['u1', 'u2', 'u1', 'u2'], [2020, 2020, 2021, 2021]);
  const dataset: Dataset = {
    rows,
    codes: ['x', 'y', 'z'],
    columns: [f(1, NaN, 0, 5), f(NaN, NaN, 0, 6), f(0, NaN, 2, 7)],
  };

  it('unitAvailability counts missing values and zeros per unit and year (u1 2020: (1, NaN, 0) → availability 2/3, nonZero 1 - 1/2)', () => {
    const result = unitAvailability(dataset, ['x', 'y', 'z']);
    expect(result.map((r) => `${r.unit} ${r.year}`)).toEqual(['u1 2020', 'u2 2020', 'u1 2021', 'u2 2021']);
    expect(result[0]).toEqual({ unit: 'u1', year: 2020, missing: 1, zeros: 1, missingOrZero: 2, availability: 1 - 1 / 3, nonZero: 0.5 });
    // All missing: Non_Zero = 1 - 0/0 = NaN in COINr.
    expect(result[1]).toEqual({ unit: 'u2', year: 2020, missing: 3, zeros: 0, missingOrZero: 3, availability: 0, nonZero: NaN });
    expect(result[2]).toMatchObject({ zeros: 2, availability: 1, nonZero: 1 - 2 / 3 });
  });

  it('groupAvailability counts the indicators below each aggregate, at every level (COINr ByGroup)', () => {
    const result = groupAvailability(smallFramework, dataset);
    const u1 = result.filter((r) => r.unit === 'u1' && r.year === 2020);
    expect(u1.map((r) => [r.group, r.indicators, r.available])).toEqual([
      ['a', 2, 1],
      ['b', 1, 1],
      ['r', 3, 2],
    ]);
    expectClose(u1[2].availability, 2 / 3, exact);
  });

  it('indicatorAvailability is the share of units with a value, per year', () => {
    const result = indicatorAvailability(dataset, ['x', 'y']);
    expect(result.map((r) => [r.indicator, r.year, r.available, r.availability])).toEqual([
      ['x', 2020, 1, 0.5],
      ['y', 2020, 0, 0],
      ['x', 2021, 2, 1],
      ['y', 2021, 2, 1],
    ]);
  });

  it('on raw ASEM data, group availability of the index equals the unit availability over all indicators', () => {
    const raw = asem.data.raw;
    const codes = asemFramework.indicators.map((i) => asemFramework.nodes[i].code);
    const units = unitAvailability(raw, codes);
    const index = groupAvailability(asemFramework, raw).filter((r) => r.group === 'Index');
    expect(index.length).toBe(51);
    expectAllClose(
      index.map((r) => r.availability),
      units.map((u) => u.availability),
      { rel: 1e-15 },
      units.map((u) => u.unit),
    );
    expect(indicatorsBelow(asemFramework, asemFramework.root).length).toBe(49);
  });
});

/** COINr's ASEM example with its default pipeline (examples/coinr-asem/a_default.yaml), built once. */
const asemBuild = (() => {
  let cached: { build: BuildResult; audit: AuditResult } | undefined;
  return () => {
    if (cached) return cached;
    const { spec, problems } = validateSpec({
      id: 'asem-default',
      name: { en: 'ASEM (COINr example, default pipeline)' },
      data: { format: 'coinr', iData: 'ASEM_iData.csv', iMeta: 'ASEM_iMeta.csv' },
      framework: asem.framework,
      steps: [
        { id: 'denominate', kind: 'denominate' },
        { id: 'impute', kind: 'impute', params: { method: 'group-mean', group: 'EurAsia_group' } },
        { id: 'screen', kind: 'screen', params: { units: 'missing', dataThreshold: 0.9 } },
        { id: 'treat', kind: 'treat', params: { winsorise: { maxPoints: 5 } } },
        { id: 'normalise', kind: 'normalise', params: { method: 'min-max', range: [0, 100] } },
        { id: 'aggregate', kind: 'aggregate', params: { method: 'arithmetic-mean' } },
      ],
    });
    expect(problems).toEqual([]);
    const build = buildIndex(spec!, asem.data);
    cached = { build, audit: auditBuild(build) };
    return cached;
  };
})();

describe('auditBuild', () => {
  it('audits the ASEM build: the aggregated data match COINr, so the parent correlations equal those of the COINr reference', () => {
    const { build, audit } = asemBuild();
    const ours = build.datasets.get('aggregated')!;
    const order = ours.rows.units.map((u) => aggregated.rows.units.indexOf(u));
    expect(order.slice().sort((a, b) => a - b)).toEqual(aggregated.rows.units.map((_, i) => i));
    const reference = aggregated;
    for (const p of audit.parentCorrelations) {
      const x = Float64Array.from(order, (i) => getColumn(reference, p.node)[i]);
      const y = Float64Array.from(order, (i) => getColumn(reference, p.parent)[i]);
      expectClose(p.withParent, pearson(x, y), { rel: 1e-9 }, `${p.node} with ${p.parent}`);
    }
    expect(audit.parentCorrelations.length).toBe(asemFramework.nodes.length - 1);
  });

  it('tables have one row per indicator, unit, pair or group and every row is plain JSON', () => {
    const { audit } = asemBuild();
    expect(audit.statistics.length).toBe(49);
    expect(audit.statistics.every((s) => s.year === 2018)).toBe(true);
    expect(audit.unitAvailability.length).toBe(51);
    expect(audit.groupAvailability.length).toBe(51 * asemFramework.aggregates.length);
    expect(audit.indicatorCorrelations.length).toBe((49 * 48) / 2);
    expect(audit.cronbach.length).toBe(asemFramework.aggregates.length);
    const roundTrip = JSON.parse(JSON.stringify(audit)) as typeof audit;
    expect(Object.keys(roundTrip)).toEqual(Object.keys(audit));
    expect(roundTrip.pcaLoadings.length).toBe(audit.pcaLoadings.length);
  });

  it('there is one finding for each flagged row and none otherwise', () => {
    const { audit } = asemBuild();
    const count = (flag: string) => audit.findings.filter((x) => x.flag === flag).length;
    expect(count('LOW_AVAILABILITY')).toBe(audit.statistics.filter((s) => s.flagAvailability === 'LOW').length);
    expect(count('LOW_NON_ZERO')).toBe(audit.statistics.filter((s) => s.flagNonZero === 'LOW').length);
    expect(count('LOW_UNIQUE')).toBe(audit.statistics.filter((s) => s.flagUnique === 'LOW').length);
    expect(count('SKEW_KURTOSIS')).toBe(audit.statistics.filter((s) => s.flagSkewKurtosis === 'OUT').length);
    expect(count('NEGATIVE_WITH_PARENT')).toBe(audit.parentCorrelations.filter((p) => p.withParent < 0).length);
    expect(count('COLLINEAR')).toBe(audit.collinearPairs.length);
    expect(count('LOW_ALPHA')).toBe(audit.cronbach.filter((c) => c.alpha < 0.7).length);
    expect(audit.findings.every((x) => x.severity === 'warning' && x.message.startsWith('audit: ') && x.hint.length > 0)).toBe(true);
    // ASEM's raw data has skewed indicators (COINr treats several of them, fixture a_default/treat_details.csv).
    expect(count('SKEW_KURTOSIS')).toBeGreaterThan(0);
  });

  it('correlationsWithParents(build) equals parentCorrelations on the build\'s aggregated data set, and names the data sets when one is absent', () => {
    const { build } = asemBuild();
    expect(correlationsWithParents(build)).toEqual(parentCorrelations(build.framework, build.datasets.get('aggregated')!));
    expect(() => correlationsWithParents(build, { dataset: 'weighted' })).toThrow(/no data set "weighted"; data sets are raw, denominated, imputed/);
    expect(() => auditBuild(build, { structureDataset: 'normalised' })).toThrow(/parentCorrelations: the data set has no column "Physical"/);
  });
});
