import { useMemo } from 'react';
import { api, type IndicatorValue } from '../lib/api';
import { useApp } from '../lib/context';
import { viridis, type ChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { escapeHtml, mapLegendLayout, mapParts as parts, useWorldMap } from '../lib/worldMap';
import { Chart } from '../components/Chart';
import { YearSlider } from '../components/Controls';
import { Status } from '../components/Status';

interface MapRow {
  unit: string;
  value: number;
  year: number | null;
  source: string | null;
}

export default function MapView() {
  const { t, text, num } = useI18n();
  const { model, year, params, go, name, countries, countryList } = useApp();
  const { framework } = model;
  const level = Number(params.get('level') ?? model.root.level);
  const nodesAtLevel = framework.nodes.filter((n) => n.level === level);
  const code = nodesAtLevel.some((n) => n.code === params.get('code')) ? params.get('code')! : (nodesAtLevel[0]?.code ?? model.root.code);
  const node = framework.nodes[framework.byCode.get(code) ?? framework.root];
  const briOnly = params.get('bri') === '1';
  const wantsRaw = node.isIndicator && params.get('show') !== 'score';
  const map = useWorldMap(countryList);
  const isIndex = code === model.root.code;
  const fetched = useAsync(() => (isIndex ? null : api.results(model.detail.id, { code, year: 'all' })), [model.detail.id, code, isIndex]);
  const items = isIndex ? model.indexResults : fetched.status === 'ready' ? fetched.value.items : null;
  const raw = useAsync(() => (wantsRaw ? Promise.all([api.indicatorValuesOf(code), api.indicators([code])]) : null), [code, wantsRaw]);
  const rawValues = wantsRaw && raw.status === 'ready' ? raw.value[0].items : null;
  const showRaw = rawValues != null && rawValues.length > 0;
  const unit = node.spec.unit ?? (raw.status === 'ready' ? raw.value[1].items[0]?.unit : null) ?? '';
  const set = (change: Record<string, string | undefined>) => go('map', { ...Object.fromEntries(params), ...change }, true);

  const scores = useMemo(() => new Map((items ?? []).filter((r) => r.year === year && r.score != null).map((r) => [r.unit, r])), [items, year]);

  const rows = useMemo<MapRow[]>(() => {
    const shown = (unit: string) => !briOnly || countries.get(unit)?.briPartner === true;
    if (showRaw) {
      const latest = new Map<string, IndicatorValue>();
      for (const v of rawValues) {
        if (v.value == null || Number.isNaN(v.value) || v.year > year || !shown(v.country)) continue;
        const seen = latest.get(v.country);
        if (!seen || v.year > seen.year) latest.set(v.country, v);
      }
      return [...latest.values()].map((v) => ({ unit: v.country, value: v.value!, year: v.year, source: v.source }));
    }
    return [...scores.values()].filter((r) => shown(r.unit)).map((r) => ({ unit: r.unit, value: r.score!, year: r.year, source: null }));
  }, [showRaw, rawValues, scores, year, briOnly, countries]);

  const option = useMemo<ChartOption | null>(() => {
    if (map.status !== 'ready') return null;
    const values = rows.map((r) => r.value);
    const min = values.length ? Math.min(...values) : 0;
    const max = values.length ? Math.max(...values) : 1;
    const byUnit = new Map(rows.map((r) => [r.unit, r]));
    const digits = showRaw ? 2 : 1;
    const layout = mapLegendLayout();
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const r = byUnit.get(p.name);
          const title = `<strong>${escapeHtml(name(p.name))}</strong>`;
          if (!r) return `${title}<br/>${t('no_data')}`;
          const score = scores.get(p.name);
          const lines = showRaw
            ? [
                `${t('raw_value')}: ${num(r.value, 3, false)}${unit ? ` ${escapeHtml(unit)}` : ''}`,
                `${t('data_year')}: ${r.year ?? '–'}`,
                `${t('source')}: ${escapeHtml(r.source ?? '–')}`,
                ...(score ? [`${t('score_normalised')}: ${num(score.score, 1)} (${t('rank')} ${num(score.rank, 0)})`] : []),
              ]
            : [`${t('score')}: ${num(r.value, digits)}`, `${t('rank')}: ${num(score?.rank, 0)}`];
          return [title, ...lines].join('<br/>');
        },
      },
      visualMap: {
        type: 'continuous',
        min,
        max: max === min ? min + 1 : max,
        inRange: { color: viridis },
        text: [t('legend_high'), t('legend_low')],
        calculable: true,
        ...layout.legend,
        formatter: (v: number) => num(v, showRaw ? 2 : 0, false),
      },
      series: [
        {
          type: 'map',
          map: `world-${map.value.scale}`,
          roam: true,
          aspectScale: 1,
          top: 8,
          bottom: layout.mapBottom,
          left: 8,
          right: 8,
          itemStyle: { areaColor: '#e6e6e6', borderColor: '#ffffff', borderWidth: 0.4 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#f28e2b' } },
          select: { disabled: true },
          data: rows.filter((r) => map.value.iso3.has(r.unit)).map((r) => ({ name: r.unit, value: r.value })),
        },
      ],
    };
  }, [map, rows, scores, showRaw, unit, name, t, num]);

  const missing = map.status === 'ready' ? rows.filter((r) => !map.value.iso3.has(r.unit)).map((r) => name(r.unit)) : [];
  const drawn = rows.length - missing.length;

  return (
    <section aria-labelledby="map-title">
      <h2 id="map-title">
        {text(node.name, node.code)} · {year}
      </h2>
      <div className="toolbar">
        <label>
          <span>{t('level')}</span>
          <select value={level} onChange={(e) => set({ level: e.target.value, code: undefined })} data-testid="map-level">
            {model.levels.map((l) => (
              <option key={l} value={l}>
                {text(framework.levelNames.get(l), String(l))}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('measure')}</span>
          <select value={code} onChange={(e) => set({ code: e.target.value })} data-testid="map-code">
            {nodesAtLevel.map((n) => (
              <option key={n.code} value={n.code}>
                {text(n.name, n.code)}
              </option>
            ))}
          </select>
        </label>
        {node.isIndicator && (
          <label>
            <span>{t('show')}</span>
            <select value={wantsRaw ? 'raw' : 'score'} onChange={(e) => set({ show: e.target.value === 'score' ? 'score' : undefined })} data-testid="map-show">
              <option value="raw">{t('raw_value')}</option>
              <option value="score">{t('score_normalised')}</option>
            </select>
          </label>
        )}
        <YearSlider />
        <label className="check">
          <input type="checkbox" checked={briOnly} onChange={(e) => set({ bri: e.target.checked ? '1' : undefined })} data-testid="bri-only" />
          <span>{t('bri_only')}</span>
        </label>
      </div>
      {map.status === 'error' ? (
        <Status error={map.error} />
      ) : !isIndex && fetched.status === 'error' ? (
        <Status error={fetched.error} />
      ) : wantsRaw && raw.status === 'error' ? (
        <Status error={raw.error} />
      ) : !option || !items || (wantsRaw && raw.status !== 'ready') ? (
        <Status />
      ) : (
        <>
          {wantsRaw && !showRaw && <p className="muted">{t('raw_none')}</p>}
          <div data-testid="map" data-coloured={drawn} data-shapes={map.status === 'ready' ? map.value.scale : undefined} data-measure={showRaw ? 'raw' : 'score'}>
            <Chart parts={parts} name={`map-${model.detail.id}-${code}-${showRaw ? 'raw' : 'score'}-${year}`} option={option} height="min(62vh, 560px, 56vw)" label={`${text(node.name)} ${year}`} onClick={(p) => p.name && countries.has(p.name) && go('country', { iso3: p.name })} />
          </div>
          <p className="muted">
            {t('countries_shown', { n: drawn })} {t('click_country')}
            {missing.length > 0 && ` ${t('not_drawn', { list: missing.join(', ') })}`}
          </p>
        </>
      )}
    </section>
  );
}
