import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { SoftPowerError } from '@softpower/engine';
import { bundledExampleSpec, bundledFrameworksDir, derivedDataDir, projectRoot } from '../paths.js';
import { latestBuildId, runBuild } from './builds.js';
import { importCountries, importIndicatorCatalogue, importIndicatorValues } from './imports.js';
import { saveBundledSpec } from './specs.js';
import { sql, type Store } from './store.js';

/**
 * Files of frameworks/ that are not specifications: the default rank-interval assumptions,
 * `assumptions-<specification file name>.yaml` for one specification or `assumptions.yaml` for
 * the others (`.yml` too, any case); the first group is the specification's file name.
 */
export const assumptionsFilePattern = /^assumptions(?:-(.+))?\.ya?ml$/i;

/** frameworks/*.yaml (whatever exist now, except assumptions*.yaml) and the COINr example, in a stable order. */
export async function bundledSpecPaths(frameworksDir = bundledFrameworksDir): Promise<string[]> {
  const own = existsSync(frameworksDir)
    ? (await readdir(frameworksDir))
        .filter((f) => /\.ya?ml$/i.test(f) && !assumptionsFilePattern.test(f))
        .sort()
        .map((f) => join(frameworksDir, f))
    : [];
  return [...own, bundledExampleSpec];
}

/**
 * A checksum of a specification file and every file it names (data files, and the files a
 * specification it `extends` names), so that an unchanged bundled specification is not read
 * again on the next start.
 */
export async function specFingerprint(specPath: string): Promise<string> {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const visit = async (path: string) => {
    const full = resolve(path);
    if (seen.has(full)) return;
    seen.add(full);
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch {
      hash.update(`missing:${full}\n`);
      return;
    }
    hash.update(`${full}\n`).update(bytes);
    if (!/\.(ya?ml|json)$/i.test(full)) return;
    for (const match of bytes.toString('utf8').matchAll(/[\w./-]+\.(?:csv|xlsx|ya?ml|json)\b/gi)) {
      const named = resolve(dirname(full), match[0]);
      if (existsSync(named)) await visit(named);
    }
  };
  await visit(specPath);
  return hash.digest('hex');
}

async function knownBundledSpec(store: Store, name: string, fingerprint: string): Promise<{ frameworkId: string; version: number } | undefined> {
  const rows = await store.rows<{ outcome: { frameworkId: string; version: number } }>(sql`
    select i.outcome from imports i
    join index_specs s on s.framework_id = i.outcome->>'frameworkId' and s.version = (i.outcome->>'version')::int
    where i.kind = 'bundled-spec' and i.name = ${name} and i.sha256 = ${fingerprint}`);
  return rows[0]?.outcome;
}

export interface BundledLoad {
  imports: { name: string; rows: number; changed: boolean }[];
  /** Each bundled specification; `fingerprint` is its `specFingerprint`, when it could be computed. */
  frameworks: { path: string; fingerprint?: string; frameworkId?: string; version?: number; created?: boolean; error?: string }[];
  builds: { frameworkId: string; buildId?: string; error?: string }[];
}

/**
 * Loads the bundled data into the store: countries, the indicator catalogue and every
 * indicator file of data/derived (each in its own transaction, skipped when its checksum was
 * imported before), then every bundled specification, then builds each framework whose
 * latest specification has no successful build. A specification that fails is reported and
 * skipped, so that one broken framework does not keep the server from starting.
 */
export async function loadBundledData(store: Store, options: { log?: (line: string) => void; build?: boolean; specPaths?: string[] } = {}): Promise<BundledLoad> {
  const log = options.log ?? (() => {});
  const out: BundledLoad = { imports: [], frameworks: [], builds: [] };
  const note = (o: { name: string; rows: number; changed: boolean }) => {
    out.imports.push(o);
    if (o.changed) log(`imported ${o.name} (${o.rows} rows)`);
  };
  note(await importCountries(store, await readFile(join(derivedDataDir, 'countries.csv')), 'countries.csv'));
  note(await importIndicatorCatalogue(store, await readFile(join(derivedDataDir, 'indicator_catalogue.csv')), 'indicator_catalogue.csv'));
  const indicatorDir = join(derivedDataDir, 'indicators');
  for (const file of (await readdir(indicatorDir)).filter((f) => f.endsWith('.csv')).sort()) {
    note(await importIndicatorValues(store, await readFile(join(indicatorDir, file)), `indicators/${file}`));
  }
  for (const path of options.specPaths ?? (await bundledSpecPaths())) {
    let fingerprint: string | undefined;
    try {
      const name = relative(projectRoot, path);
      fingerprint = await specFingerprint(path);
      const known = await knownBundledSpec(store, name, fingerprint);
      if (known) {
        out.frameworks.push({ path, fingerprint, frameworkId: known.frameworkId, version: known.version, created: false });
        continue;
      }
      const saved = await saveBundledSpec(store, path);
      await store.db.execute(sql`
        insert into imports (kind, name, sha256, rows, outcome) values ('bundled-spec', ${name}, ${fingerprint}, 0, ${JSON.stringify({ frameworkId: saved.frameworkId, version: saved.version })}::jsonb)
        on conflict (kind, name, sha256) do update set outcome = excluded.outcome`);
      out.frameworks.push({ path, fingerprint, frameworkId: saved.frameworkId, version: saved.version, created: saved.created });
      if (saved.created) log(`stored specification ${saved.frameworkId} v${saved.version} from ${path}`);
    } catch (e) {
      const message = e instanceof SoftPowerError ? e.problems.map((p) => p.message).join('; ') : (e as Error).message;
      out.frameworks.push({ path, fingerprint, error: message });
      log(`skipped ${path}: ${message}`);
    }
  }
  if (options.build === false) return out;
  for (const f of out.frameworks) {
    if (!f.frameworkId || f.version === undefined) continue;
    if (await latestBuildId(store, f.frameworkId, f.version)) continue;
    try {
      const summary = await runBuild(store, f.frameworkId, { version: f.version });
      out.builds.push({ frameworkId: f.frameworkId, buildId: summary.id });
      log(`built ${f.frameworkId} v${f.version} (${summary.warnings} warnings)`);
    } catch (e) {
      const message = e instanceof SoftPowerError ? e.problems.map((p) => p.message).join('; ') : (e as Error).message;
      out.builds.push({ frameworkId: f.frameworkId, error: message });
      log(`build of ${f.frameworkId} failed: ${message}`);
    }
  }
  return out;
}
