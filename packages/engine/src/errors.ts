/**
 * One catalogue of stable problem codes for the whole project. The CLI prints them, the HTTP
 * API maps them to statuses and answers `{ error: { code, message, details } }`.
 * `docs/errors.md` documents every code; a test keeps the two in sync.
 */
export const problemCatalogue = {
  SPEC_INVALID: 'The specification does not match the schema (a field is missing, of the wrong type or unknown).',
  SPEC_UNKNOWN_METHOD: 'A step names a method that does not exist.',
  SPEC_BAD_PARAMETER: 'A method parameter is out of range or inconsistent with the others.',
  SPEC_STEP_ORDER: 'A step reads a data set that no earlier step produces.',
  FRAMEWORK_DUPLICATE_CODE: 'Two framework nodes share one code.',
  FRAMEWORK_UNKNOWN_PARENT: 'A framework node names a parent that does not exist.',
  FRAMEWORK_CYCLE: 'The framework tree contains a cycle.',
  FRAMEWORK_NO_ROOT: 'The framework has no root, or more than one.',
  FRAMEWORK_EMPTY_AGGREGATE: 'An aggregate has no children.',
  WEIGHT_NEGATIVE: 'A weight is negative.',
  WEIGHT_ALL_ZERO: 'All weights within a group are zero.',
  WEIGHT_SET_UNKNOWN: 'A step names a weight set that does not exist.',
  AHP_INCONSISTENT: 'An AHP pairwise comparison matrix has a consistency ratio of 0.1 or more.',
  DATA_DUPLICATE_UNIT: 'A unit (and year) appears more than once in the data.',
  DATA_NOT_NUMERIC: 'A data cell that should hold a number holds something else.',
  DATA_UNKNOWN_INDICATOR: 'The framework names an indicator the data do not contain.',
  DATA_UNKNOWN_COLUMN: 'A step names a column (group or denominator) the data do not contain.',
  DATA_UNKNOWN_UNIT: 'A step names a unit that is not in the data.',
  DATA_FILE_UNREADABLE: 'A data or specification file cannot be read or parsed.',
  DATA_EMPTY: 'No units or no indicators are left to work on.',
  AGGREGATE_NON_POSITIVE: 'A geometric or harmonic mean meets a zero or negative value.',
  AGGREGATE_MISSING_CHILD: 'A unit lacks data for some children of an aggregate.',
  NORMALISE_CONSTANT: 'An indicator is constant, so the normalisation is undefined.',
  TREAT_TRANSFORM_FAILED: 'An outlier transformation produced values that are not finite.',
  TREAT_STILL_FAILING: 'An indicator still fails the skew and kurtosis check after treatment.',
  IMPUTE_LEFT_MISSING: 'Imputation left missing values.',
  SCREEN_REMOVED_UNITS: 'Screening removed units.',
  SCREEN_REMOVED_INDICATORS: 'Screening removed indicators.',
  DENOMINATOR_ZERO: 'A denominator is zero or missing, so the denominated value is missing.',
  COINR_DIFFERENCE: 'The result differs from COINr on purpose; the message says how and why.',
  AUDIT_LOW_AVAILABILITY: 'Audit: an indicator has data for too few units.',
  AUDIT_LOW_NON_ZERO: 'Audit: an indicator is zero for most units.',
  AUDIT_LOW_UNIQUE: 'Audit: an indicator takes few distinct values.',
  AUDIT_SKEW_KURTOSIS: 'Audit: an indicator is highly skewed and heavy-tailed.',
  AUDIT_NEGATIVE_WITH_PARENT: 'Audit: a component correlates negatively with its parent.',
  AUDIT_COLLINEAR: 'Audit: two components of one aggregate are almost collinear.',
  AUDIT_LOW_ALPHA: "Audit: an aggregate's components have a Cronbach's alpha below the threshold.",
  AUDIT_SEVERAL_COMPONENTS: "Audit: an aggregate's components load on more than one principal component.",
  ASSUMPTION_INVALID: 'An assumptions file does not match its schema (a field is missing, of the wrong type or unknown).',
  ASSUMPTION_POINTER: 'An assumption points at no field of the specification.',
  ASSUMPTION_VALUE: 'An assumption gives a value, range or level the specification rejects.',
  ANALYSIS_SETTING: 'An uncertainty or sensitivity setting (replications, seed, output variable, workers) is out of range.',
} as const;

export type ProblemCode = keyof typeof problemCatalogue;

/** Where a problem is: a file cell, a JSON Pointer into the specification, or both. */
export interface ProblemLocation {
  file?: string;
  row?: number;
  column?: string;
  pointer?: string;
  unit?: string;
  indicator?: string;
  year?: number;
}

export interface Problem extends ProblemLocation {
  code: ProblemCode;
  severity: 'error' | 'warning';
  /** Who complains, what is wrong, the offending value and where it is. */
  message: string;
  /** What to do about it. */
  hint?: string;
  value?: unknown;
}

/** Thrown when input is unusable; carries every problem found, not only the first. */
export class SoftPowerError extends Error {
  readonly problems: Problem[];
  readonly code: ProblemCode;

  constructor(problems: Problem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(first ? `${first.message}${more}` : 'unknown problem');
    this.name = 'SoftPowerError';
    this.problems = problems;
    this.code = first?.code ?? 'SPEC_INVALID';
  }
}

/** Builds a problem; `where` is folded into the message so that it reads on its own. */
export function problem(
  code: ProblemCode,
  message: string,
  extra: Omit<Problem, 'code' | 'message' | 'severity'> & { severity?: 'error' | 'warning' } = {},
): Problem {
  return { code, severity: extra.severity ?? 'error', message, ...extra };
}

/** Formats the location part of a problem, e.g. `data.csv row 12, column "GDP"`. */
export function formatLocation(p: ProblemLocation): string {
  const parts: string[] = [];
  if (p.file) parts.push(p.file);
  if (p.row != null) parts.push(`row ${p.row}`);
  if (p.column != null) parts.push(`column "${p.column}"`);
  if (p.pointer != null) parts.push(`at ${p.pointer}`);
  return parts.join(', ');
}

/** One line per problem, for terminals and logs. */
export function formatProblem(p: Problem): string {
  const where = formatLocation(p);
  const hint = p.hint ? ` ${p.hint}` : '';
  return `${p.severity} ${p.code}: ${p.message}${where ? ` [${where}]` : ''}${hint}`;
}

/** Collects problems and de-duplicates warnings with the same code and message. */
export class ProblemLog {
  readonly items: Problem[] = [];
  private readonly seen = new Set<string>();

  add(p: Problem): void {
    const key = `${p.severity}|${p.code}|${p.message}|${formatLocation(p)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(p);
  }

  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === 'error');
  }

  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === 'warning');
  }

  /** Throws every error collected so far, if any. */
  throwIfErrors(): void {
    const errors = this.errors;
    if (errors.length > 0) throw new SoftPowerError(errors);
  }
}
