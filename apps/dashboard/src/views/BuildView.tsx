import { useMemo, useState } from 'react';
import { api } from '../lib/api';
import { useApp } from '../lib/context';
import { useI18n } from '../lib/i18n';
import { aggregationAt, recompute, type ChildMatrix } from '../lib/recompute';
import { useAsync } from '../lib/useAsync';
import { DataTable, type Column } from '../components/DataTable';
import { YearSlider } from '../components/Controls';
import { RankBar } from '../components/RankBar';
import { Status } from '../components/Status';

interface BuildRow {
  unit: string;
  name: string;
  score: number;
  rank: number;
  published: number | null;
  interval: { low: number; high: number; median: number } | null;
}

/** `w=attraction:5,innovation:2.5` ↔ weights by code. */
export function parseWeights(text: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of (text ?? '').split(',')) {
    const [code, value] = part.split(':');
    const w = Number(value);
    if (code && value !== undefined && Number.isFinite(w) && w >= 0 && w <= 10) out.set(code, w);
  }
  return out;
}

export default function BuildView() {
  const { t, text, num } = useI18n();
  const { model, year, params, go, name } = useApp();
  const fw = model.detail.id;
  const level = model.root.level - 1;
  const children = model.pillars;
  const [copied, setCopied] = useState(false);

  const data = useAsync(
    () =>
      Promise.all([
        api.results(fw, { level, year }),
        model.detail.latestBuildId ? api.table(model.detail.latestBuildId, 'weights').catch(() => null) : Promise.resolve(null),
      ]),
    [fw, level, year],
  );

  const defaults = useMemo(() => {
    const { step } = aggregationAt(model.spec, model.root.level);
    const table = data.status === 'ready' ? data.value[1] : null;
    const used = new Map<string, number>();
    if (table) for (const row of table.items) if (row.weightSet === step.params.weights && typeof row.code === 'string' && typeof row.weight === 'number') used.set(row.code, row.weight);
    const raw = children.map((c) => used.get(c.code) ?? c.weight);
    const max = Math.max(...raw, 0);
    return raw.map((w) => (max > 0 ? Math.round((w / max) * 5 * 2) / 2 : 5));
  }, [data, children, model]);

  const fromUrl = parseWeights(params.get('w'));
  const weights = children.map((c, i) => fromUrl.get(c.code) ?? defaults[i]);
  const total = weights.reduce((a, b) => a + b, 0);

  const matrix = useMemo<ChildMatrix | null>(() => {
    if (data.status !== 'ready') return null;
    const rows = data.value[0].items;
    const units = [...new Set(rows.map((r) => r.unit))];
    const at = new Map(units.map((u, i) => [u, i]));
    const values = children.map(() => new Float64Array(units.length).fill(NaN));
    const col = new Map(children.map((c, i) => [c.code, i]));
    for (const r of rows) {
      const c = col.get(r.code);
      if (c !== undefined && r.score != null) values[c][at.get(r.unit)!] = r.score;
    }
    return { units, children: children.map((c) => c.code), values };
  }, [data, children]);

  const result = useMemo(() => (matrix ? recompute(matrix, weights, model.spec, model.root.level) : null), [matrix, weights.join(','), model]);

  const rows = useMemo<BuildRow[]>(() => {
    if (!matrix || !result) return [];
    const published = new Map(model.indexResults.filter((r) => r.year === year).map((r) => [r.unit, r]));
    return matrix.units
      .map((u, i) => ({ unit: u, name: name(u), score: result.scores[i], rank: result.ranks[i], published: published.get(u)?.rank ?? null, interval: published.get(u)?.rankInterval ?? null }))
      .filter((r) => !Number.isNaN(r.score));
  }, [matrix, result, model, year, name]);

  const setWeight = (i: number, value: number) => {
    const next = children.map((c, j) => `${c.code}:${j === i ? value : weights[j]}`).join(',');
    go('build', { ...Object.fromEntries(params), w: next }, true);
    setCopied(false);
  };
  const reset = () => {
    const { w: _w, ...rest } = Object.fromEntries(params);
    go('build', rest, true);
  };
  const share = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  const units = rows.length;
  const columns = useMemo<Column<BuildRow>[]>(
    () => [
      { id: 'rank', header: t('your_rank'), value: (r) => r.rank, numeric: true },
      { id: 'country', header: t('country'), value: (r) => r.name, searchable: true },
      { id: 'score', header: t('your_score'), value: (r) => r.score, numeric: true, sortDescFirst: true, cell: (r) => num(r.score, 1) },
      { id: 'published', header: t('official_rank'), value: (r) => r.published, numeric: true },
      {
        id: 'difference',
        header: '±',
        value: (r) => (r.published == null ? null : r.published - r.rank),
        numeric: true,
        cell: (r) => {
          const d = r.published == null ? null : r.published - r.rank;
          return d == null ? '–' : d > 0 ? <span className="up">▲ {d}</span> : d < 0 ? <span className="down">▼ {-d}</span> : <span className="muted">=</span>;
        },
      },
      { id: 'interval', header: t('interval'), value: (r) => (r.interval ? `${r.interval.low}–${r.interval.high}` : null), cell: (r) => <RankBar interval={r.interval} rank={r.published} units={units} /> },
    ],
    [t, num, units],
  );

  return (
    <section aria-labelledby="build-title">
      <h2 id="build-title">
        {t('view_build')} · {text(model.root.name, model.root.code)} · {year}
      </h2>
      <p className="note" role="note">
        {t('weights_note')}
      </p>
      <div className="toolbar">
        <YearSlider />
      </div>
      {data.status === 'error' ? (
        <Status error={data.error} />
      ) : !result ? (
        <Status />
      ) : (
        <div className="build">
          <fieldset className="weights">
            <legend>{t('weights')}</legend>
            {children.map((c, i) => (
              <label key={c.code} className="slider">
                <span>{text(c.name, c.code)}</span>
                <input
                  type="range"
                  min={0}
                  max={10}
                  step={0.5}
                  value={weights[i]}
                  onChange={(e) => setWeight(i, Number(e.target.value))}
                  aria-valuetext={`${weights[i]} (${total > 0 ? Math.round((weights[i] / total) * 100) : 0} %)`}
                  data-testid={`weight-${c.code}`}
                />
                <span className="muted">
                  {num(weights[i], 1)} · {t('weight_share', { share: `${total > 0 ? num((weights[i] / total) * 100, 0) : 0} %` })}
                </span>
              </label>
            ))}
            <div className="row">
              <button type="button" onClick={reset} data-testid="weights-reset">
                {t('reset')}
              </button>
              <button type="button" onClick={share} data-testid="weights-share">
                {t('share_link')}
              </button>
              {copied && <span role="status">{t('copied')}</span>}
            </div>
            <p className="muted" data-testid="recompute-ms" data-ms={result.ms.toFixed(3)}>
              {t('recomputed', { ms: num(result.ms, 2) })}
            </p>
          </fieldset>
          <DataTable name={`${fw}_your_index_${year}`} rows={rows} columns={columns} initialSort={[{ id: 'rank', desc: false }]} search rowKey={(r) => r.unit} maxRows={250} />
        </div>
      )}
    </section>
  );
}
