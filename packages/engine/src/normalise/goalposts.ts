import type { Normaliser } from './types.js';

/**
 * Goalposts: (x - l) / (u - l), truncated to [0, 1] unless `truncate: false`, times `scale`
 * (default 1), as COINr's `n_goalposts`. Goalposts are given in the indicator's own units; for
 * direction -1 they are flipped like the values, so the upper post scores 0 and the lower 1.
 */
export const goalposts: Normaliser = (values, out, { params, direction }) => {
  const lower = params.lower ?? NaN;
  const upper = params.upper ?? NaN;
  const factor = params.scale ?? 1;
  const truncate = params.truncate ?? true;
  for (let i = 0; i < values.length; i++) {
    let y = direction === -1 ? (values[i] + upper) / (upper - lower) : (values[i] - lower) / (upper - lower);
    if (truncate) {
      if (y > 1) y = 1;
      else if (y < 0) y = 0;
    }
    out[i] = y * factor;
  }
};
