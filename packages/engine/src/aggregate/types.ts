import type { Aggregation } from '../spec/schema.js';

/**
 * A row-wise aggregation: combines the `n` present child values of one unit, with their
 * weights, into one score. `values` and `weights` hold the present children first; entries
 * past `n` are scratch. Weights are relative (the method re-scales them over the present
 * children). Returns NaN when the score is undefined; throws an `AggregationDomainError` for
 * values outside the method's domain (zeros under a geometric mean).
 */
export type RowAggregator = (values: Float64Array, weights: Float64Array, n: number, params: Aggregation) => number;

/**
 * A whole-group aggregation (Copeland, TOPSIS, grey relational analysis, Mazziotta–Pareto):
 * reads the children of one aggregate for every unit of one year (`children[c][u]`, NaN =
 * missing) and writes one score per unit into `out`.
 */
export type GroupAggregator = (children: readonly Float64Array[], weights: Float64Array, params: Aggregation, out: Float64Array) => void;

export class AggregationDomainError extends Error {
  constructor(
    message: string,
    readonly value: number,
  ) {
    super(message);
    this.name = 'AggregationDomainError';
  }
}

export interface AggregationMethod {
  readonly kind: 'row' | 'group';
  readonly row?: RowAggregator;
  readonly group?: GroupAggregator;
}
