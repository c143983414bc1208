import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, chooseFramework } from './lib/api';
import { AppContext, BaseContext, type AppState, type BaseState } from './lib/context';
import { I18nProvider, initialLang, makeI18n, rememberLang, type Lang, type MessageKey } from './lib/i18n';
import { loadModel } from './lib/model';
import { navigate, useRoute, views, type View } from './lib/route';
import { useAsync } from './lib/useAsync';
import { Status } from './components/Status';

const MapView = lazy(() => import('./views/MapView'));
const RankingsView = lazy(() => import('./views/RankingsView'));
const CountryView = lazy(() => import('./views/CountryView'));
const CompareView = lazy(() => import('./views/CompareView'));
const BuildView = lazy(() => import('./views/BuildView'));
const SensitivityView = lazy(() => import('./views/SensitivityView'));
const MethodologyView = lazy(() => import('./views/MethodologyView'));
const DataView = lazy(() => import('./views/DataView'));
const MediaView = lazy(() => import('./views/MediaView'));

const viewComponents: Record<View, React.ComponentType> = {
  map: MapView,
  rankings: RankingsView,
  country: CountryView,
  compare: CompareView,
  build: BuildView,
  sensitivity: SensitivityView,
  methodology: MethodologyView,
  data: DataView,
  media: MediaView,
};

/** Views that read only the country reference and their own API, not a framework build. */
const needsNoModel: ReadonlySet<View> = new Set<View>(['media']);

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    rememberLang(next);
    setLangState(next);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  const { t } = i18n;
  const route = useRoute();
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
  }, [lang, t]);

  const base = useAsync(() => Promise.all([api.countries(), api.frameworks()]), []);
  const frameworks = base.status === 'ready' ? base.value[1].items : [];
  const built = frameworks.filter((f) => f.latestBuildId);
  const requested = route.params.get('fw');
  const frameworkId = base.status === 'ready' ? chooseFramework(frameworks, requested) : requested;
  const standalone = needsNoModel.has(route.view);
  const model = useAsync(() => (frameworkId && !standalone ? loadModel(frameworkId) : null), [frameworkId, standalone]);

  // the country reference apart from the route, so that `name` (a dependency of the views' chart
  // options and column definitions) changes with the language only, not with every link
  const reference = useMemo<Pick<BaseState, 'countries' | 'countryList' | 'name'> | null>(() => {
    if (base.status !== 'ready') return null;
    const countryList = base.value[0].items;
    const countries = new Map(countryList.map((c) => [c.iso3, c]));
    return {
      countries,
      countryList,
      name: (iso3) => {
        const c = countries.get(iso3);
        return c ? (lang === 'zh' ? (c.nameZh ?? c.nameEn) : c.nameEn) : iso3;
      },
    };
  }, [base, lang]);

  const baseState = useMemo<BaseState | null>(
    () => (reference ? { ...reference, params: route.params, go: (view, params = {}, replace = false) => navigate(view, params, route.params, replace) } : null),
    [reference, route.params],
  );

  const state = useMemo<AppState | null>(() => {
    if (!baseState || model.status !== 'ready') return null;
    const years = model.value.years;
    const asked = Number(route.params.get('year'));
    const year = years.includes(asked) ? asked : years[years.length - 1];
    return {
      ...baseState,
      frameworks,
      model: model.value,
      year,
      go: (view, params = {}, replace = false) => navigate(view, { fw: model.value.detail.id, ...params }, route.params, replace),
    };
  }, [baseState, model, route.params, frameworks]);

  const View = viewComponents[route.view];
  const switchFramework = (id: string) => navigate(route.view, { fw: id, year: undefined }, new URLSearchParams(), false);

  return (
    <I18nProvider value={i18n}>
      <a className="skip" href="#main">
        {t('skip_to_content')}
      </a>
      <header className="top">
        <div className="brand">
          <h1>{t('title')}</h1>
          <span className="muted">{t('subtitle')}</span>
        </div>
        <div className="controls">
          <label>
            <span>{t('framework')}</span>
            <select value={frameworkId ?? ''} onChange={(e) => switchFramework(e.target.value)} data-testid="framework">
              {built.map((f) => (
                <option key={f.id} value={f.id}>
                  {i18n.text(f.name, f.id)}
                </option>
              ))}
            </select>
          </label>
          <div className="lang" role="group" aria-label={t('language')}>
            {(['zh', 'en'] as const).map((l) => (
              <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} data-testid={`lang-${l}`} lang={l === 'zh' ? 'zh-CN' : 'en'}>
                {l === 'zh' ? '中文' : 'English'}
              </button>
            ))}
          </div>
        </div>
        <nav aria-label="views">
          {views.map((v) => (
            <a key={v} href={`#/${v}?${new URLSearchParams(frameworkId ? { fw: frameworkId } : {}).toString()}`} aria-current={route.view === v ? 'page' : undefined} data-testid={`nav-${v}`}>
              {t(`view_${v}` as MessageKey)}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1} data-view={route.view}>
        {base.status === 'error' ? (
          <Status error={base.error} />
        ) : standalone ? (
          !baseState ? (
            <Status />
          ) : (
            <BaseContext.Provider value={baseState}>
              <Suspense fallback={<Status />}>
                <View />
              </Suspense>
            </BaseContext.Provider>
          )
        ) : model.status === 'error' ? (
          <Status error={model.error} />
        ) : base.status === 'ready' && built.length === 0 ? (
          <p className="notice">{t('no_build')}</p>
        ) : !state ? (
          <Status />
        ) : (
          <BaseContext.Provider value={state}>
            <AppContext.Provider value={state}>
              <Suspense fallback={<Status />}>
                <View />
              </Suspense>
            </AppContext.Provider>
          </BaseContext.Provider>
        )}
      </main>
    </I18nProvider>
  );
}
