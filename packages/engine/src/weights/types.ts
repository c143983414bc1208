/**
 * A data-driven weighting method: from the values of the children of one aggregate
 * (`columns[c][u]`, NaN = missing; already normalised, higher is better) returns one weight
 * per child, summing to 1.
 */
export type DataWeighting = (columns: readonly Float64Array[]) => Float64Array;

/** Result of the analytic hierarchy process for one pairwise comparison matrix. */
export interface AhpResult {
  weights: Float64Array;
  lambdaMax: number;
  /** Consistency index (λmax - n) / (n - 1). */
  consistencyIndex: number;
  /** Saaty's random index for n. */
  randomIndex: number;
  /** Consistency ratio CI / RI; 0 for n ≤ 2. */
  consistencyRatio: number;
}
