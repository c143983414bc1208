import { z } from 'zod';
import { problem, SoftPowerError, type Problem } from '../errors.js';
import { compileFramework, type Framework } from '../framework/framework.js';
import { getByPointer, parsePointer, setByPointer } from '../spec/pointer.js';
import type { IndexSpec } from '../spec/schema.js';
import { validateSpec } from '../spec/validate.js';
import { seededRandom } from './sampling.js';

/**
 * Uncertain assumptions declared against an index specification. Each one is one input of
 * the uncertainty and sensitivity analysis (one column of the sample matrix), mapped from a
 * uniform number u in [0, 1) to a value written into the specification:
 *
 * - continuous: min + u (max − min), as COINr's `sample_2_para` (or, with `integer`, one of
 *   the integers min..max with equal probability);
 * - discrete: alternative ⌊u·k⌋ of k (COINr cuts the range of the sample into k intervals;
 *   cutting [0, 1) instead makes an alternative's probability exactly 1/k);
 * - drop-one: alternative k drops the k-th node of a level (or of a list) by giving it weight
 *   0 in the weight set, as COINr's `remove_elements`; with `keepAll`, alternative 0 drops
 *   nothing;
 * - weight-noise: COINr's `get_noisy_weights`: every weight w of the nodes at the given
 *   framework levels becomes w + (2r − 1)·factor·w with r uniform, i.e. w(1 + ε), ε uniform
 *   in ±factor. As in COINr, where one of `Nrep` pre-drawn noisy weight sets is picked as a
 *   discrete alternative, u picks replicate ⌊u·replicates⌋, whose noise is drawn from a
 *   stream of the seeded generator named by the replicate, so it is the same in every run
 *   and on every worker.
 */

const name = z.string().min(1).describe('Name of the assumption, used in the outputs.');
const pointer = z
  .string()
  .regex(/^\//, 'a JSON Pointer starts with "/"')
  .describe('JSON Pointer into the specification, with step ids: /steps/normalise/params/method.');

export const continuousAssumptionSchema = z
  .object({
    name,
    description: z.string().optional(),
    kind: z.literal('continuous'),
    pointer,
    min: z.number(),
    max: z.number(),
    integer: z.boolean().default(false).describe('Draw the integers min..max with equal probability.'),
  })
  .strict();

export const discreteAssumptionSchema = z
  .object({
    name,
    description: z.string().optional(),
    kind: z.literal('discrete'),
    pointer,
    values: z.array(z.unknown()).min(1).describe('The alternatives, each written at the pointer as it stands (defaults are filled in).'),
    labels: z.array(z.string()).optional().describe('Short names of the alternatives, for the outputs.'),
  })
  .strict();

export const weightNoiseAssumptionSchema = z
  .object({
    name,
    description: z.string().optional(),
    kind: z.literal('weight-noise'),
    levels: z.array(z.number().int().min(1)).min(1).describe('Framework levels whose nodes get noisy weights (1 = indicators).'),
    factor: z.number().min(0).max(1).describe('Each weight w becomes w(1 + ε), ε uniform in ±factor.'),
    weightSet: z.string().optional().describe('The weight set to perturb (default: the one of the last aggregate step).'),
    replicates: z.number().int().min(1).default(1000).describe('How many distinct noisy weight sets u chooses from (COINr: Nrep).'),
  })
  .strict();

export const dropOneAssumptionSchema = z
  .object({
    name,
    description: z.string().optional(),
    kind: z.literal('drop-one'),
    level: z.number().int().min(1).default(1).describe('Framework level whose nodes are dropped one at a time (1 = indicators).'),
    codes: z.array(z.string()).min(1).optional().describe('The nodes that may be dropped (default: every node of the level).'),
    keepAll: z.boolean().default(true).describe('Whether "drop nothing" is one of the alternatives.'),
    weightSet: z.string().optional().describe('The weight set in which the dropped node gets weight 0 (default: the one of the last aggregate step).'),
  })
  .strict();

export const assumptionSchema = z.discriminatedUnion('kind', [continuousAssumptionSchema, discreteAssumptionSchema, weightNoiseAssumptionSchema, dropOneAssumptionSchema]);

export const assumptionsFileSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional(),
    assumptions: z.array(assumptionSchema).min(1),
  })
  .strict();

export type Assumption = z.infer<typeof assumptionSchema>;
export type AssumptionInput = z.input<typeof assumptionSchema>;
export type AssumptionsFile = z.infer<typeof assumptionsFileSchema>;
export type AssumptionsFileInput = z.input<typeof assumptionsFileSchema>;

/** An assumption checked against one specification, with its alternatives ready to apply. */
export type ResolvedAssumption =
  | { readonly kind: 'continuous'; readonly name: string; readonly pointer: string; readonly min: number; readonly max: number; readonly integer: boolean }
  | { readonly kind: 'discrete'; readonly name: string; readonly pointer: string; readonly values: readonly unknown[]; readonly labels: readonly string[] }
  | {
      readonly kind: 'weight-noise';
      readonly name: string;
      readonly weightSet: string;
      readonly factor: number;
      readonly replicates: number;
      /** Codes of the nodes whose weights get noise, in framework order. */
      readonly codes: readonly string[];
      /** Framework weight of each of those nodes (used where the weight set does not list it). */
      readonly frameworkWeights: readonly number[];
      /** Position of the assumption in the list: names its random stream. */
      readonly stream: number;
    }
  | {
      readonly kind: 'drop-one';
      readonly name: string;
      readonly weightSet: string;
      /** Codes of the nodes that may be dropped. */
      readonly codes: readonly string[];
      /** Whether alternative 0 drops nothing. */
      readonly keepAll: boolean;
      /** One label per alternative: "none" (if keepAll), then the codes. */
      readonly labels: readonly string[];
    };

function issuePointer(path: readonly PropertyKey[]): string {
  return '/' + path.map(String).join('/');
}

/**
 * Parses an assumptions list (or a whole assumptions file), throwing every problem at once.
 * `file` names the file in the messages.
 *
 * @example parseAssumptions([{ name: 'Aggregation', kind: 'discrete', pointer: '/steps/aggregate/params/method', values: ['arithmetic-mean', 'geometric-mean'] }])
 */
export function parseAssumptions(input: unknown, file?: string): Assumption[] {
  const value = Array.isArray(input) ? { assumptions: input } : input;
  const parsed = assumptionsFileSchema.safeParse(value);
  if (!parsed.success) {
    const where = file ? ` ${file}` : '';
    throw new SoftPowerError(
      parsed.error.issues.map((issue) => {
        const at = issuePointer(issue.path);
        let offending: unknown = value;
        for (const key of issue.path) offending = offending !== null && typeof offending === 'object' ? (offending as Record<PropertyKey, unknown>)[key] : undefined;
        return problem('ASSUMPTION_INVALID', `assumptions${where}: ${at} ${issue.message}${offending === undefined ? '' : ` (found ${JSON.stringify(offending)})`}`, {
          file,
          pointer: at,
          value: offending,
          hint: 'Each assumption needs name, kind (continuous, discrete, weight-noise or drop-one) and its fields; see docs/sensitivity.md.',
        });
      }),
    );
  }
  return parsed.data.assumptions;
}

function lastAggregateWeights(spec: IndexSpec): string | undefined {
  for (let i = spec.steps.length - 1; i >= 0; i--) {
    const step = spec.steps[i];
    if (step.kind === 'aggregate' && step.enabled) return step.params.weights;
  }
  return undefined;
}

function labelOf(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && 'method' in value && typeof (value as { method: unknown }).method === 'string') return (value as { method: string }).method;
  return JSON.stringify(value);
}

/**
 * Checks assumptions against a validated specification and resolves them: every discrete
 * alternative and both ends of every continuous range are written into the specification and
 * validated (so that defaults are filled in once, not in every replication); weight noise and
 * drop-one are checked against the framework. Every problem is reported at once; `file`
 * names the assumptions file in the messages.
 */
export function resolveAssumptions(spec: IndexSpec, assumptions: readonly Assumption[], file?: string): ResolvedAssumption[] {
  const problems: Problem[] = [];
  const resolved: ResolvedAssumption[] = [];
  const names = new Set<string>();
  let framework: Framework | undefined;
  const where = (index: number, field?: string) => `/assumptions/${index}${field ? `/${field}` : ''}`;
  const say = (index: number, a: Assumption, text: string) => `assumptions${file ? ` ${file}` : ''} ${where(index)} ("${a.name}"): ${text}`;
  const applyAndValidate = (index: number, a: Assumption & { pointer: string }, value: unknown, what: string, field: string): unknown => {
    let applied: IndexSpec;
    try {
      parsePointer(a.pointer);
      applied = setByPointer(spec, a.pointer, value);
    } catch (e) {
      problems.push(
        problem('ASSUMPTION_POINTER', say(index, a, `${(e as Error).message}`), {
          file,
          pointer: where(index, 'pointer'),
          value: a.pointer,
          hint: 'Point at a field of the specification; steps are addressed by id, e.g. /steps/normalise/params/method.',
        }),
      );
      return undefined;
    }
    const checked = validateSpec(applied);
    if (!checked.spec) {
      const existed = getByPointer(spec, a.pointer) !== undefined;
      for (const p of checked.problems) {
        problems.push(
          existed
            ? problem('ASSUMPTION_VALUE', say(index, a, `${what} ${JSON.stringify(value)} at ${a.pointer} is rejected by the specification: ${p.message}`), {
                file,
                pointer: where(index, field),
                value,
                hint: p.hint ?? 'Give a value the specification accepts at this pointer (see docs/specification.md).',
              })
            : problem('ASSUMPTION_POINTER', say(index, a, `${a.pointer} is not a field of the specification (${p.message})`), {
                file,
                pointer: where(index, 'pointer'),
                value: a.pointer,
                hint: 'Check the spelling of the pointer; steps are addressed by id, e.g. /steps/normalise/params/method.',
              }),
        );
      }
      return undefined;
    }
    return getByPointer(checked.spec, a.pointer);
  };
  const frameworkOf = (index: number, a: Assumption) => {
    if (!framework && spec.framework) framework = compileFramework(spec.framework).framework;
    if (!framework) problems.push(problem('ASSUMPTION_VALUE', say(index, a, 'the specification has no valid framework to take weights from'), { file, pointer: where(index) }));
    return framework;
  };
  const weightSetOf = (index: number, a: Assumption & { weightSet?: string }) => {
    const weightSet = a.weightSet ?? lastAggregateWeights(spec) ?? 'framework';
    const computed = spec.steps.find((s) => s.kind === 'weight' && s.params.name === weightSet);
    if (computed) {
      problems.push(
        problem('ASSUMPTION_VALUE', say(index, a, `weight set "${weightSet}" is computed by step "${computed.id}", so its weights cannot be changed before the build`), {
          file,
          pointer: where(index, 'weightSet'),
          value: weightSet,
          hint: 'Name a weight set defined under weightSets, or the framework weights (weightSet: framework).',
        }),
      );
    } else if (weightSet !== 'framework' && !(weightSet in spec.weightSets)) {
      problems.push(
        problem('ASSUMPTION_VALUE', say(index, a, `weight set "${weightSet}" is not defined (defined: framework${Object.keys(spec.weightSets).map((k) => ', ' + k).join('')})`), {
          file,
          pointer: where(index, 'weightSet'),
          value: weightSet,
          hint: 'Name a weight set defined under weightSets, or leave weightSet out to use the one of the last aggregate step.',
        }),
      );
    }
    return weightSet;
  };
  assumptions.forEach((a, index) => {
    if (names.has(a.name)) problems.push(problem('ASSUMPTION_INVALID', say(index, a, `the name "${a.name}" is used twice`), { file, pointer: where(index, 'name'), value: a.name, hint: 'Give every assumption its own name.' }));
    names.add(a.name);
    if (a.kind === 'continuous') {
      if (!(a.max > a.min)) problems.push(problem('ASSUMPTION_VALUE', say(index, a, `max (${a.max}) must be greater than min (${a.min})`), { file, pointer: where(index, 'max'), value: a.max, hint: 'Give a range with min < max; a fixed value needs no assumption.' }));
      if (a.integer && (!Number.isInteger(a.min) || !Number.isInteger(a.max))) problems.push(problem('ASSUMPTION_VALUE', say(index, a, `an integer range needs integer ends, got [${a.min}, ${a.max}]`), { file, pointer: where(index, 'min'), value: [a.min, a.max], hint: 'Use whole numbers for min and max, or set integer: false.' }));
      applyAndValidate(index, a, a.min, 'min', 'min');
      applyAndValidate(index, a, a.max, 'max', 'max');
      resolved.push({ kind: 'continuous', name: a.name, pointer: a.pointer, min: a.min, max: a.max, integer: a.integer });
    } else if (a.kind === 'discrete') {
      const values = a.values.map((v, k) => applyAndValidate(index, a, v, `alternative ${k + 1}`, `values/${k}`));
      if (a.labels && a.labels.length !== a.values.length) problems.push(problem('ASSUMPTION_INVALID', say(index, a, `${a.labels.length} labels for ${a.values.length} alternatives`), { file, pointer: where(index, 'labels'), value: a.labels, hint: 'Give one label per alternative, or leave labels out.' }));
      resolved.push({ kind: 'discrete', name: a.name, pointer: a.pointer, values, labels: a.labels ?? a.values.map(labelOf) });
    } else if (a.kind === 'weight-noise') {
      const weightSet = weightSetOf(index, a);
      const f = frameworkOf(index, a);
      if (!f) return;
      const nodes = f.nodes.filter((n) => a.levels.includes(n.level) && n.parent >= 0);
      const missing = a.levels.filter((l) => !nodes.some((n) => n.level === l));
      if (missing.length > 0) problems.push(problem('ASSUMPTION_VALUE', say(index, a, `no weighted framework node at level(s) ${missing.join(', ')}`), { file, pointer: where(index, 'levels'), value: missing, hint: `Levels run from 1 (the indicators) to ${f.maxLevel - 1} (the children of the index).` }));
      resolved.push({ kind: 'weight-noise', name: a.name, weightSet, factor: a.factor, replicates: a.replicates, codes: nodes.map((n) => n.code), frameworkWeights: nodes.map((n) => n.weight), stream: index });
    } else {
      const weightSet = weightSetOf(index, a);
      const f = frameworkOf(index, a);
      if (!f) return;
      let codes: string[];
      if (a.codes) {
        const unknown = a.codes.filter((c) => !f.byCode.has(c) || f.nodes[f.byCode.get(c)!].parent < 0);
        if (unknown.length > 0) problems.push(problem('ASSUMPTION_VALUE', say(index, a, `${unknown.map((c) => `"${c}"`).join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} weighted framework node${unknown.length === 1 ? '' : 's'}`), { file, pointer: where(index, 'codes'), value: unknown, hint: 'Name indicators or aggregates of the framework (not the index itself).' }));
        codes = a.codes.filter((c) => !unknown.includes(c));
      } else {
        codes = f.nodes.filter((n) => n.level === a.level && n.parent >= 0).map((n) => n.code);
        if (codes.length === 0) problems.push(problem('ASSUMPTION_VALUE', say(index, a, `no weighted framework node at level ${a.level}`), { file, pointer: where(index, 'level'), value: a.level, hint: `Levels run from 1 (the indicators) to ${f.maxLevel - 1} (the children of the index).` }));
      }
      resolved.push({ kind: 'drop-one', name: a.name, weightSet, codes, keepAll: a.keepAll, labels: [...(a.keepAll ? ['none'] : []), ...codes] });
    }
  });
  if (problems.length > 0) throw new SoftPowerError(problems);
  return resolved;
}

/**
 * The value an assumption takes for the uniform number u: a number (continuous), the index of
 * the alternative (discrete, drop-one) or the index of the noisy weight replicate (weight noise).
 */
export function assumptionCoordinate(a: ResolvedAssumption, u: number): number {
  if (a.kind === 'continuous') {
    if (!a.integer) return u * (a.max - a.min) + a.min;
    const count = a.max - a.min + 1;
    return a.min + Math.min(count - 1, Math.floor(u * count));
  }
  const count = a.kind === 'discrete' ? a.values.length : a.kind === 'drop-one' ? a.labels.length : a.replicates;
  return Math.min(count - 1, Math.floor(u * count));
}

/**
 * The noisy weights of replicate `replicate` of a weight-noise assumption, as a weight-set
 * record (code → weight) over `current`, the weight set as it stands in the specification.
 */
export function noisyWeights(a: Extract<ResolvedAssumption, { kind: 'weight-noise' }>, replicate: number, seed: number, current: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const random = seededRandom(seed, 2, a.stream, replicate);
  const out: Record<string, number> = { ...current };
  for (let k = 0; k < a.codes.length; k++) {
    const code = a.codes[k];
    const w = current?.[code] ?? a.frameworkWeights[k];
    const noise = (random.nextDouble() * 2 - 1) * a.factor * w;
    out[code] = w + noise;
  }
  return out;
}

/**
 * Writes one point of the sample (one u per assumption, in [0, 1)) into the specification.
 * Continuous and discrete assumptions are applied in their order, then drop-one, then weight
 * noise, on the weight set as the others left it (a dropped node's weight stays 0 under noise). Only the objects along each pointer are copied. Writes the coordinates (see
 * `assumptionCoordinate`) into `coordinates` when given.
 *
 * @example applySample(spec, resolved, [0.7, 0.2], 42) // spec with the 2nd of 2 alternatives, …
 */
export function applySample(spec: IndexSpec, assumptions: readonly ResolvedAssumption[], u: ArrayLike<number>, seed: number, coordinates?: Float64Array): IndexSpec {
  let out = spec;
  for (let i = 0; i < assumptions.length; i++) {
    const a = assumptions[i];
    const x = assumptionCoordinate(a, u[i]);
    if (coordinates) coordinates[i] = x;
    if (a.kind === 'continuous') out = setByPointer(out, a.pointer, x);
    else if (a.kind === 'discrete') out = setByPointer(out, a.pointer, a.values[x]);
  }
  for (let i = 0; i < assumptions.length; i++) {
    const a = assumptions[i];
    if (a.kind !== 'drop-one') continue;
    const k = assumptionCoordinate(a, u[i]) - (a.keepAll ? 1 : 0);
    if (k < 0) continue;
    out = { ...out, weightSets: { ...out.weightSets, [a.weightSet]: { ...out.weightSets[a.weightSet], [a.codes[k]]: 0 } } };
  }
  for (let i = 0; i < assumptions.length; i++) {
    const a = assumptions[i];
    if (a.kind !== 'weight-noise') continue;
    const replicate = assumptionCoordinate(a, u[i]);
    out = { ...out, weightSets: { ...out.weightSets, [a.weightSet]: noisyWeights(a, replicate, seed, out.weightSets[a.weightSet]) } };
  }
  return out;
}
