import type { GroupAggregator } from './types.js';

/**
 * Copeland-style outranking scores, as COINr's `a_copeland`: the outranking matrix
 * o[i][j] = Σ w over children where unit i beats unit j + ½ Σ w where they tie (weights
 * re-scaled to sum to 1, comparisons with a missing value skipped), o[j][i] = 1 - o[i][j], and
 * each unit's score is the sum of its row.
 */
export const copeland: GroupAggregator = (children, weights, _params, out) => {
  const units = out.length;
  let sumW = 0;
  for (let c = 0; c < children.length; c++) sumW += weights[c];
  const o = new Float64Array(units * units);
  for (let i = 0; i < units; i++) {
    for (let j = i + 1; j < units; j++) {
      let s = 0;
      for (let c = 0; c < children.length; c++) {
        const a = children[c][i];
        const b = children[c][j];
        if (a > b) s += weights[c] / sumW;
        else if (a === b) s += weights[c] / sumW / 2;
      }
      o[i * units + j] = s;
      o[j * units + i] = 1 - s;
    }
  }
  for (let i = 0; i < units; i++) {
    let s = 0;
    for (let j = 0; j < units; j++) s += o[i * units + j];
    out[i] = s;
  }
};
