import { useT, type MessageKey } from '../../i18n';

/** Stand-in for a manager screen not written yet. */
export function Placeholder({ title }: { title: MessageKey }) {
  const t = useT();
  return (
    <section className="screen placeholder">
      <h1>{t(title)}</h1>
      <p>{t('nav.placeholder')}</p>
    </section>
  );
}
