import { z } from 'zod';
import { ApiError } from '../errors.js';
import { requireLatestBuild } from './builds.js';
import { buildShape } from './results.js';
import { sql, type Store } from './store.js';

const scoreSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  level: z.number().int(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  rankInterval: z.object({ low: z.number(), high: z.number(), median: z.number() }).nullable(),
});

const strengthSchema = z.object({ indicator: z.string(), name: z.string().nullable(), rank: z.number().nullable(), score: z.number().nullable() });

export const profileSchema = z.object({
  country: z.object({ iso3: z.string(), name: z.string().nullable() }),
  framework: z.string(),
  buildId: z.string(),
  year: z.number().int().nullable(),
  units: z.number().int().describe('How many units are ranked in that year.'),
  index: scoreSchema,
  pillars: z.array(scoreSchema).describe('The aggregates one level below the index.'),
  strengths: z.array(strengthSchema),
  weaknesses: z.array(strengthSchema),
  trend: z.array(z.object({ year: z.number().int().nullable(), score: z.number().nullable(), rank: z.number().nullable() })),
});

export type Profile = z.infer<typeof profileSchema>;

/** A country's profile in the latest successful build of a framework. */
export async function countryProfile(store: Store, iso3: string, frameworkId: string, year?: number): Promise<Profile> {
  const buildId = await requireLatestBuild(store, frameworkId);
  const shape = await buildShape(store, buildId);
  const trendRows = await store.rows<{ year: number; score: number | null; rank: number | null }>(sql`
    select year, score, rank from results where build_id = ${buildId} and unit = ${iso3} and code = ${shape.rootCode} order by year`);
  if (trendRows.length === 0) throw ApiError.notFound(`country "${iso3}" has no results in framework "${frameworkId}" (build ${buildId})`);
  const withScore = trendRows.filter((r) => r.score != null);
  const chosen = year ?? (withScore.length > 0 ? withScore[withScore.length - 1].year : trendRows[trendRows.length - 1].year);
  if (!trendRows.some((r) => r.year === chosen)) throw ApiError.notFound(`country "${iso3}" has no results for ${chosen} in framework "${frameworkId}"; years: ${trendRows.map((r) => r.year).join(', ')}`);
  const [spec] = await store.rows<{ spec: { framework?: { nodes: { code: string; name?: { en: string } }[] } } }>(sql`
    select s.spec from builds b join index_specs s on s.framework_id = b.framework_id and s.version = b.spec_version where b.id = ${buildId}`);
  const names = new Map((spec?.spec.framework?.nodes ?? []).map((n) => [n.code, n.name?.en ?? null]));
  const runId = shape.sensitivityRunId ?? '';
  const rows = await store.rows<{ code: string; level: number; score: number | null; rank: number | null; rank_low: number | null; rank_high: number | null; median_rank: number | null }>(sql`
    select r.code, r.level, r.score, r.rank, s.rank_low, s.rank_high, s.median_rank
    from results r left join sensitivity_results s on s.run_id = ${runId} and s.unit = r.unit and s.year = r.year and s.code = r.code
    where r.build_id = ${buildId} and r.unit = ${iso3} and r.year = ${chosen} and r.level >= ${shape.rootLevel - 1} order by r.level desc, r.code`);
  const score = (r: (typeof rows)[number]) => ({
    code: r.code,
    name: names.get(r.code) ?? null,
    level: r.level,
    score: r.score,
    rank: r.rank,
    rankInterval: r.rank_low == null || r.rank_high == null || r.median_rank == null ? null : { low: r.rank_low, high: r.rank_high, median: r.median_rank },
  });
  const [{ units }] = await store.rows<{ units: number }>(sql`select count(*)::int as units from results where build_id = ${buildId} and code = ${shape.rootCode} and year = ${chosen} and rank is not null`);
  const [table] = await store.rows<{ columns: string[]; rows: unknown[][] }>(sql`select columns, rows from build_tables where build_id = ${buildId} and name = 'strengths_weaknesses'`);
  const strengths: Profile['strengths'] = [];
  const weaknesses: Profile['weaknesses'] = [];
  if (table) {
    const at = (c: string) => table.columns.indexOf(c);
    for (const row of table.rows) {
      if (row[at('unit')] !== iso3 || (row[at('year')] ?? 0) !== chosen) continue;
      const indicator = String(row[at('indicator')]);
      const item = { indicator, name: names.get(indicator) ?? null, rank: row[at('rank')] as number | null, score: row[at('score')] as number | null };
      (row[at('kind')] === 'strength' ? strengths : weaknesses).push(item);
    }
  }
  const [country] = await store.rows<{ name_en: string }>(sql`select name_en from countries where iso3 = ${iso3}`);
  const index = rows.find((r) => r.code === shape.rootCode)!;
  return {
    country: { iso3, name: country?.name_en ?? null },
    framework: frameworkId,
    buildId,
    year: chosen === 0 ? null : chosen,
    units,
    index: score(index),
    pillars: rows.filter((r) => r.level === shape.rootLevel - 1).map(score),
    strengths,
    weaknesses,
    trend: trendRows.map((r) => ({ year: r.year === 0 ? null : r.year, score: r.score, rank: r.rank })),
  };
}
