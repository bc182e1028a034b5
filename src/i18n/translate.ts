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

/*
 * Every text of CaseDesk is a plain template with `{{name}}` places (no plurals, contexts or nesting), and i18next's
 * full resolution for each call cost more than the rest of a mail's rendering. So each text is looked up once per
 * language and filled in directly; whatever the shortcut cannot fill exactly as i18next would (a missing key, a
 * place without a plain value) still goes to i18next.
 */
const PLACE = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const templates = new Map<string, string | null>();

function templateOf(language: Language, key: string): string | null {
  const cacheKey = `${language}\u0000${key}`;
  let template = templates.get(cacheKey);
  if (template === undefined) {
    const found: unknown = instance.getResource(language, 'translation', key) ?? instance.getResource('en', 'translation', key);
    template = typeof found === 'string' && !found.includes('$t(') ? found : null;
    templates.set(cacheKey, template);
  }
  return template;
}

/** Whether the catalogue has this text (in English, which every text has). */
export function hasText(key: string): boolean {
  return typeof instance.getResource('en', 'translation', key) === 'string';
}

export function translate(language: Language, key: string, params: Record<string, unknown> = {}): string {
  const template = templateOf(language, key);
  if (template !== null && !('count' in params) && !('context' in params)) {
    let filled = true;
    const text = template.replace(PLACE, (place, name: string) => {
      const value = params[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      filled = false;
      return place;
    });
    if (filled) return text;
  }
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
