import { useMemo } from 'react';
import { api, type Country } from '../lib/api';
import { useApp } from '../lib/context';
import { echarts, viridis, type ChartOption } from '../lib/echarts';
import { loadWorldMap, type WorldMap } from '../lib/geo';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { Chart } from '../components/Chart';
import { YearSlider } from '../components/Controls';
import { Status } from '../components/Status';

let world: Promise<WorldMap> | null = null;

/** Starts fetching the country shapes while the API answers arrive. */
export function preloadWorld(): void {
  void import('world-atlas/countries-50m.json');
}

function worldMap(countries: readonly Country[]): Promise<WorldMap> {
  world ??= loadWorldMap(countries).then((map) => {
    echarts.registerMap('world', map.geoJson as unknown as Parameters<typeof echarts.registerMap>[1]);
    return map;
  });
  return world;
}

export default function MapView() {
  const { t, text, num } = useI18n();
  const { model, year, params, go, name, countries, countryList } = useApp();
  const { framework } = model;
  const level = Number(params.get('level') ?? model.root.level);
  const nodesAtLevel = framework.nodes.filter((n) => n.level === level);
  const code = nodesAtLevel.some((n) => n.code === params.get('code')) ? params.get('code')! : (nodesAtLevel[0]?.code ?? model.root.code);
  const briOnly = params.get('bri') === '1';
  const map = useAsync(() => worldMap(countryList), [countryList]);
  const results = useAsync(() => api.results(model.detail.id, { code, year: 'all' }), [model.detail.id, code]);
  const set = (change: Record<string, string | undefined>) => go('map', { ...Object.fromEntries(params), ...change }, true);

  const rows = useMemo(() => {
    if (results.status !== 'ready') return [];
    return results.value.items.filter((r) => r.year === year && r.score != null && (!briOnly || countries.get(r.unit)?.briPartner));
  }, [results, year, briOnly, countries]);

  const option = useMemo<ChartOption | null>(() => {
    if (map.status !== 'ready') return null;
    const scores = rows.map((r) => r.score!);
    const min = scores.length ? Math.min(...scores) : 0;
    const max = scores.length ? Math.max(...scores) : 1;
    const byUnit = new Map(rows.map((r) => [r.unit, r]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string }) => {
          const r = byUnit.get(p.name);
          return r ? `<strong>${name(p.name)}</strong><br/>${t('score')}: ${num(r.score, 1)}<br/>${t('rank')}: ${num(r.rank, 0)}` : `${name(p.name)}<br/>${t('no_data')}`;
        },
      },
      visualMap: {
        type: 'continuous',
        min,
        max: max === min ? min + 1 : max,
        inRange: { color: viridis },
        text: [t('legend_high'), t('legend_low')],
        calculable: true,
        left: 8,
        bottom: 8,
        itemHeight: 120,
        formatter: (v: number) => num(v, 0),
      },
      series: [
        {
          type: 'map',
          map: 'world',
          roam: true,
          aspectScale: 1,
          top: 8,
          bottom: 8,
          left: 8,
          right: 8,
          itemStyle: { areaColor: '#e6e6e6', borderColor: '#ffffff', borderWidth: 0.4 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#f28e2b' } },
          select: { disabled: true },
          data: rows.filter((r) => map.value.iso3.has(r.unit)).map((r) => ({ name: r.unit, value: r.score })),
        },
      ],
    };
  }, [map, rows, name, t, num]);

  const node = framework.nodes[framework.byCode.get(code) ?? framework.root];
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
        <YearSlider />
        <label className="check">
          <input type="checkbox" checked={briOnly} onChange={(e) => set({ bri: e.target.checked ? '1' : undefined })} data-testid="bri-only" />
          <span>{t('bri_only')}</span>
        </label>
      </div>
      {map.status === 'error' ? (
        <Status error={map.error} />
      ) : results.status === 'error' ? (
        <Status error={results.error} />
      ) : !option || results.status !== 'ready' ? (
        <Status />
      ) : (
        <>
          <div data-testid="map" data-coloured={drawn}>
            <Chart name={`map-${model.detail.id}-${code}-${year}`} option={option} height="min(62vh, 560px, 56vw)" label={`${text(node.name)} ${year}`} onClick={(p) => p.name && countries.has(p.name) && go('country', { iso3: p.name })} />
          </div>
          <p className="muted">
            {t('countries_shown', { n: drawn })}. {t('click_country')}
            {missing.length > 0 && ` ${t('not_drawn', { list: missing.join(', ') })}`}
          </p>
        </>
      )}
    </section>
  );
}
