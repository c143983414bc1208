import { useEffect, useState } from 'react';

export const views = ['map', 'rankings', 'country', 'compare', 'build', 'sensitivity', 'methodology', 'data', 'media'] as const;
export type View = (typeof views)[number];

export interface Route {
  view: View;
  params: URLSearchParams;
}

/** The route lives in the URL hash (`#/rankings?fw=…&year=…`), so every view can be shared as a link. */
export function parseHash(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (views as readonly string[]).includes(path) ? (path as View) : 'map';
  return { view, params: new URLSearchParams(search) };
}

export function routeHash(view: View, params: Record<string, string | undefined> | URLSearchParams): string {
  const search = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams();
  if (!(params instanceof URLSearchParams)) for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v);
  const text = search.toString();
  return `#/${view}${text ? `?${text}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** Navigates, keeping the framework and year unless they are given. */
export function navigate(view: View, params: Record<string, string | undefined>, current?: URLSearchParams, replace = false): void {
  const merged: Record<string, string | undefined> = { fw: current?.get('fw') ?? undefined, year: current?.get('year') ?? undefined, ...params };
  const hash = routeHash(view, merged);
  if (replace) history.replaceState(null, '', hash);
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}
