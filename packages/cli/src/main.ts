import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AnalysisCancelledError, SoftPowerError } from '@softpower/engine';
import { compareCommand } from './commands/compare.js';
import { docsCommand } from './commands/docs.js';
import { buildCommand, checkCommand } from './commands/index-commands.js';
import { sensitivityCommand, type SensitivityOptions } from './commands/sensitivity.js';
import type { OutputFormat } from './io/write.js';
import { defaultExampleSpec } from './paths.js';
import { consoleReporter, type Reporter } from './reporter.js';

/** Exit codes scripts can rely on. */
export const exitCodes = {
  ok: 0,
  /** The input (specification or data) has problems; every one is printed. */
  inputProblems: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** An unexpected internal error (a bug: please report it). */
  internal: 70,
  /** Cancelled by Ctrl-C before anything was written (128 + SIGINT). */
  cancelled: 130,
} as const;

function parseFormats(value: string): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim());
  for (const f of formats) if (!['csv', 'json', 'xlsx'].includes(f)) throw new InvalidArgumentError(`unknown format "${f}"; expected csv, json, xlsx`);
  return formats as OutputFormat[];
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}

function parseWhole(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of 0 or more, got "${value}"`);
  return n;
}

export function createProgram(reporter: Reporter): Command {
  const program = new Command('softpower')
    .description('Soft Power Observatory: composite indices of cultural soft power, reproducible and open.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => reporter.out(s.trimEnd()), writeErr: (s) => reporter.info(s.trimEnd()) });

  const index = program.command('index').description('build and check composite indices');
  index
    .command('build')
    .description('build an index from its specification and write every result, data set and audit table')
    .argument('<spec>', 'specification file (YAML or JSON)')
    .option('-o, --out <dir>', 'write results to this folder (replaced atomically)')
    .addOption(new Option('-f, --format <list>', 'output formats, comma-separated: csv, json, xlsx').default(['csv', 'json', 'xlsx'], 'csv,json,xlsx').argParser(parseFormats))
    .addOption(new Option('-t, --top <n>', 'rows of the ranking to print').default(Infinity, 'all').argParser(parsePositive))
    .option('-q, --quiet', 'do not print the ranking', false)
    .action(async (spec: string, options: { out?: string; format: OutputFormat[]; top: number; quiet: boolean }) => {
      await buildCommand(spec, options, reporter);
    });
  index
    .command('check')
    .description('validate a specification and its data without building')
    .argument('<spec>', 'specification file (YAML or JSON)')
    .action(async (spec: string) => checkCommand(spec, reporter));

  index
    .command('compare')
    .description('build two specifications and list the rank changes of every unit')
    .argument('<specA>', 'the first specification')
    .argument('<specB>', 'the second specification')
    .option('-c, --code <code>', 'framework node to compare (default: the index)')
    .option('-o, --out <file>', 'write all rank changes to this CSV file')
    .addOption(new Option('-t, --top <n>', 'rows to print').default(20).argParser(parsePositive))
    .action(async (specA: string, specB: string, options: { code?: string; out?: string; top: number }) => compareCommand(specA, specB, options, reporter));

  index
    .command('sensitivity')
    .description('uncertainty analysis (rank intervals), Sobol sensitivity indices or remove-one-at-a-time analysis of an index')
    .argument('<spec>', 'specification file (YAML or JSON)')
    .option('-a, --assumptions <file>', 'uncertain assumptions (YAML or JSON; see docs/sensitivity.md)')
    .addOption(new Option('-m, --method <method>', 'uncertainty, sobol or remove-one').choices(['uncertainty', 'sobol', 'remove-one']).default('uncertainty'))
    .addOption(new Option('-n, --n <n>', 'replications (uncertainty) or base sample size N (sobol: N(d + 2) runs)').default(1000).argParser(parsePositive))
    .addOption(new Option('-s, --seed <seed>', 'seed of the random streams').default(42).argParser(parseWhole))
    .addOption(new Option('-w, --workers <k>', 'threads computing replications, this one included (default: CPUs)').argParser(parsePositive))
    .option('-o, --out <dir>', 'write rank intervals, Sobol indices and a manifest to this folder (replaced atomically)')
    .addOption(new Option('--sampling <kind>', 'random (seeded) or sobol (quasi-random sequence)').choices(['random', 'sobol']).default('random'))
    .addOption(new Option('--bootstrap <b>', 'bootstrap replicates for the confidence intervals of Si and STi (0 = none)').default(100).argParser(parseWhole))
    .option('--target <code>', 'framework node whose ranks are analysed (default: the index)')
    .option('--output <variable>', 'sobol output: mean-rank-shift (COINr), rank:<unit>[@year] or score:<unit>[@year]', 'mean-rank-shift')
    .addOption(new Option('--level <level>', 'remove-one: framework level dropped one element at a time (1 = indicators)').default(1).argParser(parsePositive))
    .addOption(new Option('-t, --top <n>', 'rows of the rank intervals to print').default(20).argParser(parsePositive))
    .option('--no-progress', 'no progress bar')
    .action(async (spec: string, options: SensitivityOptions & { progress: boolean }) => {
      await sensitivityCommand(spec, { ...options, progress: options.progress ? undefined : false }, reporter);
    });

  program
    .command('docs')
    .description('build an index and write its methodology document (English and Chinese) from the specification')
    .argument('<spec>', 'specification file (YAML or JSON)')
    .option('-o, --out <dir>', 'folder to write <spec id>.<lang>.md to', 'docs/frameworks')
    .addOption(new Option('-l, --lang <list>', 'languages, comma-separated: en, zh').default(['en', 'zh'], 'en,zh').argParser((v: string) => {
      const langs = v.split(',').map((l) => l.trim());
      for (const l of langs) if (l !== 'en' && l !== 'zh') throw new InvalidArgumentError(`unknown language "${l}"; expected en or zh`);
      return langs as ('en' | 'zh')[];
    }))
    .action(async (spec: string, options: { out: string; lang: ('en' | 'zh')[] }) => {
      const files = await docsCommand(spec, options, reporter);
      reporter.info(`wrote ${files.join(', ')}`);
    });

  program
    .command('start')
    .description('the main job: build the bundled example index and print its ranking')
    .option('-o, --out <dir>', 'also write the results to this folder')
    .action(async (options: { out?: string }) => {
      await buildCommand(defaultExampleSpec, { out: options.out, format: ['csv', 'json', 'xlsx'], top: Infinity, quiet: false }, reporter);
    });

  program
    .command('schema')
    .description('print the JSON Schema of index specifications')
    .action(async () => {
      const { indexSpecJsonSchema } = await import('./schema.js');
      reporter.out(JSON.stringify(indexSpecJsonSchema(), null, 2));
    });
  return program;
}

/** What a program that adds commands to this one (the server's `softpower`) passes to `main`. */
export interface MainExtension {
  /** Adds commands to the program. */
  extend?(program: Command, reporter: Reporter): void;
  /** The exit code of an error of an added command (after reporting it), or undefined for the usual handling. */
  exitCode?(error: unknown, reporter: Reporter): number | undefined;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], reporter: Reporter = consoleReporter(), extension: MainExtension = {}): Promise<number> {
  const program = createProgram(reporter);
  extension.extend?.(program, reporter);
  try {
    await program.parseAsync(argv);
    return exitCodes.ok;
  } catch (e) {
    const own = extension.exitCode?.(e, reporter);
    if (own !== undefined) return own;
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (e instanceof AnalysisCancelledError) {
      reporter.info('cancelled; nothing was written.');
      return exitCodes.cancelled;
    }
    if (e instanceof SoftPowerError) {
      for (const p of e.problems) reporter.error(p);
      reporter.info(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found; nothing was written.`);
      return exitCodes.inputProblems;
    }
    reporter.info(`internal error: ${(e as Error).stack ?? String(e)}`);
    return exitCodes.internal;
  }
}
