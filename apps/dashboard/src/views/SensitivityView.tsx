import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { useMemo } from 'react';
import { api } from '../lib/api';
import { useApp } from '../lib/context';
import type { ChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { Chart } from '../components/Chart';
import { YearSlider } from '../components/Controls';
import { Status } from '../components/Status';

const parts = [BarChart, ScatterChart, GridComponent, LegendComponent];

export default function SensitivityView() {
  const { t, text, num, date } = useI18n();
  const { model, year, name } = useApp();
  const fw = model.detail.id;
  const runs = useAsync(() => api.sensitivityRuns(fw), [fw]);
  const rows = model.indexResults.filter((r) => r.year === year && r.rank != null && r.rankInterval).sort((a, b) => a.rank! - b.rank!);

  const option = useMemo<ChartOption | null>(() => {
    if (rows.length === 0) return null;
    const labels = rows.map((r) => name(r.unit));
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: { dataIndex: number }[]) => {
          const r = rows[items[0].dataIndex];
          return `<strong>${name(r.unit)}</strong><br/>${t('nominal_rank')}: ${r.rank}<br/>${t('interval')}: ${num(r.rankInterval!.low, 0)}–${num(r.rankInterval!.high, 0)}<br/>${t('median_rank', { median: num(r.rankInterval!.median, 1) })}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { fontSize: 10 } },
      xAxis: { type: 'value', name: t('rank'), min: 1, max: rows.length, inverse: false },
      series: [
        { type: 'bar', stack: 'interval', data: rows.map((r) => r.rankInterval!.low), itemStyle: { color: 'transparent' }, tooltip: { show: false }, silent: true },
        { type: 'bar', stack: 'interval', name: t('interval'), data: rows.map((r) => Math.max(0.5, r.rankInterval!.high - r.rankInterval!.low)), itemStyle: { color: '#3e4989' }, barWidth: '60%' },
        { type: 'scatter', name: t('median_rank', { median: '' }).trim(), data: rows.map((r) => r.rankInterval!.median), symbolSize: 6, itemStyle: { color: '#fde725', borderColor: '#333' } },
        { type: 'scatter', name: t('nominal_rank'), data: rows.map((r) => r.rank), symbol: 'diamond', symbolSize: 6, itemStyle: { color: '#000' } },
      ],
    };
  }, [rows, name, t, num]);

  const sobolRun = runs.status === 'ready' ? runs.value.items.find((r) => r.buildId === model.detail.latestBuildId && (r.indices?.length ?? 0) > 0) : undefined;
  const sobol = useMemo<ChartOption | null>(() => {
    const indices = sobolRun?.indices;
    if (!indices?.length) return null;
    const value = (v: number | null | undefined) => (v == null ? null : Number(v.toFixed(4)));
    const interval = (lo: number | null | undefined, hi: number | null | undefined) => (lo == null || hi == null ? '' : ` (${num(lo, 2)}–${num(hi, 2)})`);
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items: { dataIndex: number }[]) => {
          const s = indices[items[0].dataIndex];
          return `<strong>${s.assumption}</strong><br/>${t('sobol_first')}: ${num(s.first, 3)}${interval(s.firstQ05, s.firstQ95)}<br/>${t('sobol_total')}: ${num(s.total, 3)}${interval(s.totalQ05, s.totalQ95)}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      yAxis: { type: 'category', data: indices.map((s) => s.assumption), inverse: true },
      xAxis: { type: 'value', min: 0, max: (v: { max: number }) => Math.max(1, Math.ceil(v.max)) },
      series: [
        { type: 'bar', name: t('sobol_first'), data: indices.map((s) => value(s.first)), itemStyle: { color: '#31688e' } },
        { type: 'bar', name: t('sobol_total'), data: indices.map((s) => value(s.total)), itemStyle: { color: '#e69f00' } },
      ],
    };
  }, [sobolRun, t, num]);

  return (
    <section aria-labelledby="sens-title">
      <h2 id="sens-title">
        {t('view_sensitivity')} · {text(model.root.name, model.root.code)}
      </h2>
      <div className="toolbar">
        <YearSlider />
      </div>
      <h3>{t('sensitivity_runs')}</h3>
      {runs.status === 'error' ? (
        <Status error={runs.error} />
      ) : runs.status !== 'ready' ? (
        <Status />
      ) : runs.value.items.length === 0 ? (
        <div className="notice" data-testid="sensitivity-none">
          <p>{t('sensitivity_none')}</p>
          <p className="muted">{t('sensitivity_hint')}</p>
        </div>
      ) : (
        <ul className="plain" data-testid="sensitivity-runs">
          {runs.value.items.map((r) => (
            <li key={r.id}>
              {date(r.finishedAt)} · {r.kind ?? ''} · {r.runs ?? '–'} {t('samples')}
              {(r.failedRuns ?? 0) > 0 && ` (${r.failedRuns} ${t('failed')})`}
              {r.buildId !== model.detail.latestBuildId && ` · ${t('older_build')}`}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('rank_intervals')}</h3>
      {option ? <Chart parts={parts} name={`rank-intervals-${fw}-${year}`} option={option} height={Math.max(320, rows.length * 14 + 60)} label={t('rank_intervals')} /> : <p className="muted">{t('interval_none')}</p>}
      <h3>{t('sobol')}</h3>
      {sobol ? (
        <Chart parts={parts} name={`sobol-${fw}`} option={sobol} height={Math.max(240, sobolRun!.indices!.length * 56 + 80)} label={t('sobol')} />
      ) : (
        <p className="muted" data-testid="sobol-none">
          {t('sobol_none')}
        </p>
      )}
    </section>
  );
}
