import type { WeightMethod } from '../spec/schema.js';
import { coefficientOfVariation } from './coefficient-of-variation.js';
import { critic } from './critic.js';
import { entropy } from './entropy.js';
import { optimiseWeights } from './optimise.js';
import { pca } from './pca.js';
import type { DataWeighting } from './types.js';

export type { AhpResult, DataWeighting } from './types.js';
export { optimiseWeights, type OptimisationTarget, type OptimisedWeights, type OptimiseWeightsOptions } from './optimise.js';

/**
 * Data-driven weighting methods by id (the others are handled by the weight step itself).
 * Each weighs the children of one aggregate: entropy, CRITIC, CV and PCA from their complete
 * cases (units with a value for every child); the correlation-optimised methods (COINr's
 * `get_opt_weights`, see `optimiseWeights`) from every unit, with the aggregate taken as the
 * weighted arithmetic mean of the children present and the search started from equal weights.
 */
export const dataWeightings: Partial<Record<WeightMethod, DataWeighting>> = {
  entropy,
  critic,
  'coefficient-of-variation': coefficientOfVariation,
  pca,
  'optimise-balance': (columns) => optimiseWeights(columns, 'balance').weights,
  'optimise-infomax': (columns) => optimiseWeights(columns, 'infomax').weights,
};
