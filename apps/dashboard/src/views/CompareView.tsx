import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { useMemo } from 'react';
import { api } from '../lib/api';
import { useApp } from '../lib/context';
import type { ChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { Chart } from '../components/Chart';
import { CountrySelect, YearSlider } from '../components/Controls';
import { DataTable, type Column } from '../components/DataTable';

const parts = [BarChart, LineChart, GridComponent, LegendComponent];

interface CompareRow {
  code: string;
  name: string;
  values: Map<string, { score: number | null; rank: number | null }>;
}

export default function CompareView() {
  const { t, text, num } = useI18n();
  const { model, year, params, go, name } = useApp();
  const ranked = model.indexResults.filter((r) => r.year === year && r.rank != null).sort((a, b) => a.rank! - b.rank!);
  const fromUrl = (params.get('c') ?? '').split(',').map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z]{3}$/.test(c));
  const chosen = (fromUrl.length ? fromUrl : ranked.slice(0, 2).map((r) => r.unit)).slice(0, 4);
  const set = (next: string[]) => go('compare', { ...Object.fromEntries(params), c: next.join(',') }, true);
  const fw = model.detail.id;
  const pillarLevel = model.root.level - 1;
  const key = chosen.join(',');
  const pillars = useAsync(() => (pillarLevel >= 1 ? api.results(fw, { level: pillarLevel, year, country: chosen.join(',') }) : Promise.resolve(null)), [fw, year, key]);

  const rows = useMemo<CompareRow[]>(() => {
    const index = model.indexResults.filter((r) => r.year === year);
    const lines: CompareRow[] = [{ code: model.root.code, name: text(model.root.name, model.root.code), values: new Map(index.filter((r) => chosen.includes(r.unit)).map((r) => [r.unit, r])) }];
    if (pillars.status === 'ready' && pillars.value)
      for (const p of model.pillars) lines.push({ code: p.code, name: text(p.name, p.code), values: new Map(pillars.value.items.filter((r) => r.code === p.code).map((r) => [r.unit, r])) });
    return lines;
  }, [model, year, pillars, text, key]);

  const bars = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 64, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, width: 110, overflow: 'break' } },
      yAxis: { type: 'value', name: t('score') },
      series: chosen.map((u) => ({ type: 'bar', name: name(u), data: rows.map((r) => { const s = r.values.get(u)?.score; return s == null ? null : Number(s.toFixed(2)); }) })),
    }),
    [rows, chosen, name, t],
  );

  const trend = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: model.years.map(String) },
      yAxis: { type: 'value', name: t('rank'), inverse: true, min: 1, minInterval: 1 },
      series: chosen.map((u) => ({ type: 'line', name: name(u), data: model.years.map((y) => model.indexResults.find((r) => r.unit === u && r.year === y)?.rank ?? null) })),
    }),
    [model, chosen, name, t],
  );

  const columns = useMemo<Column<CompareRow>[]>(
    () => [
      { id: 'measure', header: t('measure'), value: (r) => r.name },
      ...chosen.flatMap<Column<CompareRow>>((u) => [
        { id: `${u}_score`, header: `${name(u)} · ${t('score')}`, value: (r) => r.values.get(u)?.score ?? null, numeric: true, cell: (r) => num(r.values.get(u)?.score, 1) },
        { id: `${u}_rank`, header: `${name(u)} · ${t('rank')}`, value: (r) => r.values.get(u)?.rank ?? null, numeric: true },
      ]),
    ],
    [chosen, name, t, num],
  );

  const units = ranked.map((r) => r.unit);
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">
        {t('view_compare')} · {text(model.root.name, model.root.code)} · {year}
      </h2>
      <p className="muted">{t('compare_hint')}</p>
      <div className="toolbar">
        {chosen.map((u, i) => (
          <span key={`${u}-${i}`} className="chip">
            <CountrySelect units={units} value={u} onChange={(v) => set(chosen.map((c, j) => (j === i ? v : c)))} label={`${t('country')} ${i + 1}`} testId={`compare-${i}`} />
            {chosen.length > 2 && (
              <button type="button" className="small" onClick={() => set(chosen.filter((_, j) => j !== i))} aria-label={`${t('remove')} ${name(u)}`}>
                ×
              </button>
            )}
          </span>
        ))}
        {chosen.length < 4 && <CountrySelect units={units.filter((u) => !chosen.includes(u))} value="" onChange={(v) => v && set([...chosen, v])} label={t('add_country')} testId="compare-add" />}
        <YearSlider />
      </div>
      <div className="grid2">
        <Chart parts={parts} name={`compare-${fw}-${year}`} option={bars} height={360} label={t('view_compare')} />
        <Chart parts={parts} name={`compare-trend-${fw}`} option={trend} height={360} label={t('trend')} />
      </div>
      <DataTable name={`${fw}_compare_${year}`} rows={rows} columns={columns} rowKey={(r) => r.code} />
    </section>
  );
}
