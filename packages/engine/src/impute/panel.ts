/**
 * Panel (time-series) imputation of one unit's series, as COINr's `impute_panel`.
 * `years` ascending, `values` the indicator in those years (NaN = missing).
 * - latest: a missing year takes the most recent earlier value at most `maxYears` years
 *   back (no limit when null); earlier years are not filled from later ones.
 * - constant: last observation carried forward inside the observed span; before the first
 *   observation the first value, after the last the last one (R `approx(method = "constant",
 *   rule = 2)`, COINr's "constant").
 * - linear: linear interpolation between observations only; years outside the observed span
 *   stay missing.
 * - linear-constant: linear interpolation inside, nearest observation outside (R `approx(rule =
 *   2)`, COINr's "linear").
 * Returns, for each filled position, the year the value came from (NaN for interpolated ones).
 */
export type PanelMethod = 'latest' | 'constant' | 'linear' | 'linear-constant';

export function imputeSeries(
  years: ArrayLike<number>,
  values: Float64Array,
  method: PanelMethod,
  maxYears: number | null,
): Map<number, number> {
  const filled = new Map<number, number>();
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present.push(i);
  if (present.length === 0 || present.length === values.length) return filled;
  const first = present[0];
  const last = present[present.length - 1];
  const source = Float64Array.from(values);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(source[i])) continue;
    let prev = -1;
    let next = -1;
    for (const p of present) {
      if (p < i) prev = p;
      else if (p > i && next < 0) next = p;
    }
    if (method === 'latest') {
      if (prev >= 0 && (maxYears == null || years[i] - years[prev] <= maxYears)) {
        values[i] = source[prev];
        filled.set(i, years[prev]);
      }
    } else if (i < first || i > last) {
      if (method === 'linear') continue;
      const nearest = i < first ? first : last;
      values[i] = source[nearest];
      filled.set(i, years[nearest]);
    } else if (method === 'constant') {
      values[i] = source[prev];
      filled.set(i, years[prev]);
    } else {
      const t = (years[i] - years[prev]) / (years[next] - years[prev]);
      values[i] = source[prev] + t * (source[next] - source[prev]);
      filled.set(i, NaN);
    }
  }
  return filled;
}
