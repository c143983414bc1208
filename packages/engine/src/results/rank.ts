/**
 * Ranks with ties at the minimum and missing values kept missing, as R's
 * `rank(x, ties.method = "min", na.last = "keep")`.
 */

function rankInto(values: ArrayLike<number>, out: Float64Array, descending: boolean): number {
  const n = values.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) out[i] = NaN;
    else order.push(i);
  }
  order.sort(descending ? (a, b) => values[b] - values[a] : (a, b) => values[a] - values[b]);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    out[i] = k > 0 && values[i] === values[order[k - 1]] ? out[order[k - 1]] : k + 1;
  }
  return order.length;
}

/** Rank 1 = smallest value. Returns the number of ranked (non-missing) values. */
export function rankAscending(values: ArrayLike<number>, out: Float64Array = new Float64Array(values.length)): number {
  return rankInto(values, out, false);
}

/**
 * Rank 1 = largest value (a score's rank in a league table, COINr's `rank(-x)`).
 *
 * @example rankDescending([3, 5, 5, NaN, 1]) // Float64Array [3, 1, 1, NaN, 4]
 */
export function rankDescending(values: ArrayLike<number>, out: Float64Array = new Float64Array(values.length)): Float64Array {
  rankInto(values, out, true);
  return out;
}
