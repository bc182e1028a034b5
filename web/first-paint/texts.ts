/**
 * The few texts the queue's first paint shows (web/first-paint/queue-preview.ts), picked from the web catalogues at
 * build time (web/vite.config.ts) so that the boot script carries a few hundred bytes of each language, not both
 * catalogues.
 */
export const FIRST_PAINT_KEYS = [
  'app.name',
  'queues.title',
  'queues.column',
  'queues.selectCase',
  'queues.selectAll',
  'queues.firstResponseMet',
  'queues.firstResponseLate',
  'queues.breached',
  'queues.empty',
  'status',
  'level.label',
  'level.1',
  'level.2',
  'level.3',
  'level.4',
  'common.none',
  'case.unassigned',
  'case.noEscalation',
  'duration.minutes',
  'duration.hoursMinutes',
  'duration.daysHours',
  'duration.in',
  'duration.overdue',
] as const;

/** Dotted key → text (a picked sub-catalogue, such as `status`, is flattened into `status.new`, …). */
export type FirstPaintTexts = Record<string, string>;

/** The texts of `FIRST_PAINT_KEYS` out of one language's catalogue; a key the catalogue lacks fails the build. */
export function pickFirstPaintTexts(catalogue: object): FirstPaintTexts {
  const texts: FirstPaintTexts = {};
  const flatten = (key: string, value: unknown) => {
    if (typeof value === 'string') texts[key] = value;
    else if (value && typeof value === 'object') for (const [part, inner] of Object.entries(value)) flatten(`${key}.${part}`, inner);
  };
  for (const key of FIRST_PAINT_KEYS) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);
    if (value === undefined) throw new Error(`first paint: the catalogue has no ${key}`);
    flatten(key, value);
  }
  return texts;
}
