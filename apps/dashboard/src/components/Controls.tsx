import { useApp, useBase } from '../lib/context';
import { useI18n } from '../lib/i18n';

/** The year slider shared by the views; the year is kept in the URL. */
export function YearSlider() {
  const { t } = useI18n();
  const { model, year, go, params } = useApp();
  const years = model.years;
  if (years.length <= 1) return years.length === 1 ? <span className="muted">{years[0]}</span> : null;
  const index = Math.max(0, years.indexOf(year));
  const view = (location.hash.replace(/^#\/?/, '').split('?')[0] || 'map') as Parameters<typeof go>[0];
  return (
    <label className="year">
      <span>
        {t('year')} <strong data-testid="year-value">{year}</strong>
      </span>
      <input
        type="range"
        min={0}
        max={years.length - 1}
        step={1}
        value={index}
        aria-valuetext={String(year)}
        onChange={(e) => go(view, { ...Object.fromEntries(params), year: String(years[Number(e.target.value)]) }, true)}
        data-testid="year"
      />
    </label>
  );
}

/** Select a country among `units`, named in the interface language. */
export function CountrySelect({ units, value, onChange, label, testId }: { units: readonly string[]; value: string; onChange: (iso3: string) => void; label: string; testId?: string }) {
  const { name } = useBase();
  const { lang } = useI18n();
  const sorted = [...units].sort((a, b) => name(a).localeCompare(name(b), lang === 'zh' ? 'zh-CN' : 'en'));
  return (
    <label>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {value === '' && <option value="">–</option>}
        {sorted.map((u) => (
          <option key={u} value={u}>
            {name(u)}
          </option>
        ))}
      </select>
    </label>
  );
}
