import type { NormaliseMethod } from '../spec/schema.js';
import { distanceToMax } from './distance-to-max.js';
import { distanceToReference } from './distance-to-reference.js';
import { distanceToTarget } from './distance-to-target.js';
import { fractionOfMax } from './fraction-of-max.js';
import { goalposts } from './goalposts.js';
import { minMax } from './min-max.js';
import { borda, percentileRank, rank } from './rank.js';
import { scaled } from './scaled.js';
import type { Normaliser } from './types.js';
import { zScore } from './z-score.js';

export type { Normaliser, NormaliseContext } from './types.js';

const none: Normaliser = (values, out) => out.set(values);

/** Every normalisation method by id. */
export const normalisers: Record<NormaliseMethod, Normaliser> = {
  none,
  'min-max': minMax,
  'z-score': zScore,
  scaled,
  'distance-to-max': distanceToMax,
  'distance-to-reference': distanceToReference,
  'distance-to-target': distanceToTarget,
  'fraction-of-max': fractionOfMax,
  rank,
  borda,
  'percentile-rank': percentileRank,
  goalposts,
};
