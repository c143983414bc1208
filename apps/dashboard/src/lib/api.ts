import type { IndexSpec } from '@softpower/engine';
import type { MultiPolygon, Polygon } from 'geojson';
import type { EventLensRow, Listing, MediaArticle, RollupRow, UnknownDomain } from './media';

export interface Country {
  iso3: string;
  iso2: string | null;
  m49: string | null;
  nameEn: string;
  nameZh: string | null;
  unRegion: string | null;
  unSubregion: string | null;
  wbRegion: string | null;
  wbIncomeGroup: string | null;
  isIndependent: boolean;
  briPartner: boolean;
  attributes: Record<string, string | null>;
}

export interface FrameworkSummary {
  id: string;
  name: Record<string, string> | null;
  origin: string;
  latestVersion: number;
  latestBuildId: string | null;
  createdAt: string;
}

export interface FrameworkDetail extends FrameworkSummary {
  spec: Record<string, unknown>;
}

export interface RankInterval {
  low: number;
  high: number;
  median: number;
}

export interface ResultRow {
  unit: string;
  unitName: string | null;
  year: number | null;
  code: string;
  level: number;
  score: number | null;
  rank: number | null;
  rankInterval: RankInterval | null;
}

export interface ResultsPage {
  buildId: string;
  code: string | null;
  year: number | null;
  items: ResultRow[];
  total: number;
}

export interface Indicator {
  code: string;
  nameEn: string;
  nameZh: string | null;
  unit: string | null;
  source: string | null;
  sourceCode: string | null;
  licenceStatus: string | null;
  description: string | null;
}

export interface IndicatorValue {
  country: string;
  indicator: string;
  year: number;
  value: number | null;
  source: string;
  sourceCode: string | null;
  note: string | null;
}

export interface ProfileScore {
  code: string;
  name: string | null;
  level: number;
  score: number | null;
  rank: number | null;
  rankInterval: RankInterval | null;
}

export interface Profile {
  country: { iso3: string; name: string | null };
  framework: string;
  buildId: string;
  year: number | null;
  units: number;
  index: ProfileScore;
  pillars: ProfileScore[];
  strengths: { indicator: string; name: string | null; rank: number | null; score: number | null }[];
  weaknesses: { indicator: string; name: string | null; rank: number | null; score: number | null }[];
  trend: { year: number | null; score: number | null; rank: number | null }[];
}

/** First-order and total Sobol index of one assumption, with bootstrap 5 %–95 % intervals. */
export interface SobolIndex {
  assumption: string;
  first: number | null;
  total: number | null;
  firstQ05?: number | null;
  firstQ95?: number | null;
  totalQ05?: number | null;
  totalQ95?: number | null;
}

export interface SensitivityRun {
  id: string;
  buildId: string;
  frameworkId: string;
  specVersion: number;
  kind?: 'uncertainty' | 'sensitivity';
  options: Record<string, unknown>;
  runs?: number;
  failedRuns?: number;
  indices?: SobolIndex[];
  startedAt: string;
  finishedAt: string;
}

export interface Audit {
  buildId: string;
  specVersion: number;
  inputs: { path: string; sha256: string }[];
  warnings: unknown[];
  tables: { name: string; columns: string[]; rows: number; url: string }[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** An API answer that was not 2xx, with the server's error envelope when it sent one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/**
 * Answers kept in the page for a while: background jobs (rank intervals, sensitivity runs,
 * media ingests) change what the server answers, so a view opened later asks again; the
 * server answers an unchanged resource from its own cache.
 */
const cacheMs = 30_000;
const cache = new Map<string, { request: Promise<unknown>; at: number }>();

/** GET a JSON resource of the API; identical requests within 30 s share one promise. */
export function getJson<T>(path: string): Promise<T> {
  const hit = cache.get(path);
  if (hit && performance.now() - hit.at < cacheMs) return hit.request as Promise<T>;
  const request = fetch(path, { headers: { accept: 'application/json' } }).then(async (response) => {
    if (response.ok) return (await response.json()) as T;
    let code = 'HTTP_' + response.status;
    let message = `${path}: the server answered ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not the API's envelope
    }
    throw new ApiRequestError(response.status, code, message);
  });
  request.catch(() => {
    if (cache.get(path)?.request === request) cache.delete(path);
  });
  cache.set(path, { request, at: performance.now() });
  return request;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const all = 100_000;

export const api = {
  countries: () => getJson<Page<Country>>(`/api/countries${query({ limit: all })}`),
  frameworks: () => getJson<Page<FrameworkSummary>>(`/api/frameworks${query({ limit: 1000 })}`),
  framework: (id: string) => getJson<FrameworkDetail>(`/api/frameworks/${encodeURIComponent(id)}`),
  results: (id: string, params: { code?: string; level?: number; year?: number | 'all'; country?: string }) =>
    getJson<ResultsPage>(`/api/frameworks/${encodeURIComponent(id)}/results${query({ ...params, limit: all })}`),
  resultsUrl: (id: string, params: { code?: string; level?: number; year?: number | 'all'; format: 'csv' | 'xlsx' | 'json' }) =>
    `/api/frameworks/${encodeURIComponent(id)}/results${query({ ...params, limit: params.format === 'json' ? all : undefined })}`,
  profile: (iso3: string, framework: string, year?: number) => getJson<Profile>(`/api/countries/${iso3}/profile${query({ framework, year })}`),
  indicators: (codes: readonly string[]) => getJson<Page<Indicator>>(`/api/indicators${query({ code: codes.join(','), limit: all })}`),
  indicatorValues: (country: string, indicators: readonly string[]) =>
    getJson<Page<IndicatorValue>>(`/api/indicator-values${query({ country, indicator: indicators.join(','), limit: all })}`),
  /** Every stored value of one indicator, all countries and years. */
  indicatorValuesOf: (indicator: string) => getJson<Page<IndicatorValue>>(`/api/indicator-values${query({ indicator, limit: all })}`),
  sensitivityRuns: (framework: string) => getJson<Page<SensitivityRun>>(`/api/sensitivity${query({ framework, limit: 100 })}`),
  audit: (framework: string) => getJson<Audit>(`/api/frameworks/${encodeURIComponent(framework)}/audit`),
  /** Country shapes built into the dashboard: 110m (world-atlas 1:110 million) is light, 50m has the small countries too. */
  worldShapes: (scale: '110m' | '50m') => getJson<WorldShapes>(`world-${scale}.json`),
  /** Media rollups (GET /api/media/rollups): `type` and `theme` are comma-separated lists. */
  mediaRollups: (params: MediaRollupQuery) => getJson<Listing<RollupRow> & { limit: number; offset: number }>(mediaRollupsUrl(params, 'json')),
  mediaArticles: (params: { country: string; period: string; theme?: string; type?: string; homeOnly?: boolean; limit: number; offset: number }) =>
    getJson<Listing<MediaArticle> & { limit: number; offset: number }>(
      `/api/media/articles${query({ country: params.country, period: params.period, theme: params.theme, type: params.type, homeOnly: params.homeOnly == null ? undefined : String(params.homeOnly), limit: params.limit, offset: params.offset })}`,
    ),
  mediaUnknownSources: () => getJson<Listing<UnknownDomain>>('/api/media/sources/unknown'),
  /** The GDELT events lens, per partner and month, or summed over `from`…`to` (`YYYY-MM`) when `byMonth` is false. */
  mediaEventsLens: (params: MediaEventsLensQuery) => getJson<Listing<EventLensRow>>(mediaEventsLensUrl(params, 'json')),
  table: (buildId: string, name: string) => getJson<Page<Record<string, unknown>>>(`/api/builds/${encodeURIComponent(buildId)}/tables/${encodeURIComponent(name)}${query({ limit: all })}`),
};

export interface MediaRollupQuery {
  country?: string;
  /** Days `YYYY-MM-DD`, inclusive; both required for `range`. */
  from?: string;
  to?: string;
  /** `range` sums every day from `from` to `to` into one period per country, theme and type. */
  by: 'day' | 'week' | 'month' | 'year' | 'range';
  theme?: string;
  type?: string;
}

/** The URL of a rollup query; JSON asks for every row, CSV is never paged by the API. */
export function mediaRollupsUrl(params: MediaRollupQuery, format: 'json' | 'csv'): string {
  return `/api/media/rollups${query({ country: params.country, from: params.from, to: params.to, by: params.by, theme: params.theme, type: params.type, format: format === 'csv' ? 'csv' : undefined, limit: format === 'json' ? all : undefined })}`;
}

export interface MediaEventsLensQuery {
  partner?: string;
  /** Months `YYYY-MM`, inclusive; either may be left out. */
  from?: string;
  to?: string;
  /** One row per partner and month, or one per partner summed over the months. */
  byMonth: boolean;
}

/** The URL of an events-lens query (GET /api/media/events-lens); a month left out is not sent. */
export function mediaEventsLensUrl(params: MediaEventsLensQuery, format: 'json' | 'csv'): string {
  return `/api/media/events-lens${query({ partner: params.partner, from: params.from, to: params.to, byMonth: String(params.byMonth), format: format === 'csv' ? 'csv' : undefined })}`;
}

/** world-atlas country shapes, cut at the antimeridian at build time; `id` is the ISO 3166 numeric code. */
export interface WorldShapes {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: Polygon | MultiPolygon; properties: { name: string } }[];
}

const preferredFramework = ['cultural-soft-power'];

/** The framework to show: the one the link asks for, else the preferred one when it has a build, else the first with a build. */
export function chooseFramework(frameworks: readonly FrameworkSummary[], requested: string | null): string | null {
  if (requested) return requested;
  const built = frameworks.filter((f) => f.latestBuildId);
  return preferredFramework.find((id) => built.some((f) => f.id === id)) ?? built[0]?.id ?? null;
}

/** A framework's stored specification and its index results for every year, as the whole dashboard uses them. */
export function frameworkData(id: string): Promise<[FrameworkDetail, ResultsPage]> {
  return Promise.all([api.framework(id), api.results(id, { year: 'all' })]);
}

export type { IndexSpec };
