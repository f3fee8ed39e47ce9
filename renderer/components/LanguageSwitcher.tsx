import { LANGUAGES, useI18n, useT, type Language } from '../i18n';
import { useUi } from '../stores/ui';

export function LanguageSwitcher() {
  const t = useT();
  const lang = useI18n((s) => s.lang);
  const setLang = useI18n((s) => s.setLang);
  return (
    <div className="lang-switcher" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((l: Language) => (
        <button
          key={l}
          type="button"
          className={l === lang ? 'chip chip-active' : 'chip'}
          aria-pressed={l === lang}
          lang={l}
          onClick={() => {
            // Messages on screen were written in the old language: clear them rather than mix languages.
            if (l !== lang) useUi.setState({ toasts: [] });
            setLang(l);
          }}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
