import * as echarts from 'echarts/core';
import { TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * The chart types and components a chart needs (`echarts.use` takes them). Each view names
 * its own, so that the map's code does not wait for the other views' chart types.
 */
export type ChartParts = Parameters<typeof echarts.use>[0];

/** Registers the canvas renderer, the tooltip and `parts`; registering twice does nothing. */
export function registerParts(parts: ChartParts): void {
  echarts.use([CanvasRenderer, TooltipComponent]);
  echarts.use(parts);
}

export { echarts };
export type { EChartsCoreOption as ChartOption, ECharts } from 'echarts/core';

/** Viridis (Smith and van der Walt), perceptually uniform and readable with colour-vision deficiency. */
export const viridis = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

/** Okabe–Ito qualitative palette, distinguishable with every common colour-vision deficiency. */
export const okabeIto = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
