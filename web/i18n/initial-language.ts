/*
 * The language a page starts in, apart from the i18n setup so that the boot script (web/boot.ts) can tell it too
 * without loading i18next.
 */
export const WEB_LANGUAGES = ['en', 'zh-CN'] as const;
export type WebLanguage = (typeof WEB_LANGUAGES)[number];

export const STORAGE_KEY = 'casedesk.language';

/** Before sign-in: the last language chosen on this browser, else the browser's own preference. */
export function initialLanguage(): WebLanguage {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.languages?.some((tag) => tag.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
