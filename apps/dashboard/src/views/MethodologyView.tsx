import { TreeChart } from 'echarts/charts';
import { useMemo } from 'react';
import type { FrameworkNode } from '@softpower/engine';
import { api, type Indicator } from '../lib/api';
import { useApp } from '../lib/context';
import type { ChartOption } from '../lib/echarts';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { Chart } from '../components/Chart';
import { DataTable, type Column } from '../components/DataTable';

const parts = [TreeChart];

interface IndicatorRow {
  node: FrameworkNode;
  catalogue: Indicator | null;
  name: string;
  pillar: string;
}

interface TreeDatum {
  name: string;
  value: number;
  children?: TreeDatum[];
}

export default function MethodologyView() {
  const { t, text, num, lang } = useI18n();
  const { model } = useApp();
  const { framework, spec } = model;
  const codes = model.indicators.map((n) => n.code);
  const catalogue = useAsync(() => api.indicators(codes), [model.detail.id]);

  const tree = useMemo<ChartOption>(() => {
    const build = (i: number): TreeDatum => {
      const n = framework.nodes[i];
      return { name: text(n.name, n.code), value: n.weight, children: n.children.length ? n.children.map(build) : undefined };
    };
    return {
      tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}<br/>${t('weight')}: ${num(p.value, 2)}` },
      series: [{ type: 'tree', data: [build(framework.root)], top: 8, left: 160, bottom: 8, right: 260, symbolSize: 8, initialTreeDepth: -1, label: { position: 'left', fontSize: 11 }, leaves: { label: { position: 'right' } }, expandAndCollapse: false }],
    };
  }, [framework, text, t, num]);

  const rows = useMemo<IndicatorRow[]>(() => {
    const byCode = catalogue.status === 'ready' ? new Map(catalogue.value.items.map((c) => [c.code, c])) : new Map<string, Indicator>();
    return model.indicators.map((n) => ({ node: n, catalogue: byCode.get(n.code) ?? null, name: text(n.name, n.code), pillar: text(framework.nodes[n.parent]?.name, '') }));
  }, [catalogue, model, framework, text]);

  const columns = useMemo<Column<IndicatorRow>[]>(
    () => [
      { id: 'pillar', header: t('pillars'), value: (r) => r.pillar, searchable: true },
      { id: 'code', header: 'Code', value: (r) => r.node.code, searchable: true },
      { id: 'name', header: t('indicator'), value: (r) => r.name, searchable: true },
      { id: 'definition', header: t('definition'), value: (r) => text(r.node.spec.description, '') || r.catalogue?.description || text(r.node.spec.reason, '') },
      { id: 'unit', header: t('unit'), value: (r) => r.node.spec.unit ?? r.catalogue?.unit ?? null },
      { id: 'direction', header: t('direction'), value: (r) => (r.node.direction === 1 ? t('higher_better') : t('lower_better')) },
      { id: 'weight', header: t('weight'), value: (r) => r.node.weight, numeric: true },
      { id: 'source', header: t('source'), value: (r) => [r.node.spec.source ?? r.catalogue?.source, r.node.spec.sourceCode].filter(Boolean).join(' · ') },
      { id: 'licence', header: t('licence'), value: (r) => r.catalogue?.licenceStatus ?? null },
    ],
    [t, text],
  );

  return (
    <section aria-labelledby="method-title">
      <h2 id="method-title">{text(spec.name, spec.id)}</h2>
      {spec.description && <p className="lead">{text(spec.description)}</p>}
      {spec.citation && <p className="muted">{spec.citation}</p>}
      <h3>{t('methodology_tree')}</h3>
      <Chart parts={parts} name={`framework-${spec.id}`} option={tree} height={Math.max(360, model.indicators.length * 18)} label={t('methodology_tree')} />
      <h3>{t('methodology_indicators')}</h3>
      <DataTable name={`${spec.id}_indicators`} rows={rows} columns={columns} rowKey={(r) => r.node.code} search />
      <h3>{t('methodology_steps')}</h3>
      <ol className="steps" data-testid="steps">
        {spec.steps.map((s) => (
          <li key={s.id}>
            <strong>{s.id}</strong> <span className="muted">({s.kind}{s.enabled === false ? `, ${t('disabled')}` : ''})</span>
            {s.description && <p>{typeof s.description === 'string' ? s.description : text(s.description as Record<string, string>)}</p>}
            {'params' in s && s.params && Object.keys(s.params).length > 0 && (
              <details>
                <summary>{t('parameters')}</summary>
                <pre lang="en">{JSON.stringify(s.params, null, 2)}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
      <p className="muted">{lang === 'zh' ? `规范 ${spec.id}，版本 ${model.detail.latestVersion}` : `Specification ${spec.id}, version ${model.detail.latestVersion}`}</p>
    </section>
  );
}
