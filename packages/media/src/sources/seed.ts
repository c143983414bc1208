import { readFileSync } from 'node:fs';
import type { IngestProblem } from '../ingest/problems.js';
import { SourceRegistry, voaRegistryEntries } from './registry.js';

/** The registry seed shipped in `data/media/sources/`. */
export const defaultVoaDomainsTsv = new URL('../../../../data/media/sources/voa-domains.tsv', import.meta.url);

/**
 * A registry seeded from the shipped lists (Voice of America's language sites). Entries from
 * files the user imports are added on top with `registry.set`.
 *
 * @example
 * seedSourceRegistry().registry.lookup('https://www.voachinese.com/a/1.html')?.language // 'cmn'
 */
export function seedSourceRegistry(voaPath: string | URL = defaultVoaDomainsTsv): { registry: SourceRegistry; problems: IngestProblem[] } {
  const voa = voaRegistryEntries(readFileSync(voaPath, 'utf8'), 'data/media/sources/voa-domains.tsv');
  return { registry: new SourceRegistry(voa.entries), problems: voa.problems };
}
