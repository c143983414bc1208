import { useEffect, useRef } from 'react';
import { echarts, okabeIto, registerParts, type ChartOption, type ChartParts, type ECharts } from '../lib/echarts';
import { downloadDataUrl } from '../lib/download';
import { useI18n } from '../lib/i18n';

interface ChartProps {
  /** Used for the PNG file name and the test id. */
  name: string;
  option: ChartOption;
  /** The chart types and components the option uses. */
  parts: ChartParts;
  height: number | string;
  label: string;
  onClick?: (params: { name?: string; seriesName?: string; data?: unknown }) => void;
}

/** An ECharts chart with a PNG download; resizes with its container. */
export function Chart({ name, option, parts, height, label, onClick }: ChartProps) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const registered = useRef(parts);

  useEffect(() => {
    const el = element.current!;
    registerParts(registered.current);
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (p) => click.current?.(p as { name?: string }));
    let size = `${el.clientWidth}x${el.clientHeight}`;
    const observer = new ResizeObserver(() => {
      const next = `${el.clientWidth}x${el.clientHeight}`;
      if (next === size) return;
      size = next;
      instance.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption({ color: okabeIto, textStyle: { fontFamily: 'inherit' }, animationDuration: 300, ...option }, { notMerge: true });
    element.current!.dataset.ready = String(Date.now());
  }, [option]);

  const png = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    if (url) downloadDataUrl(`${name}.png`, url);
  };

  return (
    <figure className="chart">
      <div ref={element} className="chart-canvas" style={{ height }} role="img" aria-label={label} data-chart={name} />
      <figcaption>
        <button type="button" className="small" onClick={png} data-testid={`png-${name}`}>
          {t('download_png')}
        </button>
      </figcaption>
    </figure>
  );
}
