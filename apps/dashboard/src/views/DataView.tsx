import { api } from '../lib/api';
import { useApp } from '../lib/context';
import { useI18n } from '../lib/i18n';
import { useAsync } from '../lib/useAsync';
import { Status } from '../components/Status';

function Links({ url, name }: { url: (format: 'csv' | 'xlsx' | 'json') => string; name: string }) {
  return (
    <span className="links">
      {(['csv', 'xlsx', 'json'] as const).map((f) => (
        <a key={f} href={url(f)} download={`${name}.${f}`} className="button small" data-testid={`link-${name}-${f}`}>
          {f.toUpperCase()}
        </a>
      ))}
    </span>
  );
}

const withFormat = (base: string, format: 'csv' | 'xlsx' | 'json') => `${base}${base.includes('?') ? '&' : '?'}format=${format}${format === 'json' ? '&limit=100000' : ''}`;

export default function DataView() {
  const { t, num, text } = useI18n();
  const { model } = useApp();
  const fw = model.detail.id;
  const audit = useAsync(() => api.audit(fw), [fw]);
  const indicators = model.indicators.map((n) => n.code).join(',');

  return (
    <section aria-labelledby="data-title">
      <h2 id="data-title">{t('view_data')}</h2>
      <table className="downloads">
        <thead>
          <tr>
            <th>{t('table')}</th>
            <th className="num">{t('rows')}</th>
            <th>{t('downloads')}</th>
          </tr>
        </thead>
        <tbody>
          {model.levels.map((l) => (
            <tr key={l}>
              <td>
                {t('results_all_years')}: {text(model.framework.levelNames.get(l), String(l))}
              </td>
              <td />
              <td>
                <Links name={`${fw}_results_level${l}`} url={(f) => withFormat(`/api/frameworks/${fw}/results?year=all&level=${l}`, f)} />
              </td>
            </tr>
          ))}
          <tr>
            <td>{t('indicators')} ({t('raw_value')})</td>
            <td />
            <td>
              <Links name={`${fw}_indicator_values`} url={(f) => withFormat(`/api/indicator-values?indicator=${indicators}`, f)} />
            </td>
          </tr>
          <tr>
            <td>{t('countries_table')}</td>
            <td />
            <td>
              <Links name="countries" url={(f) => withFormat('/api/countries', f)} />
            </td>
          </tr>
        </tbody>
      </table>
      <h3>{t('data_tables')}</h3>
      {audit.status === 'error' ? (
        <Status error={audit.error} />
      ) : audit.status !== 'ready' ? (
        <Status />
      ) : (
        <>
          <p className="muted">{t('build_info', { id: audit.value.buildId, version: audit.value.specVersion })}</p>
          <table className="downloads">
            <tbody>
              {audit.value.tables.map((table) => (
                <tr key={table.name}>
                  <td>
                    <code>{table.name}</code>
                  </td>
                  <td className="num">{num(table.rows, 0)}</td>
                  <td>
                    <Links name={`${fw}_${table.name}`} url={(f) => withFormat(table.url, f)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {audit.value.warnings.length > 0 && (
            <details>
              <summary>
                {t('warnings')} ({audit.value.warnings.length})
              </summary>
              <ul className="plain">
                {audit.value.warnings.map((w, i) => (
                  <li key={i}>{(w as { message?: string }).message ?? JSON.stringify(w)}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
