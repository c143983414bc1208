import { aggregateStepSchema, aggregators, AggregationDomainError, rankDescending, type Aggregation, type AggregateStep, type IndexSpec } from '@softpower/engine';

/** Scores of the children of one aggregate, one row per unit: `values[child][unit]`, NaN = missing. */
export interface ChildMatrix {
  units: readonly string[];
  children: readonly string[];
  values: readonly Float64Array[];
}

export interface Recomputed {
  scores: Float64Array;
  ranks: Float64Array;
  /** Units whose score the method could not compute (zeros under a geometric mean). */
  domainErrors: string[];
  ms: number;
}

/** The aggregation the last aggregate step of a specification applies at `level`: the per-level override, else its global parameters. */
export function aggregationAt(spec: IndexSpec, level: number): { step: AggregateStep; params: Aggregation } {
  const raw = [...spec.steps].reverse().find((s) => s.kind === 'aggregate' && s.enabled !== false);
  const step = aggregateStepSchema.parse(raw ?? { id: 'aggregate', kind: 'aggregate' });
  const { levels, weights: _w, missingChildren: _m, ...global } = step.params;
  return { step, params: levels[String(level)] ?? global };
}

/**
 * Re-aggregates an index from its children's scores with new weights, using the engine's
 * aggregation method of the specification (the same row or group aggregator the build ran),
 * the same rule for missing children (skip and re-scale, or missing; `dataThreshold`), and
 * ranks with ties at the minimum.
 *
 * @example
 * recompute(matrix, [1, 1, 2], spec, 3).ranks // Float64Array [2, 1, 3, …]
 */
export function recompute(matrix: ChildMatrix, weights: readonly number[], spec: IndexSpec, level: number): Recomputed {
  if (weights.length !== matrix.children.length) throw new Error(`recompute: ${weights.length} weights for ${matrix.children.length} children (${matrix.children.join(', ')}); give one weight per child`);
  const started = performance.now();
  const { step, params } = aggregationAt(spec, level);
  const method = aggregators[params.method];
  if (!method) throw new Error(`recompute: the aggregation method "${params.method}" has no implementation in the engine`);
  const n = matrix.units.length;
  const k = matrix.children.length;
  const scores = new Float64Array(n);
  const domainErrors: string[] = [];
  const active = weights.map((w, c) => ({ w, c })).filter(({ w }) => w > 0);
  if (active.length === 0) scores.fill(NaN);
  else if (method.kind === 'row') {
    const values = new Float64Array(k);
    const w = new Float64Array(k);
    const threshold = params.dataThreshold ?? -1;
    for (let u = 0; u < n; u++) {
      let present = 0;
      for (const { w: weight, c } of active) {
        const v = matrix.values[c][u];
        if (!Number.isNaN(v)) {
          values[present] = v;
          w[present] = weight;
          present++;
        }
      }
      if (present === 0 || present / active.length < threshold || (step.params.missingChildren === 'missing' && present < active.length)) {
        scores[u] = NaN;
        continue;
      }
      try {
        scores[u] = method.row!(values, w, present, params);
      } catch (e) {
        if (!(e instanceof AggregationDomainError)) throw e;
        scores[u] = NaN;
        domainErrors.push(matrix.units[u]);
      }
    }
  } else {
    method.group!(
      active.map(({ c }) => matrix.values[c]),
      Float64Array.from(active, ({ w }) => w),
      params,
      scores,
    );
  }
  const ranks = rankDescending(scores);
  return { scores, ranks, domainErrors, ms: performance.now() - started };
}
