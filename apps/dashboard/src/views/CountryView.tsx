import { LineChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent } from 'echarts/components';
import { useMemo, useState } from 'react';
import { api, type IndicatorValue } from '../lib/api';
import { useApp } from '../lib/context';
import type { ChartOption } from '../lib/echarts';
import { useI18n, type MessageKey } from '../lib/i18n';
import { peersOf, type PeerGroup } from '../lib/model';
import { useAsync } from '../lib/useAsync';
import { Chart } from '../components/Chart';
import { CountrySelect, YearSlider } from '../components/Controls';
import { DataTable, type Column } from '../components/DataTable';
import { RankBar } from '../components/RankBar';
import { Status } from '../components/Status';

const parts = [LineChart, RadarChart, GridComponent, LegendComponent, RadarComponent];

const peerGroups: PeerGroup[] = ['world', 'region', 'income', 'bri'];

interface IndicatorRow {
  code: string;
  name: string;
  pillar: string;
  score: number | null;
  raw: IndicatorValue | null;
  unit: string;
  source: string;
}

export default function CountryView() {
  const { t, text, num, lang, group } = useI18n();
  const { model, year, params, go, name, countries, countryList } = useApp();
  const ranked = model.indexResults.filter((r) => r.year === year && r.rank != null);
  const first = [...ranked].sort((a, b) => a.rank! - b.rank!)[0]?.unit ?? '';
  const iso3 = (params.get('iso3') ?? first).toUpperCase();
  const [peer, setPeer] = useState<PeerGroup>('world');
  const fw = model.detail.id;
  const pillarLevel = model.root.level - 1;
  const indicatorCodes = model.indicators.map((n) => n.code);

  const profile = useAsync(() => (iso3 ? api.profile(iso3, fw, year) : null), [iso3, fw, year]);
  const pillarRows = useAsync(() => (pillarLevel >= 1 ? api.results(fw, { level: pillarLevel, year }) : Promise.resolve(null)), [fw, pillarLevel, year]);
  const indicatorScores = useAsync(() => (iso3 ? api.results(fw, { level: 1, year, country: iso3 }) : null), [fw, year, iso3]);
  const raw = useAsync(() => (iso3 ? api.indicatorValues(iso3, indicatorCodes) : null), [iso3, fw]);

  const country = countries.get(iso3);
  const nodeName = (code: string) => {
    const i = model.framework.byCode.get(code);
    return i == null ? code : text(model.framework.nodes[i].name, code);
  };

  const pillarOrder = (code: string) => model.pillars.findIndex((p) => p.code === code);

  const radar = useMemo<ChartOption | null>(() => {
    if (pillarRows.status !== 'ready' || !pillarRows.value || !country) return null;
    const peers = new Set(peersOf(country, countryList, peer).map((c) => c.iso3));
    const own = model.pillars.map((p) => pillarRows.value!.items.find((r) => r.unit === iso3 && r.code === p.code)?.score ?? null);
    const average = model.pillars.map((p) => {
      const values = pillarRows.value!.items.filter((r) => r.code === p.code && peers.has(r.unit) && r.score != null).map((r) => r.score!);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
    const all = pillarRows.value.items.map((r) => r.score).filter((s): s is number => s != null);
    const max = Math.max(100, ...all);
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      radar: { indicator: model.pillars.map((p) => ({ name: text(p.name, p.code), max })), radius: '62%', axisName: { color: '#333' } },
      series: [
        {
          type: 'radar',
          data: [
            { name: name(iso3), value: own.map((v) => v ?? 0), areaStyle: { opacity: 0.25 } },
            { name: `${t('peer_average')} (${t(`peer_${peer}` as MessageKey)})`, value: average.map((v) => (v == null ? 0 : Number(v.toFixed(2)))), lineStyle: { type: 'dashed' } },
          ],
        },
      ],
    };
  }, [pillarRows, country, countryList, peer, model, iso3, name, t, text]);

  const trend = useMemo<ChartOption | null>(() => {
    if (profile.status !== 'ready') return null;
    const points = profile.value.trend.filter((p) => p.year != null);
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: points.map((p) => String(p.year)) },
      yAxis: [
        { type: 'value', name: t('score'), min: 'dataMin' },
        { type: 'value', name: t('rank'), inverse: true, min: 1, minInterval: 1 },
      ],
      series: [
        { type: 'line', name: t('score'), data: points.map((p) => (p.score == null ? null : Number(p.score.toFixed(2)))) },
        { type: 'line', name: t('rank'), yAxisIndex: 1, data: points.map((p) => p.rank), lineStyle: { type: 'dashed' } },
      ],
    };
  }, [profile, t]);

  const indicatorRows = useMemo<IndicatorRow[]>(() => {
    const scores = indicatorScores.status === 'ready' ? new Map(indicatorScores.value.items.map((r) => [r.code, r.score])) : new Map<string, number | null>();
    const values = raw.status === 'ready' ? raw.value.items : [];
    return model.indicators.map((n) => {
      const latest = values.filter((v) => v.indicator === n.code && v.value != null && v.year <= year).sort((a, b) => b.year - a.year)[0] ?? null;
      const parent = model.framework.nodes[n.parent];
      return { code: n.code, name: text(n.name, n.code), pillar: parent ? text(parent.name, parent.code) : '', score: scores.get(n.code) ?? null, raw: latest, unit: n.spec.unit ?? '', source: n.spec.source ?? latest?.source ?? '' };
    });
  }, [indicatorScores, raw, model, year, text]);

  const columns = useMemo<Column<IndicatorRow>[]>(
    () => [
      { id: 'pillar', header: t('pillars'), value: (r) => r.pillar, searchable: true },
      { id: 'indicator', header: t('indicator'), value: (r) => r.name, searchable: true },
      { id: 'score', header: t('score'), value: (r) => r.score, numeric: true, sortDescFirst: true, cell: (r) => num(r.score, 1) },
      { id: 'raw', header: t('raw_value'), value: (r) => r.raw?.value ?? null, numeric: true, cell: (r) => num(r.raw?.value, 3, false) },
      { id: 'unit', header: t('unit'), value: (r) => r.unit },
      { id: 'year', header: t('data_year'), value: (r) => r.raw?.year ?? null, numeric: true },
      { id: 'source', header: t('source'), value: (r) => r.source },
    ],
    [t, num],
  );

  const units = ranked.map((r) => r.unit);
  return (
    <section aria-labelledby="country-title">
      <div className="toolbar">
        <CountrySelect units={units.includes(iso3) ? units : [...units, iso3]} value={iso3} onChange={(u) => go('country', { iso3: u })} label={t('choose_country')} testId="country-select" />
        <YearSlider />
      </div>
      <h2 id="country-title" data-testid="country-name">
        {name(iso3)}
      </h2>
      {country && (
        <p className="muted" data-testid="country-groups">
          {[lang === 'zh' ? country.nameEn : country.nameZh, group(country.unRegion), group(country.wbRegion), group(country.wbIncomeGroup), country.briPartner ? t('bri') : null].filter(Boolean).join(' · ')}
        </p>
      )}
      {profile.status === 'error' ? (
        <Status error={profile.error} />
      ) : profile.status !== 'ready' ? (
        <Status />
      ) : (
        <>
          <div className="cards">
            <div className="card big" data-testid="index-score">
              <span className="label">{text(model.root.name, model.root.code)}</span>
              <span className="value">{num(profile.value.index.score, 1)}</span>
              <span className="muted">{t('rank_of', { rank: num(profile.value.index.rank, 0), units: profile.value.units })}</span>
              {profile.value.index.rankInterval && <RankBar interval={profile.value.index.rankInterval} rank={profile.value.index.rank} units={profile.value.units} />}
            </div>
            {[...profile.value.pillars].sort((a, b) => pillarOrder(a.code) - pillarOrder(b.code)).map((p) => (
              <div className="card" key={p.code}>
                <span className="label">{nodeName(p.code)}</span>
                <span className="value">{num(p.score, 1)}</span>
                <span className="muted">{t('rank_of', { rank: num(p.rank, 0), units: profile.value.units })}</span>
                {p.rankInterval && <RankBar interval={p.rankInterval} rank={p.rank} units={profile.value.units} />}
              </div>
            ))}
          </div>
          <div className="grid2">
            <div>
              <h3>{t('pillars')}</h3>
              <label>
                <span>{t('peer_group')}</span>
                <select value={peer} onChange={(e) => setPeer(e.target.value as PeerGroup)} data-testid="peer-group">
                  {peerGroups.map((g) => (
                    <option key={g} value={g}>
                      {t(`peer_${g}` as MessageKey)}
                      {g === 'region' && country?.unRegion ? ` (${group(country.unRegion)})` : g === 'income' && country?.wbIncomeGroup ? ` (${group(country.wbIncomeGroup)})` : ''}
                    </option>
                  ))}
                </select>
              </label>
              {radar ? <Chart parts={parts} name={`radar-${fw}-${iso3}-${year}`} option={radar} height={340} label={t('pillars')} /> : <Status />}
            </div>
            <div>
              <h3>{t('trend')}</h3>
              {trend && <Chart parts={parts} name={`trend-${fw}-${iso3}`} option={trend} height={340} label={t('trend')} />}
            </div>
          </div>
          <div className="grid2">
            {(['strengths', 'weaknesses'] as const).map((kind) => (
              <div key={kind}>
                <h3>{t(kind)}</h3>
                <ol className="plain" data-testid={kind}>
                  {profile.value[kind].map((s) => (
                    <li key={s.indicator}>
                      {nodeName(s.indicator)} <span className="muted">({t('rank')} {num(s.rank, 0)}, {t('score')} {num(s.score, 1)})</span>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </div>
          <h3>{t('indicators')}</h3>
          <DataTable name={`${fw}_${iso3}_${year}_indicators`} rows={indicatorRows} columns={columns} rowKey={(r) => r.code} search />
        </>
      )}
    </section>
  );
}
