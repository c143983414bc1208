import { rankAscending } from '../results/rank.js';
import type { Normaliser } from './types.js';

/** Ranks, higher value = higher rank, ties get the minimum, missing stay missing (R: rank(ties.method = "min")). */
export const rank: Normaliser = (values, out) => {
  rankAscending(values, out);
};

/** Borda scores: rank - 1, as COINr's `n_borda`. */
export const borda: Normaliser = (values, out) => {
  rankAscending(values, out);
  for (let i = 0; i < out.length; i++) out[i] -= 1;
};

/** Percentile ranks (rank - 1) / (n - 1) with ties at the minimum, as COINr's `n_prank`. */
export const percentileRank: Normaliser = (values, out) => {
  const n = rankAscending(values, out);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - 1) / (n - 1);
};
