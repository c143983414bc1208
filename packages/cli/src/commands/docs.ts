import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { buildIndex, type LocalisedText } from '@softpower/engine';
import { loadSpec, type LoadedSpec } from '../io/spec.js';
import { readTable } from '../io/tables.js';
import { methodologyMarkdown, type DocLanguage, type MethodologyOptions } from '../methodology.js';
import type { Reporter } from '../reporter.js';

export interface DocsOptions {
  /** Folder to write to; default `docs/frameworks` under the working directory. */
  out?: string;
  /** Languages to write, one file each: `<spec id>.<lang>.md`. */
  lang: DocLanguage[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the specification does not say but the data folder does: licence status by indicator
 * (an `indicator_catalogue.csv` with `code` and `licence_status` beside or above a data file)
 * and unit names in English and Chinese (`name_en`, `name_zh` of the long source's units table).
 */
export async function methodologyOptions(loaded: LoadedSpec): Promise<MethodologyOptions> {
  const options: MethodologyOptions = {};
  const source = loaded.spec.data;
  const base = dirname(resolve(loaded.specPath));
  const files = source.format === 'long' ? (Array.isArray(source.file) ? source.file : [source.file]) : source.format === 'wide' ? [source.file] : [source.iData];
  for (const file of files) {
    const folder = dirname(resolve(base, file));
    for (const candidate of [join(folder, 'indicator_catalogue.csv'), join(dirname(folder), 'indicator_catalogue.csv')]) {
      if (options.licences || !(await exists(candidate))) continue;
      const table = await readTable(candidate, relative(process.cwd(), candidate));
      const code = table.header.indexOf('code');
      const status = table.header.indexOf('licence_status');
      if (code >= 0 && status >= 0) options.licences = new Map(table.rows.map((r) => [String(r[code]), String(r[status])]));
    }
  }
  if (source.format === 'long' && source.units) {
    const path = resolve(base, source.units);
    const table = await readTable(path, relative(process.cwd(), path));
    const at = { unit: table.header.indexOf(source.unitColumn), en: table.header.indexOf('name_en'), zh: table.header.indexOf('name_zh') };
    if (at.unit >= 0 && at.en >= 0) {
      const names = new Map<string, LocalisedText>();
      for (const r of table.rows) {
        const en = String(r[at.en] ?? '');
        const zh = at.zh >= 0 && r[at.zh] != null && String(r[at.zh]) !== '' ? String(r[at.zh]) : undefined;
        if (en !== '') names.set(String(r[at.unit]), zh === undefined ? { en } : { en, zh });
      }
      options.unitNames = names;
    }
  }
  return options;
}

/**
 * `softpower docs <spec>`: builds the index and writes its methodology document, one file per
 * language, to `<out>/<spec id>.<lang>.md` (default `docs/frameworks/`). Returns the paths written.
 */
export async function docsCommand(specPath: string, options: DocsOptions, reporter: Reporter): Promise<string[]> {
  const languages = options.lang.length > 0 ? options.lang : (['en', 'zh'] as DocLanguage[]);
  for (const lang of languages) {
    if (lang !== 'en' && lang !== 'zh') throw new Error(`docs: unknown language "${String(lang)}"; expected "en" or "zh"`);
  }
  const started = performance.now();
  const loaded = await loadSpec(resolve(specPath));
  const build = buildIndex(loaded.spec, loaded.data);
  const extra = await methodologyOptions(loaded);
  const out = resolve(options.out ?? 'docs/frameworks');
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  for (const lang of languages) {
    const path = join(out, `${build.spec.id}.${lang}.md`);
    await writeFile(path, methodologyMarkdown(build, loaded, lang, extra) + '\n', 'utf8');
    written.push(path);
  }
  reporter.info(`docs "${build.spec.id}": wrote ${written.map((p) => relative(process.cwd(), p)).join(', ')} in ${(performance.now() - started).toFixed(0)} ms`);
  return written;
}
