import { skewness } from '../stats/descriptive.js';
import { checkSkewKurtosis } from './check.js';

export interface WinsoriseOptions {
  /** Maximum number of points to winsorise; null = no limit. */
  maxPoints: number | null;
  skewThreshold: number;
  kurtosisThreshold: number;
  /** Winsorise up to maxPoints whatever the skew and kurtosis. */
  force: boolean;
}

export interface WinsoriseResult {
  values: Float64Array;
  /** Number of points winsorised. */
  count: number;
  /** Per cell: "winhi", "winlo" or "". */
  flags: string[];
}

function positionsOf(values: Float64Array, target: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === target) out.push(i);
  return out;
}

/**
 * Winsorisation as COINr's `winsorise`: while the indicator fails the skew-kurtosis test and
 * fewer than `maxPoints` points have been treated, the most extreme value(s) on the side of the
 * skew (the maximum if skew ≥ 0, else the minimum) are set to the next value in. Tied extremes
 * move together, so earlier winsorised points, now tied with the new extreme, move again and
 * the count is the size of the last tied set on each side (COINr's `nwin`).
 */
export function winsorise(input: Float64Array, options: WinsoriseOptions): WinsoriseResult {
  const values = Float64Array.from(input);
  let passing = checkSkewKurtosis(values, options.skewThreshold, options.kurtosisThreshold).pass !== false;
  let high: number[] = [];
  let low: number[] = [];
  let count = 0;
  const belowLimit = () => options.maxPoints == null || count < options.maxPoints;
  while ((!passing || options.force) && belowLimit()) {
    if (skewness(values) >= 0) {
      let max = -Infinity;
      for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
      high = positionsOf(values, max);
      let next = -Infinity;
      for (let i = 0; i < values.length; i++) if (values[i] < max && values[i] > next) next = values[i];
      if (next === -Infinity) break;
      for (const i of high) values[i] = next;
    } else {
      let min = Infinity;
      for (let i = 0; i < values.length; i++) if (values[i] < min) min = values[i];
      low = positionsOf(values, min);
      let next = Infinity;
      for (let i = 0; i < values.length; i++) if (values[i] > min && values[i] < next) next = values[i];
      if (next === Infinity) break;
      for (const i of low) values[i] = next;
    }
    count = high.length + low.length;
    passing = checkSkewKurtosis(values, options.skewThreshold, options.kurtosisThreshold).pass !== false;
  }
  const flags = new Array<string>(values.length).fill('');
  for (const i of high) flags[i] = 'winhi';
  for (const i of low) flags[i] = 'winlo';
  return { values, count, flags };
}
