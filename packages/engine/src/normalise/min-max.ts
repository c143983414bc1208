import { minMaxOf, type Normaliser } from './types.js';

/**
 * Min-max onto [l, u] (default [0, 100]): (x - min) / (max - min) · (u - l) + l, as COINr's
 * `n_minmax`. A constant column gives NaN (0 / 0), as in COINr; the step warns about it.
 */
export const minMax: Normaliser = (values, out, { params }) => {
  const [l, u] = params.range ?? [0, 100];
  const { min, max } = minMaxOf(values);
  const span = max - min;
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] - min) / span) * (u - l) + l;
};
