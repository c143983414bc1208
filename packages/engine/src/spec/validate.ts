import type { z } from 'zod';
import { problem, type Problem } from '../errors.js';
import { formatPointer } from './pointer.js';
import { defaultOutputs, indexSpecSchema, type IndexSpec } from './schema.js';

function issuePointer(path: readonly PropertyKey[]): string {
  return formatPointer(path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
}

function describeValue(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current == null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns zod issues into problems that name the JSON Pointer, the value and what is expected. */
export function problemsFromZod(error: z.ZodError, input: unknown, file?: string): Problem[] {
  return error.issues.map((issue) => {
    const pointer = issuePointer(issue.path);
    const value = describeValue(input, issue.path);
    const shown = value === undefined ? 'nothing' : JSON.stringify(value);
    let message = issue.message;
    let code: Problem['code'] = 'SPEC_INVALID';
    if (issue.code === 'invalid_union' && issue.path.at(-1) === 'method') code = 'SPEC_UNKNOWN_METHOD';
    if (issue.code === 'invalid_value') {
      const expected = (issue as { values?: unknown[] }).values;
      if (issue.path.at(-1) === 'method' || issue.path.at(-1) === 'transform') code = 'SPEC_UNKNOWN_METHOD';
      if (expected) message = `expected one of ${expected.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    return problem(code, `specification${file ? ` ${file}` : ''}: ${pointer || '/'} is ${shown}; ${message}`, {
      pointer: pointer || '/',
      value,
      file,
      hint: code === 'SPEC_UNKNOWN_METHOD' ? 'Check the spelling; method names use British spelling and hyphens, e.g. "min-max".' : undefined,
    });
  });
}

/** Checks of a specification that need no data: step ids, method parameters, data set names. */
function semanticProblems(spec: IndexSpec, file?: string): Problem[] {
  const problems: Problem[] = [];
  const at = (i: number, ...rest: (string | number)[]) => formatPointer(['steps', i, ...rest]);
  const ids = new Map<string, number>();
  const available = new Set<string>(['raw']);
  let previous = 'raw';
  const weightSets = new Set<string>(['framework', ...Object.keys(spec.weightSets)]);
  spec.steps.forEach((step, i) => {
    if (ids.has(step.id)) {
      problems.push(problem('SPEC_INVALID', `step id "${step.id}" is used by steps ${ids.get(step.id)} and ${i}`, { pointer: at(i, 'id'), value: step.id, file, hint: 'Step ids must be unique so that JSON Pointers such as /steps/<id>/params address one step.' }));
    }
    ids.set(step.id, i);
    const input = step.input ?? previous;
    if (!available.has(input)) {
      problems.push(problem('SPEC_STEP_ORDER', `step "${step.id}" reads data set "${input}", which no earlier step writes (available: ${[...available].join(', ')})`, { pointer: at(i, 'input'), value: input, file }));
    }
    const bad = (field: string, message: string, value?: unknown) =>
      problems.push(problem('SPEC_BAD_PARAMETER', `step "${step.id}": ${message}`, { pointer: at(i, 'params', ...field.split('/')), value, file }));
    switch (step.kind) {
      case 'impute':
        if ((step.params.method === 'group-mean' || step.params.method === 'group-median') && !step.params.group) bad('group', `method "${step.params.method}" needs params.group (the unit group column)`);
        break;
      case 'normalise': {
        const all = [['', step.params] as const, ...Object.entries(step.params.indicators).map(([code, n]) => [`indicators/${code}/`, n] as const)];
        for (const [prefix, n] of all) {
          if (n.range && !(n.range[0] < n.range[1])) bad(`${prefix}range`, `range [${n.range.join(', ')}] must have lower < upper`, n.range);
          if (n.method === 'distance-to-reference' && !n.reference) bad(`${prefix}reference`, 'distance-to-reference needs params.reference (a unit code)');
          if (n.method === 'goalposts' && (n.lower === undefined || n.upper === undefined)) bad(`${prefix}lower`, 'goalposts needs params.lower and params.upper');
          if (n.method === 'goalposts' && n.lower !== undefined && n.upper !== undefined && n.lower === n.upper) bad(`${prefix}upper`, 'goalposts needs lower ≠ upper', n.upper);
          if (n.method === 'scaled' && n.lower !== undefined && n.upper !== undefined && n.lower === n.upper) bad(`${prefix}upper`, 'scaled needs lower ≠ upper', n.upper);
        }
        break;
      }
      case 'aggregate': {
        if (!weightSets.has(step.params.weights)) {
          problems.push(problem('WEIGHT_SET_UNKNOWN', `step "${step.id}" uses weight set "${step.params.weights}", which is not defined (defined: ${[...weightSets].join(', ')})`, { pointer: at(i, 'params', 'weights'), value: step.params.weights, file, hint: 'Define it under weightSets, or compute it in an earlier weight step.' }));
        }
        const all = [['', step.params] as const, ...Object.entries(step.params.levels).map(([level, a]) => [`levels/${level}/`, a] as const)];
        for (const [prefix, a] of all) {
          if (a.method === 'generalised-mean' && a.p === undefined) bad(`${prefix}p`, 'generalised-mean needs params.p');
        }
        for (const level of Object.keys(step.params.levels)) {
          if (!/^[1-9]\d*$/.test(level)) bad(`levels/${level}`, `levels are keyed by the level number of the aggregate, e.g. "2"; got "${level}"`, level);
        }
        break;
      }
      case 'weight':
        if (step.params.base && !weightSets.has(step.params.base)) bad('base', `base weight set "${step.params.base}" is not defined`, step.params.base);
        if (step.params.method === 'explicit' && !step.params.weights) bad('weights', 'explicit weights need params.weights (code: weight)');
        if (step.params.method === 'ahp' && !step.params.ahp) bad('ahp', 'ahp needs params.ahp (parent: { order, matrix })');
        weightSets.add(step.params.name);
        break;
      default:
        break;
    }
    if (step.kind !== 'weight') {
      const output = step.output ?? defaultOutputs[step.kind];
      available.add(output);
      previous = output;
    }
  });
  for (const [name, set] of Object.entries(spec.weightSets)) {
    for (const [code, w] of Object.entries(set)) {
      if (!(w >= 0) || !Number.isFinite(w)) {
        problems.push(problem('WEIGHT_NEGATIVE', `weight set "${name}": "${code}" has weight ${w}; weights must be finite and non-negative`, { pointer: formatPointer(['weightSets', name, code]), value: w, file }));
      }
    }
  }
  return problems;
}

/**
 * Validates a specification as parsed from YAML or JSON: the schema first, then the checks
 * that need no data. Returns the specification with defaults filled in, or every problem.
 */
export function validateSpec(input: unknown, file?: string): { spec?: IndexSpec; problems: Problem[] } {
  const parsed = indexSpecSchema.safeParse(input);
  if (!parsed.success) return { problems: problemsFromZod(parsed.error, input, file) };
  const problems = semanticProblems(parsed.data, file);
  return problems.length > 0 ? { problems } : { spec: parsed.data, problems };
}
