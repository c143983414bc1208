import type { TransformMethod, Treatment } from '../spec/schema.js';
import { checkSkewKurtosis, type SkewKurtosisCheck } from './check.js';
import { transform, transformFlags } from './transforms.js';
import { winsorise } from './winsorise.js';

/** A treatment with every default filled in (COINr's defaults). */
export interface ResolvedTreatment {
  skewThreshold: number;
  kurtosisThreshold: number;
  winsorise: false | { maxPoints: number | null; force: boolean };
  transform: TransformMethod;
  boxCoxLambda: number;
  combine: boolean;
}

export const defaultTreatment: ResolvedTreatment = {
  skewThreshold: 2,
  kurtosisThreshold: 3.5,
  winsorise: { maxPoints: 5, force: false },
  transform: 'log-ct',
  boxCoxLambda: 1,
  combine: false,
};

/** Overlays a partial treatment on a resolved one (COINr's `modifyList`). */
export function resolveTreatment(base: ResolvedTreatment, overlay: Treatment | undefined): ResolvedTreatment {
  if (!overlay) return base;
  let win = base.winsorise;
  if (overlay.winsorise === false) win = false;
  else if (overlay.winsorise) {
    const prior = base.winsorise === false ? { maxPoints: 5, force: false } : base.winsorise;
    win = {
      maxPoints: overlay.winsorise.maxPoints === undefined ? prior.maxPoints : overlay.winsorise.maxPoints,
      force: overlay.winsorise.force ?? prior.force,
    };
  }
  return {
    skewThreshold: overlay.skewThreshold ?? base.skewThreshold,
    kurtosisThreshold: overlay.kurtosisThreshold ?? base.kurtosisThreshold,
    winsorise: win,
    transform: overlay.transform ?? base.transform,
    boxCoxLambda: overlay.boxCoxLambda ?? base.boxCoxLambda,
    combine: overlay.combine ?? base.combine,
  };
}

export interface TreatmentDetails {
  /** Check before treatment. */
  before: SkewKurtosisCheck;
  /** Points winsorised (null when winsorisation did not run). */
  winsorised: number | null;
  /** Check after winsorisation (null when it did not run). */
  afterWinsorise: SkewKurtosisCheck | null;
  /** The transformation applied in the second stage, if any. */
  transformed: TransformMethod | null;
  /** Check after the transformation (null when it did not run). */
  afterTransform: SkewKurtosisCheck | null;
}

export interface ColumnTreatment {
  values: Float64Array;
  /** Per cell: "", "winhi", "winlo", "+log_CT", "winhi+log_CT", … as COINr's Treated_Points. */
  flags: string[];
  details: TreatmentDetails;
}

/**
 * Two-stage outlier treatment of one indicator, as COINr's `Treat.numeric` with its defaults:
 * 1. check skew and kurtosis; pass → unchanged;
 * 2. winsorise (up to maxPoints) and check again; pass → winsorised values;
 * 3. otherwise apply the transformation to the original values (or to the winsorised ones when
 *    `combine`) and check once more (the result is kept whether or not it passes).
 * When skewness or kurtosis cannot be computed the values are returned unchanged.
 */
export function treatColumn(values: Float64Array, t: ResolvedTreatment): ColumnTreatment {
  const before = checkSkewKurtosis(values, t.skewThreshold, t.kurtosisThreshold);
  const details: TreatmentDetails = { before, winsorised: null, afterWinsorise: null, transformed: null, afterTransform: null };
  const flags = new Array<string>(values.length).fill('');
  if (before.pass !== false) return { values, flags, details };
  let current = values;
  let pass: boolean | null = false;
  if (t.winsorise !== false) {
    const w = winsorise(values, { ...t.winsorise, skewThreshold: t.skewThreshold, kurtosisThreshold: t.kurtosisThreshold });
    current = w.values;
    details.winsorised = w.count;
    for (let i = 0; i < flags.length; i++) flags[i] = w.flags[i];
    details.afterWinsorise = checkSkewKurtosis(current, t.skewThreshold, t.kurtosisThreshold);
    pass = details.afterWinsorise.pass;
    if (pass === null) return { values, flags: flags.fill(''), details };
  }
  if (!pass && t.transform !== 'none') {
    const source = t.combine ? current : values;
    current = transform(t.transform, source, t.boxCoxLambda);
    details.transformed = t.transform;
    const flag = transformFlags[t.transform];
    for (let i = 0; i < flags.length; i++) flags[i] = `${flags[i]}+${flag}`;
    details.afterTransform = checkSkewKurtosis(current, t.skewThreshold, t.kurtosisThreshold);
  }
  return { values: current, flags, details };
}
