import type { WeightMethod } from '../spec/schema.js';
import type { DataWeighting } from './types.js';

export type { AhpResult, DataWeighting } from './types.js';

/** Data-driven weighting methods by id (the others are handled by the weight step itself). */
export const dataWeightings: Partial<Record<WeightMethod, DataWeighting>> = {};
