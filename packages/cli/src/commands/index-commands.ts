import { relative, resolve } from 'node:path';
import { buildIndex, type BuildResult } from '@softpower/engine';
import { rankingText } from '../format.js';
import { loadSpec, type LoadedSpec } from '../io/spec.js';
import { writeBuildOutputs, type OutputFormat } from '../io/write.js';
import type { Reporter } from '../reporter.js';

export interface BuildOptions {
  out?: string;
  format: OutputFormat[];
  top: number;
  quiet: boolean;
}

/** Loads, builds and (optionally) writes an index; prints the ranking and warnings. */
export async function buildCommand(specPath: string, options: BuildOptions, reporter: Reporter): Promise<{ loaded: LoadedSpec; build: BuildResult }> {
  const started = performance.now();
  const loaded = await loadSpec(resolve(specPath));
  const build = buildIndex(loaded.spec, loaded.data);
  const elapsed = performance.now() - started;
  if (!options.quiet) {
    reporter.out(rankingText(build, loaded.data, options.top));
    reporter.out('');
  }
  for (const w of build.warnings) reporter.warning(w);
  const units = new Set(build.results.rows.units).size;
  const years = build.results.rows.byYear.size;
  reporter.info(`built "${build.spec.id}": ${units} units, ${years} year${years === 1 ? '' : 's'}, ${build.framework.nodes.length} framework nodes in ${elapsed.toFixed(0)} ms`);
  if (options.out) {
    const out = resolve(options.out);
    const files = await writeBuildOutputs(out, build, loaded.data, loaded.inputs, options.format);
    reporter.info(`wrote ${files.length} files to ${relative(process.cwd(), out) || '.'} (results.csv, results_long.csv, datasets/, audit/, manifest.json${options.format.includes('xlsx') ? ', results.xlsx' : ''})`);
  }
  return { loaded, build };
}

/** Validates a specification and its data without building. */
export async function checkCommand(specPath: string, reporter: Reporter): Promise<void> {
  const loaded = await loadSpec(resolve(specPath));
  const { checkSpecAgainstData, SoftPowerError } = await import('@softpower/engine');
  const { problems } = checkSpecAgainstData(loaded.spec, loaded.data);
  if (problems.length > 0) throw new SoftPowerError(problems);
  const nodes = loaded.spec.framework?.nodes.length ?? 0;
  reporter.info(`${relative(process.cwd(), resolve(specPath))} is valid: ${nodes} framework nodes, ${loaded.spec.steps.length} steps, ${new Set(loaded.data.raw.rows.units).size} units, ${loaded.data.raw.codes.length} data columns`);
}
