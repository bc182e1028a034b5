import i18next, { type TFunction } from 'i18next';
import type { Language } from '../domain/access/roles.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  showSupportNotice: false,
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  // Texts go into JSON and plain-text mail; HTML templates escape at the point of use.
  interpolation: { escapeValue: false },
});

const translators: Record<Language, TFunction> = {
  en: instance.getFixedT('en'),
  'zh-CN': instance.getFixedT('zh-CN'),
};

export function translate(language: Language, key: string, params: Record<string, unknown> = {}): string {
  return translators[language](key, params);
}

/** Picks the first supported language from an Accept-Language header. */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return 'en';
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
