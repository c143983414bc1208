import type { Normalisation } from '../spec/schema.js';

export interface NormaliseContext {
  /** The indicator's direction. `values` arrive already multiplied by it, as in COINr. */
  readonly direction: 1 | -1;
  readonly params: Normalisation;
  /** Target of the indicator in its original orientation (distance-to-target). */
  readonly target?: number;
  /** Position of the reference unit in `values` (distance-to-reference), -1 if absent. */
  readonly referencePosition?: number;
  /** How fraction-of-max treats direction. */
  readonly fractionOfMaxDirection?: 'respect' | 'coinr';
}

/**
 * A normalisation method: reads `values` (missing = NaN, direction already applied) and
 * writes the normalised values into `out` (same length). It allocates nothing per cell.
 */
export type Normaliser = (values: Float64Array, out: Float64Array, context: NormaliseContext) => void;

export function minMaxOf(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? { min: NaN, max: NaN } : { min, max };
}
