import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { useMemo, type ReactNode } from 'react';
import { api, mediaEventsLensUrl, mediaRollupsUrl } from '../lib/api';
import { useBase } from '../lib/context';
import { viridis, type ChartOption } from '../lib/echarts';
import { useI18n, type I18n, type MessageKey } from '../lib/i18n';
import {
  communicatorKinds,
  overviewQuery,
  daysOfPeriod,
  lastDayOfMonth,
  periodsBetween,
  rangeLabel,
  seriesKinds,
  type EventLensRow,
  type MediaArticle,
  type RollupRow,
  type SeriesKind,
} from '../lib/media';
import { countedThemes, themeName } from '../lib/themes';
import { useAsync } from '../lib/useAsync';
import { escapeHtml, mapLegendLayout, mapParts, useWorldMap } from '../lib/worldMap';
import { Chart } from '../components/Chart';
import { CountrySelect } from '../components/Controls';
import { DataTable, type Column } from '../components/DataTable';
import { ShareBar } from '../components/ShareBar';
import { Status } from '../components/Status';

const seriesParts = [BarChart, LineChart, GridComponent, LegendComponent];

type Lens = 'coverage' | 'events';
const coverageMeasures = ['attention', 'tone', 'toneDifference', 'articles'] as const;
const eventMeasures = ['goldstein', 'cooperation', 'eventTone', 'events'] as const;
type Measure = (typeof coverageMeasures)[number] | (typeof eventMeasures)[number];

/** How a measure is coloured: sequential (viridis), a share on 0…1 (viridis), or diverging around 0. */
const scaleOf: Record<Measure, 'sequential' | 'share' | 'diverging'> = {
  attention: 'share',
  tone: 'diverging',
  toneDifference: 'diverging',
  articles: 'sequential',
  goldstein: 'diverging',
  cooperation: 'share',
  eventTone: 'diverging',
  events: 'sequential',
};

/** ColorBrewer PuOr (Brewer, colour-blind safe): orange for negative, purple for positive, light grey at 0. */
const puOr = ['#7f3b08', '#b35806', '#e08214', '#fdb863', '#fee0b6', '#f7f7f7', '#d8daeb', '#b2abd2', '#8073ac', '#542788', '#2d004b'];
/** Countries without data; darker than the diverging scale's middle, so that a tone of 0 is not read as "no data". */
const noDataColour = '#cfcfd4';

const pageSize = 20;

const valid = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T => (value != null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback);
const monthPattern = /^\d{4}-\d{2}$/;

/** A communicator type's place in the registry's order; a type this dashboard does not know comes last. */
function typeOrder(type: string): number {
  const i = (communicatorKinds as readonly string[]).indexOf(type);
  return i < 0 ? communicatorKinds.length : i;
}

/** A communicator type's label; a type this dashboard does not know is shown as its code. */
function typeLabel(t: I18n['t'], type: string): string {
  return type === 'all' || (communicatorKinds as readonly string[]).includes(type) ? t(`type_${type}` as MessageKey) : type;
}

interface MapValue {
  iso3: string;
  value: number;
}

/** The world map of one measure: the colour scale, its legend and the hover details. */
function mapOption(
  i18n: I18n,
  scale: string,
  values: readonly MapValue[],
  kind: 'sequential' | 'share' | 'diverging',
  labels: [string, string],
  tooltip: (iso3: string) => string,
): ChartOption {
  const { num, pct } = i18n;
  const numbers = values.map((v) => v.value);
  let min = numbers.length ? Math.min(...numbers) : 0;
  let max = numbers.length ? Math.max(...numbers) : 1;
  if (kind === 'diverging') {
    // centred on 0: the same distance either side, so that the middle colour means "neutral"
    const reach = Math.max(Math.abs(min), Math.abs(max)) || 1;
    [min, max] = [-reach, reach];
  } else if (kind === 'share') [min, max] = [0, Math.max(max, 1e-9)];
  else [min, max] = [0, Math.max(max, 1)];
  const format = (v: number) => (kind === 'share' ? pct(v, 0) : kind === 'sequential' ? num(v, 0) : num(v, Math.abs(max) >= 10 ? 0 : 1));
  const layout = mapLegendLayout();
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: (p: { name: string }) => tooltip(p.name) },
    visualMap: {
      type: 'continuous',
      min,
      max,
      inRange: { color: kind === 'diverging' ? puOr : viridis },
      text: labels,
      calculable: true,
      ...layout.legend,
      formatter: format,
    },
    series: [
      {
        type: 'map',
        map: scale,
        roam: true,
        aspectScale: 1,
        top: 8,
        bottom: layout.mapBottom,
        left: 8,
        right: 8,
        itemStyle: { areaColor: noDataColour, borderColor: '#ffffff', borderWidth: 0.4 },
        // hover outlines the country and keeps its colour: a highlight colour would read as a value on these scales
        emphasis: { label: { show: false }, itemStyle: { areaColor: null, borderColor: '#1b1b1f', borderWidth: 1.5 } },
        select: { disabled: true },
        data: values.map((v) => ({ name: v.iso3, value: v.value })),
      },
    ],
  };
}

function Links({ name, url }: { name: string; url: (format: 'csv' | 'json') => string }) {
  return (
    <span className="links">
      {(['csv', 'json'] as const).map((f) => (
        <a key={f} href={url(f)} download={`${name}.${f}`} className="button small" data-testid={`link-${name.replace(/_.*$/, '')}-${f}`}>
          {f.toUpperCase()}
        </a>
      ))}
    </span>
  );
}

function Card({ label, value, raw, testId, big = false }: { label: string; value: string; raw?: number | null; testId: string; big?: boolean }) {
  return (
    <div className={big ? 'card big' : 'card'} data-testid={testId} data-value={raw == null || Number.isNaN(raw) ? '' : String(raw)}>
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  );
}

export default function MediaView() {
  const i18n = useI18n();
  const { t, num, pct, lang, date } = i18n;
  const { params, go, name, countries, countryList } = useBase();
  const set = (change: Record<string, string | undefined>) => go('media', { ...Object.fromEntries(params), ...change }, true);
  const typeName = (type: string) => typeLabel(t, type);

  const type = valid(params.get('type'), ['all', ...communicatorKinds], 'all');
  const overview = useAsync(() => api.mediaRollups(overviewQuery), []);
  const unknown = useAsync(() => api.mediaUnknownSources(), []);
  const eventMonths = useAsync(() => api.mediaEventsLens({ byMonth: true }), []);
  const map = useWorldMap(countryList);

  const overviewRows = overview.status === 'ready' ? overview.value.items : null;
  const eventRows = eventMonths.status === 'ready' ? eventMonths.value.items : null;
  const coverageMonths = useMemo(() => [...new Set((overviewRows ?? []).filter((r) => r.communicatorType === 'all' && r.articles > 0).map((r) => r.period))].sort(), [overviewRows]);
  const eventMonthList = useMemo(() => [...new Set((eventRows ?? []).map((r) => r.period))].sort(), [eventRows]);
  const decided = overviewRows != null && eventRows != null;
  const lens: Lens = valid(params.get('lens'), ['coverage', 'events'] as const, coverageMonths.length === 0 && eventMonthList.length > 0 ? 'events' : 'coverage');
  const months = lens === 'coverage' ? coverageMonths : eventMonthList;
  const askedFrom = params.get('from');
  const askedTo = params.get('to');
  const from = askedFrom != null && monthPattern.test(askedFrom) ? askedFrom : months[0];
  const to = askedTo != null && monthPattern.test(askedTo) && (from == null || askedTo >= from) ? askedTo : months[months.length - 1];
  const fromDay = from ? `${from}-01` : undefined;
  const toDay = to ? lastDayOfMonth(to) : undefined;
  const measure: Measure = lens === 'coverage' ? valid(params.get('measure'), coverageMeasures, 'attention') : valid(params.get('measure'), eventMeasures, 'goldstein');
  const by: SeriesKind = valid(params.get('by'), seriesKinds, 'month');

  // --- coverage of China by source country
  // One request sums the range: by=range adds up the day rows from fromDay to toDay into one cell
  // per source country (the baseline tone from type "all" included), exact across calendar years.
  const rangeSum = useAsync(() => (lens === 'coverage' && fromDay && toDay ? api.mediaRollups({ by: 'range', from: fromDay, to: toDay, type }) : null), [lens, fromDay, toDay, type]);
  const rangeRows = lens === 'coverage' && rangeSum.status === 'ready' ? rangeSum.value.items : null;
  const coverage = useMemo(() => (rangeRows ?? []).filter((r) => r.theme == null && r.communicatorType === type && r.articles > 0), [rangeRows, type]);
  const coverageOf = useMemo(() => new Map(coverage.map((c) => [c.country, c])), [coverage]);

  // --- events lens by partner, months summed over the range
  const eventRange = useAsync(() => (lens === 'events' && from && to ? api.mediaEventsLens({ from, to, byMonth: false }) : null), [lens, from, to]);
  const partners = lens === 'events' && eventRange.status === 'ready' ? eventRange.value.items : [];
  const partnerOf = useMemo(() => new Map(partners.map((p) => [p.partner, p])), [partners]);

  const withData = lens === 'coverage' ? coverage.map((c) => c.country) : partners.map((p) => p.partner);
  const largest =
    lens === 'coverage' ? [...coverage].sort((a, b) => b.homeArticles - a.homeArticles || b.articles - a.articles)[0]?.country : [...partners].sort((a, b) => b.mentions - a.mentions)[0]?.partner;
  const askedCountry = params.get('country')?.toUpperCase();
  const country = askedCountry && /^[A-Z]{3}$/.test(askedCountry) ? askedCountry : (largest ?? '');

  const mapValues = useMemo<MapValue[]>(() => {
    const pick = (value: number | null | undefined, iso3: string) => (value == null || Number.isNaN(value) ? null : { iso3, value });
    if (lens === 'coverage') {
      const of = (c: RollupRow) => (measure === 'attention' ? c.attention : measure === 'tone' ? c.toneMean : measure === 'toneDifference' ? c.toneDifference : c.articles);
      return coverage.map((c) => pick(of(c), c.country)).filter((v): v is MapValue => v != null);
    }
    const of = (p: EventLensRow) => (measure === 'goldstein' ? p.goldsteinMean : measure === 'cooperation' ? p.cooperation : measure === 'eventTone' ? p.toneMean : p.events);
    return partners.map((p) => pick(of(p), p.partner)).filter((v): v is MapValue => v != null);
  }, [lens, measure, coverage, partners]);

  const option = useMemo<ChartOption | null>(() => {
    if (map.status !== 'ready') return null;
    const drawn = mapValues.filter((v) => map.value.iso3.has(v.iso3));
    const labels: [string, string] =
      scaleOf[measure] === 'diverging' ? (measure === 'goldstein' ? [t('legend_cooperation'), t('legend_conflict')] : [t('legend_positive'), t('legend_negative')]) : [t('legend_high'), t('legend_low')];
    const tooltip = (iso3: string) => {
      const title = `<strong>${escapeHtml(name(iso3))}</strong>`;
      if (lens === 'coverage') {
        const c = coverageOf.get(iso3);
        if (!c) return `${title}<br/>${t('no_data')}`;
        return [
          title,
          `${t('articles')}: ${num(c.articles, 0)}`,
          `${t('home_articles')}: ${num(c.homeArticles, 0)}`,
          `${t('attention')}: ${pct(c.attention)}`,
          `${t('tone')}: ${num(c.toneMean, 2)}`,
          `${t('baseline_tone')}: ${num(c.baselineTone, 2)}`,
          `${t('tone_difference')}: ${num(c.toneDifference, 2)}`,
        ].join('<br/>');
      }
      const p = partnerOf.get(iso3);
      if (!p) return `${title}<br/>${t('no_data')}`;
      return [
        title,
        `${t('events')}: ${num(p.events, 0)}`,
        `${t('mentions')}: ${num(p.mentions, 0)}`,
        `${t('goldstein')}: ${num(p.goldsteinMean, 2)}`,
        `${t('cooperation')}: ${pct(p.cooperation)}`,
        `${t('conflict')}: ${pct(p.conflict)}`,
        `${t('tone')}: ${num(p.toneMean, 2)}`,
      ].join('<br/>');
    };
    return mapOption(i18n, `world-${map.value.scale}`, drawn, scaleOf[measure], labels, tooltip);
  }, [map, mapValues, measure, lens, coverageOf, partnerOf, name, t, num, pct, i18n]);
  const drawnCount = map.status === 'ready' ? mapValues.filter((v) => map.value.iso3.has(v.iso3)).length : 0;
  const notDrawn = map.status === 'ready' ? mapValues.filter((v) => !map.value.iso3.has(v.iso3)).map((v) => name(v.iso3)) : [];

  // --- the selected source country: time series, breakdowns, articles
  const coverageSelected = lens === 'coverage' && country !== '' && fromDay != null && toDay != null;
  const series = useAsync(() => (coverageSelected ? api.mediaRollups({ country, from: fromDay, to: toDay, by, type }) : null), [coverageSelected, country, fromDay, toDay, by, type]);
  const periods = useMemo(() => (fromDay && toDay ? periodsBetween(lens === 'coverage' ? by : 'month', fromDay, toDay) : []), [lens, by, fromDay, toDay]);
  const seriesRows = useMemo(() => {
    const rows = new Map<string, RollupRow>();
    if (coverageSelected && series.status === 'ready') for (const r of series.value.items) if (r.theme == null && r.communicatorType === type && r.country === country) rows.set(r.period, r);
    return rows;
  }, [coverageSelected, series, type, country]);
  const askedPeriod = params.get('period');
  const period = lens === 'coverage' && askedPeriod != null && periods.some((p) => p.label === askedPeriod) ? askedPeriod : null;
  // the breakdowns sum the days of the chosen period, or of the whole range, into one cell each
  const selectionDays = period ? daysOfPeriod(period) : fromDay && toDay ? { first: fromDay, last: toDay } : null;
  const themes = useAsync(
    () => (coverageSelected && selectionDays ? api.mediaRollups({ country, from: selectionDays.first, to: selectionDays.last, by: 'range', theme: countedThemes.join(','), type }) : null),
    [coverageSelected, country, selectionDays?.first, selectionDays?.last, type],
  );
  const types = useAsync(
    () => (coverageSelected && selectionDays ? api.mediaRollups({ country, from: selectionDays.first, to: selectionDays.last, by: 'range', type: ['all', ...communicatorKinds].join(',') }) : null),
    [coverageSelected, country, selectionDays?.first, selectionDays?.last],
  );
  // by=range gives one row per theme and per type, with its share and attention as the API computes them
  const themeList = useMemo(
    () =>
      coverageSelected && themes.status === 'ready'
        ? themes.value.items
            .filter((r): r is RollupRow & { theme: string } => r.country === country && r.communicatorType === type && r.theme != null && r.homeArticles > 0)
            .sort((a, b) => b.homeArticles - a.homeArticles || (a.theme < b.theme ? -1 : 1))
        : null,
    [coverageSelected, themes, country, type],
  );
  const typeList = useMemo(
    () =>
      coverageSelected && types.status === 'ready'
        ? types.value.items
            .filter((r) => r.country === country && r.theme == null && r.communicatorType !== 'all' && r.articles > 0)
            .sort((a, b) => typeOrder(a.communicatorType) - typeOrder(b.communicatorType) || (a.communicatorType < b.communicatorType ? -1 : 1))
        : null,
    [coverageSelected, types, country],
  );
  const mostTypeArticles = typeList ? Math.max(0, ...typeList.map((r) => r.articles)) : 0;
  const selected: { articles: number; homeArticles: number; attention: number | null; toneMean: number | null; baselineTone: number | null; toneDifference: number | null } | null = period
    ? (seriesRows.get(period) ?? null)
    : (coverageOf.get(country) ?? null);

  const askedTheme = params.get('theme');
  const theme = askedTheme != null && countedThemes.includes(askedTheme) ? askedTheme : null;
  const homeOnly = theme != null || params.get('all') !== '1';
  const page = Math.max(0, Math.floor(Number(params.get('page') ?? 0)) || 0);
  /** The articles of the chosen period, or of the whole range (the API takes the label of a range as a period). */
  const articlePeriod = period ?? (fromDay && toDay ? rangeLabel(fromDay, toDay) : null);
  const articles = useAsync<{ items: MediaArticle[]; total: number }>(
    () => (coverageSelected && articlePeriod ? api.mediaArticles({ country, theme: theme ?? undefined, type, homeOnly, period: articlePeriod, limit: pageSize, offset: page * pageSize }) : null),
    [coverageSelected, country, theme, type, homeOnly, articlePeriod, page],
  );

  // --- the selected partner of the events lens: months, QuadClass shares
  const partnerMonths = useMemo(
    () => (lens === 'events' && eventRows && from && to ? eventRows.filter((r) => r.partner === country && r.period >= from && r.period <= to) : []),
    [lens, eventRows, country, from, to],
  );
  const partner = partnerOf.get(country) ?? null;

  const seriesOption = useMemo<ChartOption | null>(() => {
    if (periods.length === 0) return null;
    const labels = periods.map((p) => p.label);
    const axisPct = (v: number) => pct(v, 0);
    const grid = [
      { left: 60, right: 60, top: 40, height: '32%' },
      { left: 60, right: 60, top: '58%', bottom: 40 },
    ];
    const xAxis = [
      { type: 'category', gridIndex: 0, data: labels, axisLabel: { show: false }, axisTick: { alignWithLabel: true } },
      { type: 'category', gridIndex: 1, data: labels, axisTick: { alignWithLabel: true } },
    ];
    let formats: ((v: number | null) => string)[] = [];
    const tooltip = {
      trigger: 'axis',
      formatter: (items: { axisValue: string; seriesName: string; value: number | null | { value: number | null }; marker: string; seriesIndex: number }[]) => {
        const head = `<strong>${escapeHtml(items[0]?.axisValue ?? '')}</strong>`;
        const lines = items.map((p) => {
          const v = p.value != null && typeof p.value === 'object' ? p.value.value : p.value;
          const format = formats[p.seriesIndex] ?? ((x: number | null) => num(x, 2));
          return `${p.marker}${escapeHtml(p.seriesName)}: ${format(v)}`;
        });
        return [head, ...lines].join('<br/>');
      },
    };
    if (lens === 'coverage') {
      const rows = periods.map((p) => seriesRows.get(p.label));
      const mark = (value: number, label: string) => (label === period ? { value, itemStyle: { borderColor: '#000', borderWidth: 2 } } : value);
      formats = [(v) => num(v, 0), (v) => num(v, 0), (v) => pct(v), (v) => num(v, 2)];
      return {
        animation: false,
        tooltip,
        axisPointer: { link: [{ xAxisIndex: 'all' }] },
        legend: { top: 0 },
        grid,
        xAxis,
        yAxis: [
          { type: 'value', gridIndex: 0, name: t('articles'), minInterval: 1 },
          { type: 'value', gridIndex: 1, name: t('attention'), min: 0, axisLabel: { formatter: axisPct } },
          { type: 'value', gridIndex: 1, name: t('tone'), position: 'right', splitLine: { show: false } },
        ],
        series: [
          { type: 'bar', name: t('articles'), xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r, i) => mark(r?.articles ?? 0, labels[i])), barGap: '-100%', itemStyle: { color: '#b9c0e3' } },
          { type: 'bar', name: t('home_articles'), xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r, i) => mark(r?.homeArticles ?? 0, labels[i])), itemStyle: { color: '#3e4989' } },
          { type: 'line', name: t('attention'), xAxisIndex: 1, yAxisIndex: 1, data: rows.map((r) => r?.attention ?? null), connectNulls: false, showSymbol: true, itemStyle: { color: '#E69F00' } },
          { type: 'line', name: t('tone'), xAxisIndex: 1, yAxisIndex: 2, data: rows.map((r) => r?.toneMean ?? null), connectNulls: false, showSymbol: true, lineStyle: { type: 'dashed' }, itemStyle: { color: '#009E73' } },
        ],
      };
    }
    const rows = new Map(partnerMonths.map((r) => [r.period, r]));
    const cells = labels.map((l) => rows.get(l));
    formats = [(v) => num(v, 0), (v) => num(v, 2), (v) => pct(v)];
    return {
      animation: false,
      tooltip,
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      legend: { top: 0 },
      grid,
      xAxis,
      yAxis: [
        { type: 'value', gridIndex: 0, name: t('events'), minInterval: 1 },
        { type: 'value', gridIndex: 1, name: t('goldstein'), min: -10, max: 10 },
        { type: 'value', gridIndex: 1, name: t('cooperation'), min: 0, max: 1, position: 'right', splitLine: { show: false }, axisLabel: { formatter: axisPct } },
      ],
      series: [
        { type: 'bar', name: t('events'), xAxisIndex: 0, yAxisIndex: 0, data: cells.map((r) => r?.events ?? 0), itemStyle: { color: '#3e4989' } },
        { type: 'line', name: t('goldstein'), xAxisIndex: 1, yAxisIndex: 1, data: cells.map((r) => r?.goldsteinMean ?? null), connectNulls: false, showSymbol: true, itemStyle: { color: '#D55E00' } },
        { type: 'line', name: t('cooperation'), xAxisIndex: 1, yAxisIndex: 2, data: cells.map((r) => r?.cooperation ?? null), connectNulls: false, showSymbol: true, lineStyle: { type: 'dashed' }, itemStyle: { color: '#009E73' } },
      ],
    };
  }, [periods, lens, seriesRows, period, partnerMonths, t, num, pct]);
  const seriesPoints = lens === 'coverage' ? periods.filter((p) => (seriesRows.get(p.label)?.articles ?? 0) > 0).length : periods.filter((p) => partnerMonths.some((r) => r.period === p.label && r.events > 0)).length;

  const coverageColumns = useMemo<Column<RollupRow>[]>(
    () => [
      { id: 'country', header: t('source_country'), value: (r) => name(r.country), searchable: true },
      { id: 'iso3', header: 'ISO3', value: (r) => r.country, searchable: true },
      { id: 'articles', header: t('articles'), value: (r) => r.articles, numeric: true, sortDescFirst: true, cell: (r) => num(r.articles, 0) },
      { id: 'home', header: t('home_articles'), value: (r) => r.homeArticles, numeric: true, sortDescFirst: true, cell: (r) => num(r.homeArticles, 0) },
      { id: 'attention', header: t('attention'), value: (r) => r.attention, numeric: true, sortDescFirst: true, cell: (r) => pct(r.attention) },
      { id: 'tone', header: t('tone'), value: (r) => r.toneMean, numeric: true, cell: (r) => num(r.toneMean, 2) },
      { id: 'baseline', header: t('baseline_tone'), value: (r) => r.baselineTone, numeric: true, cell: (r) => num(r.baselineTone, 2) },
      { id: 'difference', header: t('tone_difference'), value: (r) => r.toneDifference, numeric: true, cell: (r) => num(r.toneDifference, 2) },
    ],
    [t, num, pct, name],
  );
  const partnerColumns = useMemo<Column<EventLensRow>[]>(
    () => [
      { id: 'country', header: t('partner_country'), value: (r) => name(r.partner), searchable: true },
      { id: 'iso3', header: 'ISO3', value: (r) => r.partner, searchable: true },
      { id: 'events', header: t('events'), value: (r) => r.events, numeric: true, sortDescFirst: true, cell: (r) => num(r.events, 0) },
      { id: 'mentions', header: t('mentions'), value: (r) => r.mentions, numeric: true, sortDescFirst: true, cell: (r) => num(r.mentions, 0) },
      { id: 'goldstein', header: t('goldstein'), value: (r) => r.goldsteinMean, numeric: true, cell: (r) => num(r.goldsteinMean, 2) },
      { id: 'cooperation', header: t('cooperation'), value: (r) => r.cooperation, numeric: true, cell: (r) => pct(r.cooperation) },
      { id: 'conflict', header: t('conflict'), value: (r) => r.conflict, numeric: true, cell: (r) => pct(r.conflict) },
      { id: 'tone', header: t('tone'), value: (r) => r.toneMean, numeric: true, cell: (r) => num(r.toneMean, 2) },
    ],
    [t, num, pct, name],
  );
  const articleColumns = useMemo<Column<MediaArticle>[]>(() => {
    const themesText = (counts: Record<string, number>) =>
      Object.entries(counts)
        .filter(([, n]) => n > 0)
        .map(([code, n]) => `${themeName(code, lang)} (${num(n, 0)})`)
        .join(lang === 'zh' ? '、' : ', ');
    return [
      { id: 'date', header: t('article_date'), value: (r) => r.publishedAt, cell: (r) => date(r.publishedAt) },
      {
        id: 'title',
        header: t('article_title'),
        value: (r) => r.title ?? '',
        searchable: true,
        cell: (r) => (
          <a href={r.url} target="_blank" rel="noopener noreferrer">
            {r.title ?? t('untitled')}
          </a>
        ),
      },
      { id: 'source', header: t('article_source'), value: (r) => r.source, searchable: true },
      { id: 'type', header: t('communicator'), value: (r) => typeLabel(t, r.communicatorType) },
      { id: 'tone', header: t('tone'), value: (r) => r.tone, numeric: true, cell: (r) => num(r.tone, 2) },
      { id: 'themes', header: t('article_themes'), value: (r) => themesText(r.themes) },
    ];
  }, [t, num, date, lang]);

  if (overview.status === 'error') return <Status error={overview.error} />;
  if (eventMonths.status === 'error') return <Status error={eventMonths.error} />;
  if (!decided) return <Status />;

  const unknownDomains = unknown.status === 'ready' ? unknown.value.items : [];
  const unknownArticles = unknownDomains.reduce((s, d) => s + d.articles, 0);
  const rangeText = from && to ? (from === to ? from : t('all_periods', { from, to })) : '';
  const measures = lens === 'coverage' ? coverageMeasures : eventMeasures;
  const countryName = country ? name(country) : '';
  const rollupName = `media-rollups_${from}_${to}_${type}`;

  const emptyNotice: ReactNode =
    coverageMonths.length === 0 ? (
      <div className="notice" data-testid="media-empty" data-unknown-domains={unknownDomains.length}>
        <p>
          <strong>{t('media_empty_title')}</strong> {t('media_empty', { articles: num(unknownArticles, 0), domains: num(unknownDomains.length, 0) })}
        </p>
        <p>{t('media_empty_how')}</p>
        <pre>
          softpower media sources suggest --out sources.csv{'\n'}
          {'  '}# a country from each domain's ccTLD (wafa.ps → PSE); check it, add the communicator type{'\n'}
          softpower media sources import sources.csv{'\n'}
          {'  '}# domain,country,language,communicator_type,name,note (nation.africa,KEN,eng,commercial_media,Daily Nation,){'\n'}
          softpower media ingest articles.jsonl{'\n'}
          {'  '}# one article a line: {'{'}"url", "title", "text", "date", "language"{'}'}
        </pre>
        <p>{t('media_empty_api')}</p>
        {unknownDomains.length > 0 && (
          <details>
            <summary data-testid="media-awaiting">{t('media_awaiting', { n: num(unknownDomains.length, 0) })}</summary>
            <ul className="plain columns">
              {unknownDomains.slice(0, 60).map((d) => (
                <li key={d.domain}>
                  <code>{d.domain}</code> <span className="muted">({num(d.articles, 0)})</span>
                </li>
              ))}
            </ul>
            {unknownDomains.length > 60 && <p className="muted">… GET /api/media/sources/unknown</p>}
          </details>
        )}
      </div>
    ) : null;

  return (
    <section aria-labelledby="media-title">
      <h2 id="media-title">{t('media_title')}</h2>
      {emptyNotice}
      <div className="toolbar">
        <label>
          <span>{t('media_lens')}</span>
          <select value={lens} onChange={(e) => set({ lens: e.target.value, measure: undefined, from: undefined, to: undefined, country: undefined, period: undefined, theme: undefined, page: undefined })} data-testid="media-lens">
            <option value="coverage">{t('lens_coverage')}</option>
            <option value="events">{t('lens_events')}</option>
          </select>
        </label>
        <label>
          <span>{t('measure')}</span>
          <select value={measure} onChange={(e) => set({ measure: e.target.value })} data-testid="media-measure">
            {measures.map((m) => (
              <option key={m} value={m}>
                {t(`measure_${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {months.length > 0 && (
          <>
            <label>
              <span>{t('range_from')}</span>
              <select value={from} onChange={(e) => set({ from: e.target.value, period: undefined, page: undefined })} data-testid="media-from">
                {months.filter((m) => !to || m <= to).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('range_to')}</span>
              <select value={to} onChange={(e) => set({ to: e.target.value, period: undefined, page: undefined })} data-testid="media-to">
                {months.filter((m) => !from || m >= from).map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {lens === 'coverage' && (
          <label>
            <span>{t('communicator')}</span>
            <select value={type} onChange={(e) => set({ type: e.target.value === 'all' ? undefined : e.target.value, period: undefined, page: undefined })} data-testid="media-type">
              {(['all', ...communicatorKinds] as const).map((k) => (
                <option key={k} value={k}>
                  {typeName(k)}
                </option>
              ))}
            </select>
          </label>
        )}
        {withData.length > 0 && (
          <CountrySelect
            units={withData.includes(country) || country === '' ? withData : [...withData, country]}
            value={country}
            onChange={(iso3) => set({ country: iso3, period: undefined, theme: undefined, page: undefined })}
            label={lens === 'coverage' ? t('source_country') : t('partner_country')}
            testId="media-country"
          />
        )}
      </div>
      {lens === 'events' && eventMonthList.length === 0 && <p className="notice">{t('media_no_events')}</p>}
      {map.status === 'error' ? (
        <Status error={map.error} />
      ) : lens === 'events' && eventRange.status === 'error' ? (
        <Status error={eventRange.error} />
      ) : lens === 'coverage' && rangeSum.status === 'error' ? (
        <Status error={rangeSum.error} />
      ) : !option || (from != null && (lens === 'events' ? eventRange.status !== 'ready' : rangeSum.status !== 'ready')) ? (
        <Status />
      ) : (
        <>
          <div data-testid="map" data-coloured={drawnCount} data-lens={lens} data-measure={measure} data-shapes={map.status === 'ready' ? map.value.scale : undefined}>
            <Chart
              parts={mapParts}
              name={`media-map-${lens}-${measure}-${from ?? ''}-${to ?? ''}`}
              option={option}
              height="min(56vh, 500px, 56vw)"
              label={`${t(`measure_${measure}` as MessageKey)} ${rangeText}`}
              onClick={(p) => p.name && countries.has(p.name) && set({ country: p.name, period: undefined, theme: undefined, page: undefined })}
            />
          </div>
          <p className="muted">
            {t('countries_shown', { n: drawnCount })} · {t('no_data_grey')}
            {lang === 'zh' ? '' : ' '}
            {lens === 'coverage' ? t('media_click') : t('media_click_events')}
            {notDrawn.length > 0 && ` ${t('not_drawn', { list: notDrawn.join(', ') })}`}
          </p>
          <p className="muted">
            {lens === 'coverage' ? t('attention_note') : `${t('events_note')} ${t('media_events_note')}`}
          </p>
          {withData.length > 0 && (
            <details>
              <summary>{t('map_table')}</summary>
              {lens === 'coverage' ? (
                <DataTable name={`media_coverage_${from}_${to}_${type}`} rows={coverage} columns={coverageColumns} rowKey={(r) => r.country} initialSort={[{ id: 'home', desc: true }]} onRowClick={(r) => set({ country: r.country, period: undefined, theme: undefined, page: undefined })} search />
              ) : (
                <DataTable name={`media_events_${from}_${to}`} rows={partners} columns={partnerColumns} rowKey={(r) => r.partner} initialSort={[{ id: 'mentions', desc: true }]} onRowClick={(r) => set({ country: r.partner })} search />
              )}
            </details>
          )}
        </>
      )}

      {country !== '' && months.length > 0 && (
        <>
          <h3 data-testid="media-selection">
            {countryName} · {period ? t('period_chosen', { period }) : rangeText}
            {lens === 'coverage' && type !== 'all' ? ` · ${typeName(type)}` : ''}
          </h3>
          {lens === 'coverage' ? (
            <div className="cards">
              <Card big label={t('attention')} value={pct(selected?.attention)} raw={selected?.attention} testId="media-attention" />
              <Card label={t('articles')} value={num(selected?.articles, 0)} raw={selected?.articles} testId="media-articles" />
              <Card label={t('home_articles')} value={num(selected?.homeArticles, 0)} raw={selected?.homeArticles} testId="media-home-articles" />
              <Card label={t('tone')} value={num(selected?.toneMean, 2)} raw={selected?.toneMean} testId="media-tone" />
              <Card label={t('baseline_tone')} value={num(selected?.baselineTone, 2)} raw={selected?.baselineTone} testId="media-baseline" />
              <Card label={t('tone_difference')} value={num(selected?.toneDifference, 2)} raw={selected?.toneDifference} testId="media-tone-difference" />
            </div>
          ) : (
            <div className="cards">
              <Card big label={t('goldstein')} value={num(partner?.goldsteinMean, 2)} raw={partner?.goldsteinMean} testId="media-goldstein" />
              <Card label={t('events')} value={num(partner?.events, 0)} raw={partner?.events} testId="media-events" />
              <Card label={t('mentions')} value={num(partner?.mentions, 0)} raw={partner?.mentions} testId="media-mentions" />
              <Card label={t('cooperation')} value={pct(partner?.cooperation)} raw={partner?.cooperation} testId="media-cooperation" />
              <Card label={t('tone')} value={num(partner?.toneMean, 2)} raw={partner?.toneMean} testId="media-event-tone" />
            </div>
          )}
          <div className="toolbar">
            <h3 className="inline">{t('media_series')}</h3>
            {lens === 'coverage' && (
              <label>
                <span>{t('granularity')}</span>
                <select value={by} onChange={(e) => set({ by: e.target.value === 'month' ? undefined : e.target.value, period: undefined, page: undefined })} data-testid="media-by">
                  {seriesKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`by_${k}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {lens === 'coverage' && series.status === 'error' ? (
            <Status error={series.error} />
          ) : !seriesOption || (lens === 'coverage' && series.status !== 'ready') ? (
            <Status />
          ) : (
            <div data-testid="media-series" data-periods={periods.length} data-points={seriesPoints} data-by={lens === 'coverage' ? by : 'month'}>
              <Chart
                parts={seriesParts}
                name={`media-series-${lens}-${country}-${lens === 'coverage' ? by : 'month'}-${from}-${to}`}
                option={seriesOption}
                height={340}
                label={`${t('media_series')}: ${countryName}`}
                onClick={(p) => lens === 'coverage' && p.name && set({ period: p.name === period ? undefined : p.name, page: undefined })}
              />
            </div>
          )}

          {lens === 'coverage' ? (
            <div className="grid2">
              <div>
                <h3>{t('media_themes')}</h3>
                {themes.status === 'error' ? (
                  <Status error={themes.error} />
                ) : !themeList ? (
                  <Status />
                ) : themeList.length === 0 ? (
                  <p className="muted">{t('media_nothing')}</p>
                ) : (
                  <table className="bars" data-testid="media-themes">
                    <thead>
                      <tr>
                        <th>{t('article_themes')}</th>
                        <th>{t('theme_share')}</th>
                        <th className="num">{t('home_articles')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {themeList.map((row) => (
                        <tr
                          key={row.theme}
                          data-theme={row.theme}
                          data-share={row.themeShare ?? ''}
                          className={row.theme === theme ? 'clickable chosen' : 'clickable'}
                          tabIndex={0}
                          aria-current={row.theme === theme ? true : undefined}
                          onClick={() => set({ theme: row.theme === theme ? undefined : row.theme, page: undefined })}
                          onKeyDown={(e) => e.key === 'Enter' && set({ theme: row.theme === theme ? undefined : row.theme, page: undefined })}
                        >
                          <td>{themeName(row.theme, lang)}</td>
                          <td className="barcell">
                            <ShareBar value={row.themeShare} max={1} />
                            <span>{pct(row.themeShare)}</span>
                          </td>
                          <td className="num">{num(row.homeArticles, 0)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
              <div>
                <h3>{t('media_types')}</h3>
                {types.status === 'error' ? (
                  <Status error={types.error} />
                ) : !typeList ? (
                  <Status />
                ) : typeList.length === 0 ? (
                  <p className="muted">{t('media_nothing')}</p>
                ) : (
                  <table className="bars" data-testid="media-types">
                    <thead>
                      <tr>
                        <th>{t('communicator')}</th>
                        <th>{t('articles')}</th>
                        <th className="num">{t('home_articles')}</th>
                        <th className="num">{t('attention')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {typeList.map((row) => (
                        <tr
                          key={row.communicatorType}
                          data-type={row.communicatorType}
                          data-attention={row.attention ?? ''}
                          className={row.communicatorType === type ? 'clickable chosen' : 'clickable'}
                          tabIndex={0}
                          aria-current={row.communicatorType === type ? true : undefined}
                          onClick={() => set({ type: row.communicatorType === type ? undefined : row.communicatorType, page: undefined })}
                          onKeyDown={(e) => e.key === 'Enter' && set({ type: row.communicatorType === type ? undefined : row.communicatorType, page: undefined })}
                        >
                          <td>{typeName(row.communicatorType)}</td>
                          <td className="barcell">
                            <ShareBar value={row.articles} max={mostTypeArticles} colour="#b9c0e3" />
                            <span>{num(row.articles, 0)}</span>
                          </td>
                          <td className="num">{num(row.homeArticles, 0)}</td>
                          <td className="num">{pct(row.attention)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </div>
          ) : (
            <div className="grid2">
              <div>
                <h3>{t('media_events_types')}</h3>
                {!partner?.quadShares ? (
                  <p className="muted">{t('media_nothing')}</p>
                ) : (
                  <table className="bars" data-testid="media-quads">
                    <tbody>
                      {partner.quadShares.map((share, i) => (
                        <tr key={i} data-quad={i + 1}>
                          <td>{t(`quad_${i + 1}` as MessageKey)}</td>
                          <td className="barcell">
                            <ShareBar value={share} max={1} colour={i < 2 ? '#542788' : '#b35806'} />
                            <span>{pct(share)}</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </div>
          )}

          {lens === 'coverage' && (
            <>
              <div className="toolbar">
                <h3 className="inline">{t('media_articles')}</h3>
                <label className="check">
                  <input type="checkbox" checked={homeOnly} disabled={theme != null} onChange={(e) => set({ all: e.target.checked ? undefined : '1', page: undefined })} data-testid="media-home-only" />
                  <span>{t('only_home')}</span>
                </label>
                {period && (
                  <button type="button" className="small chip" onClick={() => set({ period: undefined, page: undefined })} data-testid="media-clear-period">
                    {t('period_chosen', { period })} ✕
                  </button>
                )}
                {theme && (
                  <button type="button" className="small chip" onClick={() => set({ theme: undefined, page: undefined })} data-testid="media-clear-theme">
                    {t('theme_chosen', { theme: themeName(theme, lang) })} ✕
                  </button>
                )}
              </div>
              {articles.status === 'error' ? (
                <Status error={articles.error} />
              ) : articles.status !== 'ready' ? (
                <Status />
              ) : articles.value.total === 0 ? (
                <p className="muted" data-testid="media-no-articles">
                  {t('no_articles')}
                </p>
              ) : (
                <div data-testid="media-articles-block" data-total={articles.value.total}>
                  <DataTable name={`media_articles_${country}_${period ?? `${from}_${to}`}`} rows={articles.value.items} columns={articleColumns} rowKey={(r) => r.id} />
                  <div className="pager">
                    <button type="button" className="small" disabled={page === 0} onClick={() => set({ page: page <= 1 ? undefined : String(page - 1) })} data-testid="media-previous">
                      {t('previous')}
                    </button>
                    <span className="muted" data-testid="media-page">
                      {t('page_of', { first: num(page * pageSize + 1, 0), last: num(Math.min(articles.value.total, (page + 1) * pageSize), 0), total: num(articles.value.total, 0) })}
                    </span>
                    <button type="button" className="small" disabled={(page + 1) * pageSize >= articles.value.total} onClick={() => set({ page: String(page + 1) })} data-testid="media-next">
                      {t('next')}
                    </button>
                  </div>
                </div>
              )}
            </>
          )}
        </>
      )}

      <h3>{t('downloads')}</h3>
      <table className="downloads">
        <tbody>
          {lens === 'coverage' ? (
            <>
              <tr>
                <td>
                  {t('media_rollups_all')}
                  {rangeText && ` · ${rangeText}`}
                  {type !== 'all' && ` · ${typeName(type)}`}
                </td>
                <td>
                  <Links name={rollupName} url={(f) => mediaRollupsUrl({ from: fromDay, to: toDay, by: 'month', type }, f)} />
                </td>
              </tr>
              {country !== '' && (
                <>
                  <tr>
                    <td>{t('media_rollups_country', { country: countryName, by: t(`by_${by}` as MessageKey) })}</td>
                    <td>
                      <Links name={`media-country-rollups_${country}_${by}_${from}_${to}`} url={(f) => mediaRollupsUrl({ country, from: fromDay, to: toDay, by, type }, f)} />
                    </td>
                  </tr>
                  <tr>
                    <td>{t('media_themes_country', { country: countryName, by: t(`by_${by}` as MessageKey) })}</td>
                    <td>
                      <Links name={`media-theme-rollups_${country}_${by}_${from}_${to}`} url={(f) => mediaRollupsUrl({ country, from: fromDay, to: toDay, by, type, theme: countedThemes.join(',') }, f)} />
                    </td>
                  </tr>
                </>
              )}
            </>
          ) : (
            <>
              <tr>
                <td>
                  {t('media_events_partners')}
                  {rangeText && ` · ${rangeText}`}
                </td>
                <td>
                  <Links name={`media-events_${from}_${to}`} url={(f) => mediaEventsLensUrl({ from, to, byMonth: false }, f)} />
                </td>
              </tr>
              <tr>
                <td>{t('media_events_months')}</td>
                <td>
                  <Links name="media-events-months" url={(f) => mediaEventsLensUrl({ byMonth: true }, f)} />
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
    </section>
  );
}
