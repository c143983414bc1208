import { kurtosis, skewness } from '../stats/descriptive.js';

export interface SkewKurtosisCheck {
  /** true = passes; null when skewness or kurtosis is undefined (too few or constant values). */
  pass: boolean | null;
  skew: number;
  kurtosis: number;
}

/**
 * COINr's outlier test `check_SkewKurt`: an indicator passes if |skew| < skewThreshold OR
 * kurtosis < kurtosisThreshold, i.e. it fails only when both thresholds are reached.
 */
export function checkSkewKurtosis(values: Float64Array, skewThreshold: number, kurtosisThreshold: number): SkewKurtosisCheck {
  const skew = skewness(values);
  const kurt = kurtosis(values);
  if (Number.isNaN(skew) || Number.isNaN(kurt)) return { pass: null, skew, kurtosis: kurt };
  return { pass: Math.abs(skew) < skewThreshold || kurt < kurtosisThreshold, skew, kurtosis: kurt };
}
