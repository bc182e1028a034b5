import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CURRENT_SESSION_PATH, peekPrefetched, setApiLanguage } from '../api/client';
import { en, type WebCatalogue } from './en';
import { initialLanguage, safeStorage, STORAGE_KEY, type WebLanguage } from './initial-language';

export { initialLanguage, WEB_LANGUAGES, type WebLanguage } from './initial-language';

export function isWebLanguage(value: unknown): value is WebLanguage {
  return value === 'en' || value === 'zh-CN';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  initAsync: false,
  showSupportNotice: false,
  lng: initialLanguage(),
  fallbackLng: 'en',
  // English is bundled (it is the fallback); Chinese comes in its own chunk when it is the language in use.
  resources: { en: { translation: en } },
  // React escapes on render; escaping here too would show "&lt;" to users.
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocumentLanguage(i18n.language as WebLanguage);

/** Each language's texts; a first visit in English downloads no Chinese, and the other way round only English. */
const CATALOGUES: Record<WebLanguage, () => Promise<WebCatalogue>> = {
  en: () => Promise.resolve(en),
  'zh-CN': async () => (await import('./zh-CN')).zhCN,
};

async function loadCatalogue(language: WebLanguage): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  i18n.addResourceBundle(language, 'translation', await CATALOGUES[language]());
}

/**
 * The language of the first render. A signed-in user's own language wins over this browser's: the boot script has
 * already asked for the session, so waiting for it here costs nothing (the app waits for it anyway), and the app
 * renders once in the right language instead of once in the browser's and again after the session arrives.
 */
async function firstLanguage(): Promise<WebLanguage> {
  try {
    const response = await peekPrefetched(CURRENT_SESSION_PATH);
    if (response?.ok) {
      const language = ((await response.json()) as { user?: { language?: unknown } }).user?.language;
      if (isWebLanguage(language)) return language;
    }
  } catch {
    // No early answer, or not one to read: this browser's language, as before sign-in.
  }
  return initialLanguage();
}

/** Resolves once the first language's texts are in; the app renders after it, so nothing shows in the wrong language. */
export const languageReady: Promise<void> = firstLanguage().then(async (language) => {
  try {
    await loadCatalogue(language);
    await i18n.changeLanguage(language);
    applyDocumentLanguage(language);
  } catch {
    // The Chinese chunk did not arrive (a dropped connection): the app still starts, in English, rather than blank.
    await i18n.changeLanguage('en');
    applyDocumentLanguage('en');
  }
});

export async function switchLanguage(language: WebLanguage): Promise<void> {
  safeStorage()?.setItem(STORAGE_KEY, language);
  await loadCatalogue(language);
  await i18n.changeLanguage(language);
  applyDocumentLanguage(language);
}

function applyDocumentLanguage(language: WebLanguage): void {
  document.documentElement.lang = language;
  setApiLanguage(language);
}
