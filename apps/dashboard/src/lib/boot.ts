import { api, chooseFramework, frameworkData } from './api';
import { overviewQuery } from './media';
import { parseHash } from './route';

const ignore = () => {};

/**
 * Starts every request the first view needs before the application's code has loaded, so
 * that the API, the map shapes and the view's code arrive in parallel. The answers wait in
 * the request cache of `getJson`; a failed request is dropped from it and made again, with
 * its error shown, by the view that needs it.
 */
export function prefetch(hash: string): void {
  const route = parseHash(hash);
  api.countries().catch(ignore);
  api
    .frameworks()
    .then((list) => {
      const id = chooseFramework(list.items, route.params.get('fw'));
      if (!id || route.view === 'media') return;
      frameworkData(id).catch(ignore);
      const code = route.params.get('code');
      if (route.view === 'map' && code) api.results(id, { code, year: 'all' }).catch(ignore);
    })
    .catch(ignore);
  if (route.view === 'map') {
    api.worldShapes('110m').catch(ignore);
    import('../views/MapView').catch(ignore);
  }
  if (route.view === 'media') {
    api.worldShapes('110m').catch(ignore);
    api.mediaRollups(overviewQuery).catch(ignore);
    api.mediaEventsLens({ byMonth: true }).catch(ignore);
    api.mediaUnknownSources().catch(ignore);
    import('../views/MediaView').catch(ignore);
  }
}
