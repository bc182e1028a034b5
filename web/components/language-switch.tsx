import Button from 'antd/es/button';
import App from 'antd/es/app';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';
import { WEB_LANGUAGES, type WebLanguage } from '../i18n';
import { useAction } from './form-dialog';
import { problemText } from './problem';

/** Two buttons named in their own language ("English", "中文"), so a reader of either can find theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { changeLanguage } = useSession();
  const { message } = App.useApp();
  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const choose = (language: WebLanguage) =>
    run(async () => {
      await changeLanguage(language);
    });
  return (
    <div role="group" aria-label={t('language.label')} style={{ display: 'inline-flex', gap: 4 }}>
      {WEB_LANGUAGES.map((language) => (
        <Button
          key={language}
          size="small"
          type={i18n.language === language ? 'primary' : 'default'}
          aria-pressed={i18n.language === language}
          lang={language}
          onClick={() => void choose(language)}
        >
          {t(`language.${language}`)}
        </Button>
      ))}
    </div>
  );
}
