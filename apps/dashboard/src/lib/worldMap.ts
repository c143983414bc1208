import { MapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { useEffect, useMemo, useState } from 'react';
import { api, type Country } from './api';
import { echarts, registerParts } from './echarts';
import { joinWorldShapes, type WorldMap } from './geo';
import { useAsync, type Async } from './useAsync';

/** The chart types a choropleth of the world needs. */
export const mapParts = [MapChart, VisualMapComponent];

const worlds = new Map<'110m' | '50m', Promise<WorldMap>>();

/** The country shapes at `scale`, joined to the country reference and registered with ECharts as `world-<scale>`. */
export function worldMap(scale: '110m' | '50m', countries: readonly Country[]): Promise<WorldMap> {
  let world = worlds.get(scale);
  if (!world) {
    world = api.worldShapes(scale).then((shapes) => {
      const map = joinWorldShapes(shapes, countries);
      registerParts(mapParts);
      echarts.registerMap(`world-${scale}`, map.geoJson as unknown as Parameters<typeof echarts.registerMap>[1]);
      return { ...map, scale };
    });
    worlds.set(scale, world);
  }
  return world;
}

/**
 * The map is first drawn with the light 110m shapes; once that frame is on screen, the 50m
 * shapes, which have the small countries too, are loaded and replace them.
 */
export function useWorldMap(countries: readonly Country[]): Async<WorldMap> {
  const coarse = useAsync(() => worldMap('110m', countries), [countries]);
  const [fine, setFine] = useState<WorldMap | null>(null);
  useEffect(() => {
    if (coarse.status !== 'ready') return;
    let live = true;
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => worldMap('50m', countries).then((map) => live && setFine(map), () => {}));
    });
    return () => {
      live = false;
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [coarse.status, countries]);
  return useMemo(() => (fine ? { status: 'ready', value: fine } : coarse), [fine, coarse]);
}

/** `&#NN;` for the characters HTML gives a meaning to, for text put into ECharts tooltips. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where a map's colour legend goes: upright in the bottom-left corner (over the Pacific) on a
 * wide screen; lying under the map on a phone-width one, where it would cover the Americas.
 */
export function mapLegendLayout(): { legend: { left: number | string; bottom: number; orient: 'vertical' | 'horizontal'; itemHeight: number }; mapBottom: number } {
  const narrow = typeof window !== 'undefined' && window.matchMedia('(max-width: 640px)').matches;
  return narrow ? { legend: { left: 'center', bottom: 0, orient: 'horizontal', itemHeight: 160 }, mapBottom: 52 } : { legend: { left: 8, bottom: 8, orient: 'vertical', itemHeight: 120 }, mapBottom: 8 };
}
