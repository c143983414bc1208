import type { SourceEntry } from '../sources/registry.js';
import { upsertSources } from '../store/articles.js';
import { inTransaction, unknownSourceCountry, type Queryable } from '../store/schema.js';
import { rollupRows, upsertRollups, type RollupInput } from './rollups.js';

/** What registering sources did. */
export interface RegisterSourcesResult {
  /** Registry entries added or replaced. */
  stored: number;
  /** Stored articles that waited for curation and now have a source country. */
  attributed: number;
  /** Rollup rows those articles added to. */
  rollupRows: number;
}

/**
 * Stores registry entries and, in the same transaction, gives the articles that waited for
 * curation (source country `ZZZ`) from these domains or their subdomains their source
 * country and communicator type: the article, its themes and its analysis move to the
 * country, and their counts are added to the rollups, as if the source had been known when
 * they were ingested (`rebuildRollups` gives the same table). The most specific domain wins
 * when a domain and its parent are registered together. Articles already attributed to a
 * country keep it: a corrected entry applies to articles ingested after it.
 *
 * @example
 * await registerSources(db, [{ domain: 'wafa.ps', countryIso3: 'PSE', communicatorType: 'state_media', … }])
 * // → { stored: 1, attributed: 16, rollupRows: 48 }
 */
export async function registerSources(db: Queryable, entries: readonly SourceEntry[]): Promise<RegisterSourcesResult> {
  return inTransaction(db, async (tx) => {
    await upsertSources(tx, entries);
    const inputs: RollupInput[] = [];
    let attributed = 0;
    const located = entries.filter((e): e is SourceEntry & { countryIso3: string } => e.countryIso3 != null).sort((a, b) => b.domain.length - a.domain.length);
    for (const entry of located) {
      const type = entry.communicatorType ?? 'unknown';
      const { rows: moved } = await tx.query(
        `UPDATE media_articles SET source_country = $2 WHERE source_country = $3 AND (source_domain = $1 OR source_domain LIKE '%.' || $1) RETURNING id`,
        [entry.domain, entry.countryIso3, unknownSourceCountry],
      );
      await tx.query(`DELETE FROM media_unknown_domains WHERE domain = $1 OR domain LIKE '%.' || $1`, [entry.domain]);
      if (moved.length === 0) continue;
      const ids = (moved as { id: string }[]).map((r) => r.id);
      await tx.query('UPDATE media_article_themes SET source_country = $2 WHERE source_country = $3 AND article_id = ANY($1::char(64)[])', [ids, entry.countryIso3, unknownSourceCountry]);
      const { rows: analysed } = await tx.query(
        `UPDATE media_article_analysis SET source_country = $2, communicator_type = $3 WHERE source_country = $4 AND article_id = ANY($1::char(64)[])
         RETURNING to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, mentions_home, tone, themes`,
        [ids, entry.countryIso3, type, unknownSourceCountry],
      );
      for (const a of analysed as { day: string; mentions_home: boolean; tone: number | string | null; themes: Record<string, number> }[]) {
        inputs.push({ sourceCountry: entry.countryIso3, communicatorType: type, day: a.day, mentionsHome: a.mentions_home, tone: a.tone == null ? null : Number(a.tone), themes: a.themes });
      }
      attributed += ids.length;
    }
    const rollupCount = inputs.length > 0 ? await upsertRollups(tx, rollupRows(inputs)) : 0;
    return { stored: entries.length, attributed, rollupRows: rollupCount };
  });
}
