import { describe, it, expect } from 'vitest';
import { kurtosis, mean, median, quantile, sd, skewness, variance } from '../src/stats/descriptive.js';
import { expectClose } from './support/close.js';
import { readReference } from './support/coinr-fixtures.js';

describe('descriptive statistics', () => {
  it('variance(1..10) is 55/6 and sd its square root, as R: var(1:10)', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expectClose(variance(x), 55 / 6);
    expectClose(sd(x), Math.sqrt(55 / 6));
  });

  it('mean skips missing values and treats 0 as a value', () => {
    expectClose(mean(Float64Array.of(0, 0, NaN, 3)), 1);
    expect(Number.isNaN(mean(Float64Array.of(NaN, NaN)))).toBe(true);
  });

  it('quantile follows R type 7: quantile(c(1, 2, 3, 4), 0.9) = 3.7', () => {
    expectClose(quantile(Float64Array.of(4, 1, 3, 2), 0.9), 3.7);
    expectClose(median(Float64Array.of(5, NaN, 1, 3)), 3);
  });

  it('skewness and kurtosis of every raw ASEM indicator match COINr 1.1.14 (h_treat_raw, check_SkewKurt0)', () => {
    const raw = readReference('reference/h_treat_raw/raw_values.csv');
    const details = readReference('reference/h_treat_raw/treat_details.csv');
    const codes = details.text('iCode');
    const expectedSkew = details.numeric('check_SkewKurt0.Skew');
    const expectedKurt = details.numeric('check_SkewKurt0.Kurt');
    expect(codes.length).toBe(49);
    codes.forEach((code, i) => {
      const column = raw.numeric(code);
      expectClose(skewness(column), expectedSkew[i], { rel: 1e-9 }, `skew ${code}`);
      expectClose(kurtosis(column), expectedKurt[i], { rel: 1e-9 }, `kurt ${code}`);
    });
  });

  it('skewness needs three values and kurtosis four, else NaN', () => {
    expect(Number.isNaN(skewness(Float64Array.of(1, 2)))).toBe(true);
    expect(Number.isNaN(kurtosis(Float64Array.of(1, 2, 3)))).toBe(true);
  });
});
