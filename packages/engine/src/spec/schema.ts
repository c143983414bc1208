import { z } from 'zod';

/**
 * The index specification: one serialisable value that says what a composite index is made
 * of and how it is built. The TypeScript type `IndexSpec` is inferred from this schema and
 * the JSON Schema in `schema/index-spec.schema.json` is generated from it, so the CLI, the
 * API and the dashboard validate a specification identically.
 */

const code = z
  .string()
  .regex(/^[\p{L}_][\p{L}\p{N}_.-]*$/u, 'a code starts with a letter or "_" and holds letters, digits, "_", "." or "-"');

/** A name in English and, where known, Chinese and other languages (BCP 47 tags as keys). */
export const localisedTextSchema = z
  .object({ en: z.string().min(1), zh: z.string().optional() })
  .catchall(z.string())
  .describe('A label in English ("en") and, where known, Chinese ("zh") and other languages.');

export const frameworkNodeSchema = z
  .object({
    code: code.describe('Unique code of the indicator or aggregate.'),
    name: localisedTextSchema.optional(),
    parent: code.nullable().optional().describe('Code of the parent aggregate; null or absent for the root.'),
    weight: z.number().default(1).describe('Weight within the parent group (relative; re-scaled to sum to 1).'),
    direction: z.union([z.literal(1), z.literal(-1)]).default(1).describe('+1 if higher is better, -1 if lower is better.'),
    unit: z.string().optional(),
    source: z.string().optional().describe('Publisher or dataset the values come from.'),
    sourceCode: z.string().optional().describe('The series code at the source, e.g. ST.INT.ARVL.'),
    target: z.number().optional().describe('Target value, used by distance-to-target normalisation.'),
    denominator: code.optional().describe('Unit-level variable that the indicator is divided by in a denominate step.'),
    transformation: z
      .enum(['none', 'log', 'log1p'])
      .optional()
      .describe('Transformation applied by a transform step: log = ln(x) (dollars), log1p = ln(1 + x) (counts that can be zero).'),
    description: localisedTextSchema.optional(),
    reason: z.union([z.string(), localisedTextSchema]).optional().describe('Why the indicator is in the framework (a string, or text per language).'),
  })
  .strict();

export const frameworkSchema = z
  .object({
    levels: z
      .array(z.object({ level: z.number().int().min(1), name: localisedTextSchema }).strict())
      .optional()
      .describe('Names of the levels, 1 = indicators.'),
    nodes: z.array(frameworkNodeSchema).min(1),
  })
  .strict();

const dataFile = z.string().min(1).describe('Path relative to the specification file, or a name resolved by the caller.');

export const dataSourceSchema = z.discriminatedUnion('format', [
  z
    .object({
      format: z.literal('coinr'),
      iData: dataFile.describe("COINr's iData table (CSV or XLSX) unchanged: uCode, uName, group and denominator columns, Time, indicators."),
      iMeta: dataFile.optional().describe("COINr's iMeta table unchanged; when given, the framework is read from it."),
      sheet: z.string().optional(),
    })
    .strict(),
  z
    .object({
      format: z.literal('wide'),
      file: dataFile,
      sheet: z.string().optional(),
      unitColumn: z.string().default('unit'),
      nameColumn: z.string().optional(),
      yearColumn: z.string().optional(),
      groupColumns: z.array(z.string()).default([]),
      variableColumns: z.array(z.string()).default([]).describe('Unit-level numeric variables that are not indicators (denominators).'),
    })
    .strict(),
  z
    .object({
      format: z.literal('long'),
      file: z.union([dataFile, z.array(dataFile).min(1)]).describe('One file, or several with the same columns (read as one table).'),
      sheet: z.string().optional(),
      columns: z
        .object({
          unit: z.string().default('unit'),
          indicator: z.string().default('indicator'),
          year: z.string().default('year'),
          value: z.string().default('value'),
          source: z.string().optional(),
          note: z.string().optional(),
        })
        .strict()
        .default({ unit: 'unit', indicator: 'indicator', year: 'year', value: 'value' }),
      units: z.string().optional().describe('Optional wide table of unit attributes (groups, denominators): a CSV with a unit column.'),
      unitColumn: z.string().default('unit'),
      groupColumns: z.array(z.string()).default([]),
      variableColumns: z.array(z.string()).default([]),
    })
    .strict(),
]);

const common = {
  id: code.describe('Step identifier, unique in the pipeline; used in JSON Pointers such as /steps/normalise/params/method.'),
  input: z.string().optional().describe('Data set read by the step; defaults to the output of the previous step.'),
  output: z.string().optional().describe('Name of the data set written by the step; defaults to the step kind in past tense.'),
  description: z.union([z.string(), localisedTextSchema]).optional(),
  enabled: z.boolean().default(true).describe('A disabled step passes its input through unchanged.'),
};

export const denominateStepSchema = z
  .object({
    ...common,
    kind: z.literal('denominate'),
    params: z
      .object({
        by: z
          .record(z.string(), z.object({ denominator: code, scale: z.number().positive().default(1) }).strict())
          .optional()
          .describe('Per indicator: the variable to divide by, and a scale factor the result is multiplied by. Defaults to the framework denominators.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export const imputeMethods = [
  'none',
  'mean',
  'median',
  'group-mean',
  'group-median',
  'row-mean',
  'row-median',
  'panel-latest',
  'panel-constant',
  'panel-linear',
  'panel-linear-constant',
] as const;

export const imputeStepSchema = z
  .object({
    ...common,
    kind: z.literal('impute'),
    params: z
      .object({
        method: z.enum(imputeMethods).default('mean'),
        group: z.string().optional().describe('Unit group column for group-mean and group-median.'),
        groupLevel: z.number().int().min(2).optional().describe('For row methods: impute within the groups of this framework level.'),
        normaliseFirst: z.boolean().optional().describe('For row methods: min-max each column first (default true for row methods).'),
        maxYears: z.number().int().min(1).optional().describe('For panel-latest: how many years back a value may be carried (the horizon).'),
      })
      .strict()
      .default({ method: 'mean' }),
  })
  .strict();

export const screenStepSchema = z
  .object({
    ...common,
    kind: z.literal('screen'),
    params: z
      .object({
        units: z.enum(['none', 'missing', 'zeros', 'missing-or-zeros']).default('missing').describe('Screen units by missing data, by zeros, or both.'),
        dataThreshold: z.number().min(0).max(1).default(2 / 3).describe('Minimum share of indicators with data for a unit to stay.'),
        nonZeroThreshold: z.number().min(0).max(1).default(0.05).describe('Minimum share of non-zero values among present values.'),
        minPerGroup: z
          .object({ level: z.number().int().min(2), count: z.number().int().min(1) })
          .strict()
          .optional()
          .describe('Also require at least `count` indicators with data in every group of this level.'),
        indicatorThreshold: z.number().min(0).max(1).optional().describe('Also drop indicators with data for fewer than this share of units.'),
        force: z
          .array(z.object({ unit: z.string(), include: z.boolean() }).strict())
          .default([])
          .describe('Units forced in or out, whatever their data.'),
      })
      .strict()
      .default({ units: 'missing', dataThreshold: 2 / 3, nonZeroThreshold: 0.05, force: [] }),
  })
  .strict();

export const transformStepSchema = z
  .object({
    ...common,
    kind: z.literal('transform'),
    params: z
      .object({
        indicators: z
          .record(z.string(), z.enum(['none', 'log', 'log1p']))
          .default({})
          .describe('Per-indicator transformations; indicators not listed use their framework `transformation`.'),
      })
      .strict()
      .default({ indicators: {} }),
  })
  .strict();

export const transformMethods = ['none', 'log-ct', 'log-ct-original', 'log-gii', 'log', 'log1p', 'box-cox'] as const;

const treatmentSchema = z
  .object({
    skewThreshold: z.number().positive().optional(),
    kurtosisThreshold: z.number().optional(),
    winsorise: z
      .union([z.literal(false), z.object({ maxPoints: z.number().int().min(1).nullable().optional(), force: z.boolean().optional() }).strict()])
      .optional()
      .describe('First stage: winsorise up to maxPoints points (null = no limit), or false to skip.'),
    transform: z.enum(transformMethods).optional().describe('Second stage, applied if the first stage does not pass.'),
    boxCoxLambda: z.number().optional(),
    combine: z.boolean().optional().describe('Apply the second stage to the winsorised values (true) or to the original ones (false, COINr default).'),
  })
  .strict();

export const treatStepSchema = z
  .object({
    ...common,
    kind: z.literal('treat'),
    params: treatmentSchema
      .extend({
        indicators: z
          .record(z.string(), z.union([z.literal('none'), treatmentSchema]))
          .default({})
          .describe('Per-indicator overrides; "none" leaves an indicator untreated.'),
      })
      .strict()
      .default({ indicators: {} }),
  })
  .strict();

export const normaliseMethods = [
  'none',
  'min-max',
  'z-score',
  'scaled',
  'distance-to-max',
  'distance-to-reference',
  'distance-to-target',
  'fraction-of-max',
  'rank',
  'borda',
  'percentile-rank',
  'goalposts',
] as const;

const normalisationSchema = z
  .object({
    method: z.enum(normaliseMethods).default('min-max'),
    range: z.tuple([z.number(), z.number()]).optional().describe('min-max: the interval [l, u] (default [0, 100]).'),
    mean: z.number().optional().describe('z-score: target mean (default 0).'),
    sd: z.number().positive().optional().describe('z-score: target standard deviation (default 1).'),
    lower: z.number().optional().describe('scaled and goalposts: the lower bound.'),
    upper: z.number().optional().describe('scaled and goalposts: the upper bound.'),
    scale: z.number().optional().describe('goalposts: the factor the result is multiplied by (default 1); scaled: default 100.'),
    truncate: z.boolean().optional().describe('goalposts: clamp to [0, 1] before scaling (default true).'),
    reference: z.string().optional().describe('distance-to-reference: the unit code of the reference.'),
    cap: z.boolean().optional().describe('distance-to-reference/target: cap scores above the reference at 1.'),
    target: z.number().optional().describe('distance-to-target: a target for all indicators (default: each node\'s target).'),
  })
  .strict();

export const normaliseStepSchema = z
  .object({
    ...common,
    kind: z.literal('normalise'),
    params: normalisationSchema
      .extend({
        scope: z.enum(['year', 'panel']).default('year').describe('Normalise each year on its own, or pool all years (comparable over time).'),
        indicators: z.record(z.string(), normalisationSchema).default({}).describe('Per-indicator overrides.'),
        fractionOfMaxDirection: z
          .enum(['respect', 'coinr'])
          .default('respect')
          .describe('COINr 1.1.14 ignores direction in fraction-of-max; "coinr" reproduces that.'),
      })
      .strict()
      .default({ method: 'min-max', scope: 'year', indicators: {}, fractionOfMaxDirection: 'respect' }),
  })
  .strict();

export const weightMethods = ['framework', 'equal', 'explicit', 'entropy', 'critic', 'coefficient-of-variation', 'ahp', 'pca', 'optimise-balance', 'optimise-infomax'] as const;

export const weightStepSchema = z
  .object({
    ...common,
    kind: z.literal('weight'),
    params: z
      .object({
        method: z.enum(weightMethods),
        name: z.string().min(1).describe('Name of the weight set written.'),
        base: z.string().optional().describe('Weight set to start from (default: the framework weights).'),
        levels: z.array(z.number().int().min(1)).optional().describe('Framework levels whose children get new weights (default: level 2, the indicators within their groups).'),
        weights: z.record(z.string(), z.number()).optional().describe('explicit: weights by code.'),
        ahp: z
          .record(
            z.string(),
            z.object({ order: z.array(z.string()).min(2), matrix: z.array(z.array(z.number().positive())) }).strict(),
          )
          .optional()
          .describe('ahp: for each parent code, its children in `order` and the pairwise comparison matrix (Saaty scale).'),
        allowInconsistent: z.boolean().default(false).describe('ahp: accept a consistency ratio of 0.1 or more.'),
      })
      .strict(),
  })
  .strict();

export const aggregateMethods = [
  'arithmetic-mean',
  'geometric-mean',
  'harmonic-mean',
  'generalised-mean',
  'copeland',
  'topsis',
  'grey-relational',
  'mazziotta-pareto',
] as const;

const aggregationSchema = z
  .object({
    method: z.enum(aggregateMethods).default('arithmetic-mean'),
    p: z.number().optional().describe('generalised-mean: the power p (p = 1 arithmetic, 0 geometric, -1 harmonic).'),
    rho: z.number().min(0).max(1).optional().describe('grey-relational: the distinguishing coefficient (default 0.5).'),
    penalty: z.enum(['negative', 'positive']).optional().describe('mazziotta-pareto: penalise unbalance (negative, default) or reward it.'),
    dataThreshold: z.number().min(0).max(1).optional().describe('Minimum share of children with data; below it the aggregate is missing.'),
  })
  .strict();

export const aggregateStepSchema = z
  .object({
    ...common,
    kind: z.literal('aggregate'),
    params: aggregationSchema
      .extend({
        weights: z.string().default('framework').describe('Weight set name, or "framework" for the weights in the framework.'),
        levels: z.record(z.string(), aggregationSchema).default({}).describe('Per-level overrides, keyed by the level of the aggregate (e.g. "3").'),
        missingChildren: z
          .enum(['skip', 'missing'])
          .default('skip')
          .describe('skip: aggregate over the children present, re-scaling weights (COINr); missing: any missing child makes the aggregate missing.'),
      })
      .strict()
      .default({ method: 'arithmetic-mean', weights: 'framework', levels: {}, missingChildren: 'skip' }),
  })
  .strict();

export const stepSchema = z.discriminatedUnion('kind', [
  transformStepSchema,
  denominateStepSchema,
  imputeStepSchema,
  screenStepSchema,
  treatStepSchema,
  normaliseStepSchema,
  weightStepSchema,
  aggregateStepSchema,
]);

export const indexSpecSchema = z
  .object({
    $schema: z.string().optional(),
    id: code.describe('Identifier of the index.'),
    name: localisedTextSchema.optional(),
    version: z.string().optional(),
    description: localisedTextSchema.optional(),
    citation: z.string().optional(),
    data: dataSourceSchema,
    framework: frameworkSchema.optional().describe('The framework tree; may be omitted when the data source carries it (COINr iMeta).'),
    weightSets: z
      .record(z.string(), z.record(z.string(), z.number()))
      .default({})
      .describe('Named weight sets: code to weight. Codes not listed keep their framework weight.'),
    years: z
      .array(z.number().int())
      .optional()
      .describe('Years to build and rank. Earlier years in the data still feed transform, denominate and impute steps (e.g. carrying a 2013 value into 2015); the rows are restricted to these years before the first other step.'),
    steps: z.array(stepSchema).min(1),
    results: z
      .object({
        strengthsAndWeaknesses: z.number().int().min(0).default(5).describe('How many top and bottom indicators to list per unit.'),
      })
      .strict()
      .default({ strengthsAndWeaknesses: 5 }),
  })
  .strict();

export type LocalisedText = z.infer<typeof localisedTextSchema>;
export type FrameworkNodeSpec = z.infer<typeof frameworkNodeSchema>;
export type FrameworkNodeInput = z.input<typeof frameworkNodeSchema>;
export type FrameworkSpec = z.infer<typeof frameworkSchema>;
export type DataSourceSpec = z.infer<typeof dataSourceSchema>;
export type StepSpec = z.infer<typeof stepSchema>;
export type StepKind = StepSpec['kind'];
export type DenominateStep = z.infer<typeof denominateStepSchema>;
export type TransformStep = z.infer<typeof transformStepSchema>;
export type ImputeStep = z.infer<typeof imputeStepSchema>;
export type ScreenStep = z.infer<typeof screenStepSchema>;
export type TreatStep = z.infer<typeof treatStepSchema>;
export type Treatment = z.infer<typeof treatmentSchema>;
export type NormaliseStep = z.infer<typeof normaliseStepSchema>;
export type Normalisation = z.infer<typeof normalisationSchema>;
export type WeightStep = z.infer<typeof weightStepSchema>;
export type AggregateStep = z.infer<typeof aggregateStepSchema>;
export type Aggregation = z.infer<typeof aggregationSchema>;
/** A validated specification, defaults filled in. */
export type IndexSpec = z.infer<typeof indexSpecSchema>;
/** A specification as written by a user, defaults optional. */
export type IndexSpecInput = z.input<typeof indexSpecSchema>;
export type ImputeMethod = (typeof imputeMethods)[number];
export type NormaliseMethod = (typeof normaliseMethods)[number];
export type AggregateMethod = (typeof aggregateMethods)[number];
export type WeightMethod = (typeof weightMethods)[number];
export type TransformMethod = (typeof transformMethods)[number];

/** Default output data set name of each step kind. */
export const defaultOutputs: Record<StepKind, string> = {
  transform: 'transformed',
  denominate: 'denominated',
  impute: 'imputed',
  screen: 'screened',
  treat: 'treated',
  normalise: 'normalised',
  weight: '',
  aggregate: 'aggregated',
};
