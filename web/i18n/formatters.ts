/** A locale's `Intl` formatters: built once, since each costs milliseconds to build. */
export interface LocaleFormatters {
  dateTime: Intl.DateTimeFormat;
  date: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
}

/** The locale whose dates and numbers a web app language reads. */
export function formatLocale(language: string): string {
  return language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/**
 * Kept on the page (like the boot script's prefetched answers, web/api/client.ts) so that the formatters the boot
 * script builds while the application's scripts download are the ones the application uses: the first formatters of a
 * fresh page cost tens of milliseconds (the locale's data is loaded), better spent while the main thread waits.
 */
const built = ((globalThis as { casedeskFormatters?: Map<string, LocaleFormatters> }).casedeskFormatters ??= new Map());

export function formattersOf(locale: string): LocaleFormatters {
  let formatters = built.get(locale);
  if (!formatters) {
    formatters = {
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
      number: new Intl.NumberFormat(locale),
    };
    built.set(locale, formatters);
  }
  return formatters;
}
