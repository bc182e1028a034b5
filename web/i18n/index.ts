import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import { en } from './en';
import { zhCN } from './zh-CN';

export const WEB_LANGUAGES = ['en', 'zh-CN'] as const;
export type WebLanguage = (typeof WEB_LANGUAGES)[number];

const STORAGE_KEY = 'casedesk.language';

/** Before sign-in: the last language chosen on this browser, else the browser's own preference. */
export function initialLanguage(): WebLanguage {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.languages?.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function isWebLanguage(value: unknown): value is WebLanguage {
  return value === 'en' || value === 'zh-CN';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  initAsync: false,
  showSupportNotice: false,
  lng: initialLanguage(),
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  // React escapes on render; escaping here too would show "&lt;" to users.
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocumentLanguage(i18n.language as WebLanguage);

export async function switchLanguage(language: WebLanguage): Promise<void> {
  safeStorage()?.setItem(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
  applyDocumentLanguage(language);
}

function applyDocumentLanguage(language: WebLanguage): void {
  document.documentElement.lang = language;
  setApiLanguage(language);
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
