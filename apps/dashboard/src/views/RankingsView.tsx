import { useMemo } from 'react';
import { api, type ResultRow } from '../lib/api';
import { useApp } from '../lib/context';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { DataTable, type Column } from '../components/DataTable';
import { YearSlider } from '../components/Controls';
import { RankBar } from '../components/RankBar';
import { Status } from '../components/Status';

interface RankingRow {
  unit: string;
  name: string;
  region: string | null;
  bri: boolean;
  score: number | null;
  rank: number | null;
  change: number | null;
  interval: ResultRow['rankInterval'];
  pillars: Map<string, number | null>;
}

export default function RankingsView() {
  const { t, text, num, group } = useI18n();
  const { model, year, go, name, countries } = useApp();
  const years = model.years;
  const previous = years[years.indexOf(year) - 1];
  const pillarLevel = model.root.level - 1;
  const pillars = useAsync(() => (pillarLevel >= 1 ? api.results(model.detail.id, { level: pillarLevel, year }) : Promise.resolve(null)), [model.detail.id, pillarLevel, year]);

  const rows = useMemo<RankingRow[]>(() => {
    const before = new Map(model.indexResults.filter((r) => r.year === previous).map((r) => [r.unit, r.rank]));
    const byUnit = new Map<string, Map<string, number | null>>();
    if (pillars.status === 'ready' && pillars.value) for (const p of pillars.value.items) {
      if (!byUnit.has(p.unit)) byUnit.set(p.unit, new Map());
      byUnit.get(p.unit)!.set(p.code, p.score);
    }
    return model.indexResults
      .filter((r) => r.year === year)
      .map((r) => {
        const was = before.get(r.unit);
        return {
          unit: r.unit,
          name: name(r.unit),
          region: group(countries.get(r.unit)?.unRegion) || null,
          bri: countries.get(r.unit)?.briPartner ?? false,
          score: r.score,
          rank: r.rank,
          change: was != null && r.rank != null ? was - r.rank : null,
          interval: r.rankInterval,
          pillars: byUnit.get(r.unit) ?? new Map(),
        };
      });
  }, [model, year, previous, pillars, name, countries, group]);

  const units = rows.filter((r) => r.rank != null).length;
  const hasIntervals = rows.some((r) => r.interval);
  const columns = useMemo<Column<RankingRow>[]>(
    () => [
      { id: 'rank', header: t('rank'), value: (r) => r.rank, numeric: true },
      { id: 'country', header: t('country'), value: (r) => r.name, searchable: true, cell: (r) => <a href={`#/country?fw=${model.detail.id}&year=${year}&iso3=${r.unit}`}>{r.name}</a> },
      { id: 'iso3', header: 'ISO3', value: (r) => r.unit, searchable: true },
      { id: 'score', header: t('score'), value: (r) => r.score, numeric: true, sortDescFirst: true, cell: (r) => num(r.score, 1) },
      {
        id: 'change',
        header: previous != null ? t('change', { year: previous }) : t('previous_none'),
        value: (r) => r.change,
        numeric: true,
        sortDescFirst: true,
        cell: (r) => (r.change == null ? '–' : r.change > 0 ? <span className="up">▲ {r.change}</span> : r.change < 0 ? <span className="down">▼ {-r.change}</span> : <span className="muted">=</span>),
      },
      ...model.pillars.map<Column<RankingRow>>((p) => ({ id: `p_${p.code}`, header: text(p.name, p.code), value: (r) => r.pillars.get(p.code) ?? null, numeric: true, sortDescFirst: true, cell: (r) => num(r.pillars.get(p.code), 1) })),
      { id: 'interval', header: t('interval'), value: (r) => (r.interval ? `${r.interval.low}–${r.interval.high}` : null), cell: (r) => <RankBar interval={r.interval} rank={r.rank} units={units} /> },
      { id: 'region', header: t('region'), value: (r) => r.region, searchable: true },
    ],
    [t, text, num, model, year, previous, units],
  );

  return (
    <section aria-labelledby="rank-title">
      <h2 id="rank-title">
        {text(model.root.name, model.root.code)} · {year}
      </h2>
      <div className="toolbar">
        <YearSlider />
      </div>
      {!hasIntervals && <p className="muted">{t('interval_none')}</p>}
      {pillars.status === 'error' ? (
        <Status error={pillars.error} />
      ) : (
        <DataTable
          name={`${model.detail.id}_ranking_${year}`}
          rows={rows}
          columns={columns}
          initialSort={[{ id: 'rank', desc: false }]}
          search
          rowKey={(r) => r.unit}
          onRowClick={(r) => go('country', { iso3: r.unit, year: String(year) })}
        />
      )}
    </section>
  );
}
