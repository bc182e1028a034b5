/** The end time alone when the window starts and ends on the same day; the full date and time otherwise. */
export function windowEnd(startIso: string, endIso: string, language: string, fullDateTime: (iso: string) => string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(end.getTime()) || start.toDateString() !== end.toDateString()) return fullDateTime(endIso);
  return new Intl.DateTimeFormat(language === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeStyle: 'short' }).format(end);
}
