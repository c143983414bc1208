import type { AggregateMethod } from '../spec/schema.js';
import { arithmeticMean } from './arithmetic-mean.js';
import { copeland } from './copeland.js';
import { generalisedMean } from './generalised-mean.js';
import { geometricMean } from './geometric-mean.js';
import { greyRelational } from './grey-relational.js';
import { harmonicMean } from './harmonic-mean.js';
import { mazziottaPareto } from './mazziotta-pareto.js';
import { topsis } from './topsis.js';
import type { AggregationMethod } from './types.js';

export type { AggregationMethod, GroupAggregator, RowAggregator } from './types.js';
export { AggregationDomainError } from './types.js';

/** Aggregation methods by id. */
export const aggregators: Partial<Record<AggregateMethod, AggregationMethod>> = {
  'arithmetic-mean': { kind: 'row', row: arithmeticMean },
  'geometric-mean': { kind: 'row', row: geometricMean },
  'harmonic-mean': { kind: 'row', row: harmonicMean },
  'generalised-mean': { kind: 'row', row: generalisedMean },
  copeland: { kind: 'group', group: copeland },
  topsis: { kind: 'group', group: topsis },
  'grey-relational': { kind: 'group', group: greyRelational },
  'mazziotta-pareto': { kind: 'group', group: mazziottaPareto },
};
