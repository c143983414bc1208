import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { finishIngestRun, ingestInput, inputKindOf, loadRegistry, startIngestRun } from '@softpower/media';
import { projectRoot } from '../paths.js';
import { sql, type Store } from './store.js';

/** The GDELT samples shipped in data/gdelt/samples (see its README). */
export const bundledGdeltDir = join(projectRoot, 'data/gdelt/samples');

export interface BundledMediaFile {
  name: string;
  /** False when the file's checksum had been ingested before. */
  ingested: boolean;
  articles: number;
  events: number;
  problems: number;
}

/**
 * Ingests the bundled GDELT samples into the media tables, Events files first (a Mentions row
 * covers the home country when its event is a stored home-country event). Each file is
 * ingested once per checksum: its run is logged in `media_ingest_runs` and its checksum in
 * `imports`, so a later start reads nothing. Ingesting is idempotent anyway (articles and
 * events are keyed), so a start killed half-way only repeats the file it was on.
 */
export async function loadBundledMedia(store: Store, options: { dir?: string; home?: string; log?: (line: string) => void } = {}): Promise<BundledMediaFile[]> {
  const dir = options.dir ?? bundledGdeltDir;
  const log = options.log ?? (() => {});
  if (!existsSync(dir)) return [];
  const rank = { events: 0, mentions: 1, gkg: 2, archive: 3 } as const;
  const files = (await readdir(dir))
    .map((f) => ({ f, kind: inputKindOf(f) }))
    .filter((x): x is { f: string; kind: keyof typeof rank } => x.kind !== null)
    .sort((a, b) => rank[a.kind] - rank[b.kind] || a.f.localeCompare(b.f))
    .map((x) => x.f);
  const db = store.handle.sql;
  const out: BundledMediaFile[] = [];
  let registry: Awaited<ReturnType<typeof loadRegistry>> | undefined;
  for (const file of files) {
    const path = join(dir, file);
    const name = relative(projectRoot, path);
    const bytes = await readFile(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = await store.rows<{ rows: number }>(sql`select rows from imports where kind = 'bundled-media' and name = ${name} and sha256 = ${sha256}`);
    if (known.length > 0) {
      out.push({ name, ingested: false, articles: 0, events: 0, problems: 0 });
      continue;
    }
    registry ??= await loadRegistry(db);
    const runId = await startIngestRun(db, 'bundled', { file: name, sha256, home: options.home ?? 'CHN' });
    const result = await ingestInput(db, { name: file, bytes }, { registry, home: options.home, runId });
    await finishIngestRun(db, runId, { records: result.records, inserted: result.inserted, events: result.newEvents }, result.problems, result.inserted + result.newEvents);
    await store.db.execute(sql`
      insert into imports (kind, name, sha256, rows, outcome)
      values ('bundled-media', ${name}, ${sha256}, ${result.records}, ${JSON.stringify({ runId, articles: result.inserted, events: result.newEvents, unknownSource: result.unknownSource })}::jsonb)
      on conflict (kind, name, sha256) do nothing`);
    store.changed();
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    out.push({ name, ingested: true, articles: result.inserted, events: result.newEvents, problems: result.problems.length });
    log(`media: ingested ${name}: ${result.inserted} articles (${result.unknownSource} from sources awaiting curation), ${result.newEvents} home-country events${errors ? `, ${errors} errors (run ${runId})` : ''}`);
  }
  return out;
}
