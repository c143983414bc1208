import type { TreatmentDetails } from '../treat/treat.js';
import type { AhpResult } from '../weights/types.js';

interface ReportBase {
  id: string;
  input: string;
  output: string;
  enabled: boolean;
}

export interface TransformReport extends ReportBase {
  kind: 'transform';
  applied: { indicator: string; transformation: string; undefinedCells: number }[];
}

export interface DenominateReport extends ReportBase {
  kind: 'denominate';
  denominated: { indicator: string; denominator: string; scale: number }[];
}

/** One imputed cell; `fromYear` is set when a value was carried from another year. */
export interface ImputedCell {
  unit: string;
  year: number;
  indicator: string;
  value: number;
  method: string;
  fromYear?: number;
}

export interface ImputeReport extends ReportBase {
  kind: 'impute';
  method: string;
  imputed: ImputedCell[];
  remainingMissing: number;
}

export interface UnitAvailability {
  unit: string;
  year: number;
  missing: number;
  zeros: number;
  dataAvailability: number;
  nonZero: number;
  lowData: boolean;
  lowNonZero: boolean;
  included: boolean;
  forced: boolean;
  /** Groups failing the per-group minimum, if one is set. */
  thinGroups: string[];
}

export interface ScreenReport extends ReportBase {
  kind: 'screen';
  units: UnitAvailability[];
  removedUnits: { unit: string; year: number }[];
  removedIndicators: { indicator: string; availability: number }[];
}

export interface TreatedIndicator {
  indicator: string;
  year: number;
  details: TreatmentDetails;
}

export interface TreatedCell {
  unit: string;
  year: number;
  indicator: string;
  before: number;
  after: number;
  flag: string;
}

export interface TreatReport extends ReportBase {
  kind: 'treat';
  indicators: TreatedIndicator[];
  cells: TreatedCell[];
}

export interface NormaliseReport extends ReportBase {
  kind: 'normalise';
  methods: { indicator: string; method: string }[];
}

export interface WeightReport extends ReportBase {
  kind: 'weight';
  method: string;
  weightSet: string;
  weights: { code: string; parent: string; weight: number }[];
  ahp: { parent: string; result: AhpResult }[];
}

export interface AggregateReport extends ReportBase {
  kind: 'aggregate';
  weightSet: string;
  methods: { aggregate: string; level: number; method: string }[];
}

export type StepReport = TransformReport | DenominateReport | ImputeReport | ScreenReport | TreatReport | NormaliseReport | WeightReport | AggregateReport;
