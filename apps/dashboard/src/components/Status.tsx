import { useI18n } from '../lib/i18n';

/** Loading, or an error with the server's message. */
export function Status({ error }: { error?: Error }) {
  const { t } = useI18n();
  if (error)
    return (
      <p className="notice error" role="alert">
        {t('error', { message: error.message })}
      </p>
    );
  return (
    <p className="notice" aria-live="polite">
      {t('loading')}
    </p>
  );
}
