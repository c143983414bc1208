import type { WeightMethod } from '../spec/schema.js';
import { coefficientOfVariation } from './coefficient-of-variation.js';
import { critic } from './critic.js';
import { entropy } from './entropy.js';
import { pca } from './pca.js';
import type { DataWeighting } from './types.js';

export type { AhpResult, DataWeighting } from './types.js';

/**
 * Data-driven weighting methods by id (the others are handled by the weight step itself).
 * Each weighs the children of one aggregate from their complete cases (units with a value
 * for every child).
 */
export const dataWeightings: Partial<Record<WeightMethod, DataWeighting>> = {
  entropy,
  critic,
  'coefficient-of-variation': coefficientOfVariation,
  pca,
};
